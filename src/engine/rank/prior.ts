/**
 * The popularity prior: what the shop's logs say about each product's click
 * rate, for a shopper the network knows little about yet. A shopper with no
 * actions gets pCTR blended with the prior; the prior's weight halves as the
 * shopper's own clicks, carts and purchases come in. Plain data, shipped in
 * the model manifest (`prior`), fitted and its weights chosen on validation
 * shoppers by `npm run train`.
 */
import type { Profile } from '../features/profile';
import { ConfigError } from '../errors';

/** A per-item click prior and how strongly it is blended into pCTR. */
export interface PopularityPrior {
  /** Each product's smoothed click rate in the training logs, as a logit, by item id. */
  clickLogit: Record<string, number>;
  /** The logit for a product with no logged impressions (the logs' overall click rate). */
  defaultLogit: number;
  /** Blend weight in [0, 1] for a shopper with no actions. */
  weight: number;
  /** Actions (clicks, carts, purchases, ad clicks) at which the weight has halved; > 0. */
  halfActions: number;
}

/** Event types that count as a shopper's own actions for {@link priorWeight}. */
export const ACTION_TYPES = ['click', 'cart', 'purchase', 'ad_click'] as const;

/**
 * The shopper's actions so far: clicks, carts, purchases and ad clicks
 * (impressions say little about a shopper and do not count).
 * @example countActions(emptyProfile(spec)) // 0
 */
export function countActions(profile: Pick<Profile, 'counts'>): number {
  let n = 0;
  for (const t of ACTION_TYPES) n += profile.counts[t] ?? 0;
  return n;
}

/**
 * The prior's blend weight after `actions` actions: `weight x half / (half + actions)`,
 * times the shopper's scale learned on the device, kept within [0, 1].
 * @param scale - 1 as shipped.
 * @example priorWeight({ ...prior, weight: 0.6, halfActions: 2 }, 2) // 0.3
 */
export function priorWeight(prior: Pick<PopularityPrior, 'weight' | 'halfActions'>, actions: number, scale = 1): number {
  return Math.min(1, Math.max(0, (scale * prior.weight * prior.halfActions) / (prior.halfActions + Math.max(0, actions))));
}

const EPS = 1e-7;
const logit = (p: number): number => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};

/**
 * pCTR blended with the prior in logit space: `sigmoid((1 - w) logit(pCTR) + w priorLogit)`.
 * @param pctr - the network's click probability.
 * @param priorLogit - the product's prior logit ({@link priorLogitOf}).
 * @param w - blend weight ({@link priorWeight}); 0 returns `pctr` unchanged.
 * @example blendClick(0.1, 0, 0) // 0.1
 */
export function blendClick(pctr: number, priorLogit: number, w: number): number {
  if (w === 0) return pctr;
  return 1 / (1 + Math.exp(-((1 - w) * logit(pctr) + w * priorLogit)));
}

/** The prior logit of a product; a product the logs never showed gets `defaultLogit`. */
export function priorLogitOf(prior: Pick<PopularityPrior, 'clickLogit' | 'defaultLogit'>, itemId: string): number {
  return Object.hasOwn(prior.clickLogit, itemId) ? prior.clickLogit[itemId]! : prior.defaultLogit;
}

/**
 * One product's pCTR and pCTCVR with the prior blended in at weight `w`.
 * pCTCVR is scaled with pCTR, so the conversion rate pCVR the network
 * predicts is kept (ESMM: pCTCVR = pCTR x pCVR).
 * @example blendProduct(prior, 'p1', 0, { click: 0.1, purchase: 0.01 }) // unchanged
 */
export function blendProduct(
  prior: PopularityPrior,
  itemId: string,
  w: number,
  scores: { click: number; purchase: number },
): { click: number; purchase: number } {
  const click = blendClick(scores.click, priorLogitOf(prior, itemId), w);
  return { click, purchase: scores.click > 0 ? (scores.purchase * click) / scores.click : 0 };
}

/**
 * Blends the prior into the first `itemIds.length` products' scores, in
 * place ({@link blendProduct}).
 * @param prior - the manifest's prior, or null for none (nothing changes).
 * @param itemIds - the products' ids, in score order.
 * @param actions - the shopper's actions so far ({@link countActions}).
 * @param click - pCTR per candidate; products first.
 * @param purchase - pCTCVR per candidate, same order.
 * @param scale - the shopper's scale on the weight, learned on the device ({@link priorWeight}).
 * @returns the weight blended in (the prior's share of each score), or `null` without a prior.
 */
export function applyPrior(
  prior: PopularityPrior | null,
  itemIds: readonly string[],
  actions: number,
  click: Float32Array,
  purchase: Float32Array,
  scale = 1,
): number | null {
  if (prior === null) return null;
  const w = priorWeight(prior, actions, scale);
  if (w === 0) return w;
  itemIds.forEach((id, i) => {
    const b = blendProduct(prior, id, w, { click: click[i]!, purchase: purchase[i]! });
    click[i] = b.click;
    purchase[i] = b.purchase;
  });
  return w;
}

/**
 * Checks a manifest's `prior`; an absent prior is `null` (pCTR is served as the network gives it).
 * @throws {ConfigError} naming the field that is malformed.
 * @example validatePrior(undefined) // null
 */
export function validatePrior(input: unknown): PopularityPrior | null {
  if (input === undefined || input === null) return null;
  const fail = (what: string): never => {
    throw new ConfigError(`model manifest: prior.${what}. Redeploy models/ from \`npm run train\`.`);
  };
  if (typeof input !== 'object') return fail('must be an object');
  const p = input as Partial<Record<keyof PopularityPrior, unknown>>;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!finite(p.weight) || p.weight < 0 || p.weight > 1) fail(`weight must be a number in [0, 1], got ${JSON.stringify(p.weight)}`);
  if (!finite(p.halfActions) || p.halfActions <= 0) fail(`halfActions must be a number > 0, got ${JSON.stringify(p.halfActions)}`);
  if (!finite(p.defaultLogit)) fail(`defaultLogit must be a finite number, got ${JSON.stringify(p.defaultLogit)}`);
  if (typeof p.clickLogit !== 'object' || p.clickLogit === null || Array.isArray(p.clickLogit)) fail('clickLogit must be an object of item id to logit');
  const clickLogit: Record<string, number> = {};
  for (const [id, v] of Object.entries(p.clickLogit as object)) {
    if (!finite(v)) fail(`clickLogit["${id}"] must be a finite number, got ${JSON.stringify(v)}`);
    clickLogit[id] = v as number;
  }
  return { clickLogit, defaultLogit: p.defaultLogit as number, weight: p.weight as number, halfActions: p.halfActions as number };
}
