/**
 * The feature spec: every vocabulary and size the feature functions and the
 * model agree on. It is plain data, written into the model manifest, so the
 * browser computes exactly the features the model was trained on.
 */
import type { Catalogue } from '../catalogue/types';

/** Index reserved for a missing value in every vocabulary. */
export const MISSING = 0;
/** Index reserved for a value the vocabulary does not know (a new product, brand, …). */
export const UNKNOWN = 1;
/** First index of a real vocabulary entry. */
export const FIRST_ID = 2;

/** Vocabularies, each mapped to indices starting at {@link FIRST_ID}. */
export interface Vocabularies {
  items: string[];
  categories: string[];
  brands: string[];
  colours: string[];
  tags: string[];
  /** Upper edges of the price bands; band `i` holds prices `<= priceBandEdges[i]`, the last band the rest. */
  priceBandEdges: number[];
}

/** Sizes and constants of the feature functions. */
export interface FeatureSpec {
  /** 2 since the within-category price features ({@link FeatureSpec.categoryLogPrice}). */
  format: 2;
  /** Number of recent behaviour events the shopper encoder reads. */
  recentLength: number;
  /** Number of hashed title tokens per product. */
  titleTokens: number;
  /** Hash buckets for title tokens (index 0 is padding). */
  titleBuckets: number;
  /** Half-life of the profile's decayed affinities, in hours. */
  halfLifeHours: number;
  /** A gap longer than this starts a new session, in minutes. */
  sessionGapMinutes: number;
  /** Largest bid, used to scale bids into [0, 1]. */
  maxBid: number;
  /** Largest price, used to scale prices into [0, 1] on a log scale. */
  maxPrice: number;
  /** Slot count used to scale positions into [0, 1]. */
  maxSlot: number;
  vocab: Vocabularies;
  /**
   * Mean and standard deviation of ln(price) per category, aligned with
   * `vocab.categories`: "expensive" means expensive for its category, so a
   * shopper who buys the dearer lamps and the dearer shoes has one price level.
   */
  categoryLogPrice: LogPriceStats[];
}

/** A price this many standard deviations from its category's mean is treated as this far. */
export const PRICE_Z_LIMIT = 3;
/** Smallest standard deviation used for a category (one with a single price has none). */
const MIN_LOG_PRICE_SD = 0.05;

/** Mean and standard deviation of ln(price) of one category. */
export interface LogPriceStats {
  mean: number;
  sd: number;
}

/**
 * Where a price stands among prices with these statistics: (ln price − mean) / sd,
 * clipped to ±{@link PRICE_Z_LIMIT}.
 * @returns `NaN` when the price is missing or not positive, or there are no statistics.
 */
export function priceZWithin(stats: LogPriceStats | undefined, price: number | null): number {
  if (!stats || price === null || !Number.isFinite(price) || price <= 0) return Number.NaN;
  const z = (Math.log(price) - stats.mean) / Math.max(MIN_LOG_PRICE_SD, stats.sd);
  return Math.max(-PRICE_Z_LIMIT, Math.min(PRICE_Z_LIMIT, z));
}

/**
 * Where a price stands within its category ({@link priceZWithin} with the
 * category's statistics).
 * @returns `NaN` when the price is missing or not positive, or the category is not in the spec.
 * @example priceZ(spec, 'lamps', 120) // above 0: a lamp dearer than most lamps
 */
export function priceZ(spec: FeatureSpec, category: string, price: number | null): number {
  return priceZWithin(spec.categoryLogPrice[spec.vocab.categories.indexOf(category)], price);
}

/**
 * Mean and standard deviation of ln(price) of each category's priced products.
 * A category without priced products gets the whole catalogue's.
 */
function categoryLogPrices(catalogue: Catalogue, categories: string[]): LogPriceStats[] {
  const moments = (logs: number[]): LogPriceStats => {
    const mean = logs.reduce((a, b) => a + b, 0) / Math.max(1, logs.length);
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logs.length));
    return { mean, sd };
  };
  const logsOf = (items: Catalogue['items']): number[] =>
    items.flatMap((i) => (i.price !== null && Number.isFinite(i.price) && i.price > 0 ? [Math.log(i.price)] : []));
  const all = moments(logsOf(catalogue.items));
  return categories.map((slug) => {
    const logs = logsOf(catalogue.items.filter((i) => i.category === slug));
    return logs.length > 0 ? moments(logs) : all;
  });
}

/** Number of price bands derived from {@link Vocabularies.priceBandEdges}. */
export function priceBandCount(spec: FeatureSpec): number {
  return spec.vocab.priceBandEdges.length + 1;
}

/**
 * Derives a feature spec from a catalogue: vocabularies in catalogue order and
 * price bands at the catalogue's price quintiles.
 * @param catalogue - the shop's catalogue.
 * @param overrides - sizes to change from the defaults.
 * @returns a new spec; the catalogue is not modified.
 * @example
 * const spec = buildFeatureSpec(catalogue, { recentLength: 8 });
 */
export function buildFeatureSpec(catalogue: Catalogue, overrides: Partial<Omit<FeatureSpec, 'vocab' | 'format'>> = {}): FeatureSpec {
  const uniq = (values: Array<string | null>): string[] => [...new Set(values.filter((v): v is string => v !== null))];
  const prices = catalogue.items
    .map((i) => i.price)
    .filter((p): p is number => p !== null)
    .sort((a, b) => a - b);
  const quantile = (q: number): number => prices[Math.min(prices.length - 1, Math.floor(q * prices.length))] ?? 0;
  const edges = prices.length ? [0.2, 0.4, 0.6, 0.8].map(quantile) : [];
  const categories = uniq(catalogue.categories.map((c) => c.slug).concat(catalogue.items.map((i) => i.category)));
  return {
    format: 2,
    recentLength: 10,
    titleTokens: 8,
    titleBuckets: 512,
    halfLifeHours: 24 * 14,
    sessionGapMinutes: 30,
    maxBid: Math.max(1, ...catalogue.ads.map((a) => a.bid)),
    maxPrice: Math.max(1, ...prices),
    maxSlot: 32,
    ...overrides,
    vocab: {
      items: catalogue.items.map((i) => i.id),
      categories,
      brands: uniq(catalogue.items.map((i) => i.brand)).sort(),
      colours: uniq(catalogue.items.map((i) => i.colour)).sort(),
      tags: uniq(catalogue.items.flatMap((i) => i.tags)).sort(),
      priceBandEdges: edges,
    },
    categoryLogPrice: categoryLogPrices(catalogue, categories),
  };
}
