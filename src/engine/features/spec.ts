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
  format: 1;
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
  return {
    format: 1,
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
      categories: uniq(catalogue.categories.map((c) => c.slug).concat(catalogue.items.map((i) => i.category))),
      brands: uniq(catalogue.items.map((i) => i.brand)).sort(),
      colours: uniq(catalogue.items.map((i) => i.colour)).sort(),
      tags: uniq(catalogue.items.flatMap((i) => i.tags)).sort(),
      priceBandEdges: edges,
    },
  };
}
