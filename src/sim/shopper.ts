/**
 * Simulated shoppers and their hidden tastes. The tastes are the ground truth
 * the recommender never sees: it only sees the events they cause.
 */
import type { Rng } from './random';
import type { CatalogueStats } from './stats';

/** A shopper's hidden tastes. Plain data, so a world can be inspected or saved as JSON. */
export interface ShopperTastes {
  /**
   * Category slug → share of interest, summing to 1. Drawn from a Dirichlet
   * with alpha {@link CATEGORY_ALPHA}, so most shoppers care about 2–3 categories.
   */
  readonly categories: Readonly<Record<string, number>>;
  /** Brands the shopper likes; empty for about a quarter of shoppers. */
  readonly brands: readonly string[];
  /** One or two favourite colours. */
  readonly colours: readonly string[];
  /**
   * Preferred price within a category, in standard deviations of the
   * category's log price: 0 = typical, +1 = pricier, −1 = cheaper.
   */
  readonly priceLevel: number;
  /** How strongly a price away from `priceLevel` puts the shopper off (about 0.3–2). */
  readonly priceSensitivity: number;
  /**
   * Tag → affinity (about −0.5 to 2.5): mostly the tags typical of the
   * shopper's categories, plus two or three personal lifestyle tags.
   */
  readonly tags: Readonly<Record<string, number>>;
  /** Relative visit rate, mean 1 (Gamma(2, 0.5)): scales the number of sessions. */
  readonly activity: number;
}

/** A simulated shopper. */
export interface SimShopper {
  /** `s0001`, `s0002`, … */
  readonly id: string;
  readonly tastes: ShopperTastes;
}

/** Dirichlet concentration of category interest; small, so tastes are sparse. */
export const CATEGORY_ALPHA = 0.15;

/**
 * Formats the id of the `n`-th shopper (1-based).
 * @param n Shopper number, from 1.
 * @returns For example `"s0001"`.
 * @example shopperId(12) // "s0012"
 */
export function shopperId(n: number): string {
  return `s${String(n).padStart(4, '0')}`;
}

/**
 * Draws one shopper's tastes.
 *
 * Category interest is sparse (Dirichlet); liked brands come mostly from the
 * shopper's top categories; tag affinities follow the tags of those categories
 * plus a few personal lifestyle tags, so "interests" are coherent with what
 * the shopper clicks.
 *
 * @param id Shopper id.
 * @param stats The indexed catalogue the shopper will shop in.
 * @param rng The shopper's own stream (fork it per shopper so shoppers are independent).
 * @returns The shopper.
 * @example sampleShopper('s0001', computeCatalogueStats(cat), new Rng(7).fork('shopper:s0001'))
 */
export function sampleShopper(id: string, stats: CatalogueStats, rng: Rng): SimShopper {
  const K = stats.categories.length;
  const share = rng.dirichlet(stats.categories.map(() => CATEGORY_ALPHA));
  const categories: Record<string, number> = {};
  stats.categories.forEach((slug, c) => {
    categories[slug] = share[c] as number;
  });
  const ranked = share.map((p, c) => ({ p, c })).sort((a, b) => b.p - a.p || a.c - b.c);

  // Brands: none for a quarter of shoppers; otherwise 1–3, each from a top
  // category (by interest), with an occasional brand from anywhere.
  const brands: string[] = [];
  if (!rng.chance(0.25)) {
    const want = rng.intBetween(1, 3);
    const top = ranked.slice(0, Math.min(3, K));
    for (let tries = 0; brands.length < want && tries < 12; tries++) {
      const c = rng.chance(0.85) ? (top[rng.weightedIndex(top.map((t) => t.p + 1e-6))] as { c: number }).c : rng.int(K);
      const pool = stats.categoryBrands[c] ?? [];
      if (pool.length === 0) continue;
      const brand = rng.pick(pool);
      if (!brands.includes(brand)) brands.push(brand);
    }
  }

  const colours = stats.colours.length > 0 ? rng.sample(stats.colours, rng.chance(0.5) ? 1 : 2) : [];

  // Tags: what the shopper's categories carry, plus personal lifestyle tags.
  const T = stats.tags.length;
  const base = new Float64Array(T);
  share.forEach((p, c) => {
    const row = stats.categoryTagShare[c] as Float64Array;
    for (let t = 0; t < T; t++) base[t]! += p * (row[t] as number);
  });
  const lifestyle = new Set<number>();
  const nLifestyle = rng.intBetween(2, 3);
  const lifestyleWeights = Array.from(base, (b) => b + 0.05);
  while (lifestyle.size < Math.min(nLifestyle, T)) lifestyle.add(rng.weightedIndex(lifestyleWeights));
  const tags: Record<string, number> = {};
  stats.tags.forEach((tag, t) => {
    const value = 2 * (base[t] as number) + (lifestyle.has(t) ? 1 : 0) + rng.normal(0, 0.15) - 0.25;
    tags[tag] = Math.round(value * 1000) / 1000;
  });

  return {
    id,
    tastes: {
      categories,
      brands,
      colours,
      priceLevel: rng.normal(0, 0.7),
      priceSensitivity: Math.min(2, Math.max(0.3, 0.8 * Math.exp(rng.normal(0, 0.4)))),
      tags,
      activity: rng.gamma(2, 0.5),
    },
  };
}
