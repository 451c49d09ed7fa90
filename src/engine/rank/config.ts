/**
 * Ranking config: how the heads' scores become one order, and how ads are
 * placed. Plain data, shipped in the model manifest.
 */
import { ConfigError } from '../errors';

/** How a page is ranked. */
export interface RankingConfig {
  /** Weight of pCTR in the fused product score. */
  clickWeight: number;
  /** Weight of expected revenue, pCTCVR x price / reference price. */
  revenueWeight: number;
  /** Price that counts as 1 in the revenue term (the catalogue's median price). */
  referencePrice: number;
  /** Ads whose pAdClick is below this are not shown; the slot gets a product. */
  adRelevanceFloor: number;
  /** At most this many products of one category in the first 12 product slots (0 = no cap). */
  categoryCap: number;
  /** A product the shopper bought in the last this many days goes after every other product, and gets no ad (0 = off). */
  boughtLastDays: number;
}

/** Defaults for {@link RankingConfig}. */
export const DEFAULT_RANKING: RankingConfig = {
  clickWeight: 1,
  revenueWeight: 0.5,
  referencePrice: 50,
  adRelevanceFloor: 0.002,
  categoryCap: 6,
  boughtLastDays: 30,
};

/**
 * Copies a ranking config, fills defaults and checks every field.
 * @throws {ConfigError} naming the invalid field.
 */
export function validateRankingConfig(input: Partial<RankingConfig> = {}): RankingConfig {
  const c = { ...DEFAULT_RANKING, ...input };
  for (const k of Object.keys(DEFAULT_RANKING) as Array<keyof RankingConfig>) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ConfigError(`ranking config: ${k} must be a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  if (c.referencePrice === 0) throw new ConfigError('ranking config: referencePrice must be > 0');
  return c;
}
