/**
 * The simulated shop world: a catalogue, a population of shoppers with hidden
 * tastes, and a hidden quality per item. Everything is derived from one seed.
 */
import type { Catalogue } from '../engine/catalogue/types';
import { relevanceVector } from './behaviour';
import { Rng } from './random';
import { sampleShopper, shopperId, type SimShopper } from './shopper';
import { computeCatalogueStats, type CatalogueStats } from './stats';

/** Options of {@link createWorld}. */
export interface WorldOptions {
  /** Seed of the world's tastes and item qualities. */
  seed: number;
  catalogue: Catalogue;
  /** Number of shoppers, a positive integer. */
  shoppers: number;
}

/** A simulated shop world. Treat it as read-only; the behaviour functions cache per world. */
export interface World {
  readonly seed: number;
  readonly catalogue: Catalogue;
  /** The catalogue as dense arrays. */
  readonly stats: CatalogueStats;
  /** `s0001` … in order. */
  readonly shoppers: readonly SimShopper[];
  /**
   * Hidden item quality (logit units, mean 0, sd ≈ 0.5): a brand reputation
   * plus an item effect. Aligned with `stats.itemIds`.
   */
  readonly itemQuality: Float64Array;
  /**
   * All item ids, bestsellers first: ordered by the mean P(click | examined)
   * over a fixed reference population of 400 shoppers, so the order does not
   * depend on how many shoppers this world has.
   */
  readonly popularity: readonly string[];
  /** Category slug → its item ids, bestsellers first. */
  readonly categoryPopularity: ReadonlyMap<string, readonly string[]>;
}

/** Size of the reference population behind {@link World.popularity}. */
const REFERENCE_SHOPPERS = 400;

/**
 * Creates a world.
 *
 * Shopper `n` is drawn from its own stream (`seed/world/shopper:s000n`), so a
 * world with more shoppers contains the smaller world's shoppers unchanged.
 *
 * @param options Seed, catalogue and number of shoppers; not modified.
 * @returns The world.
 * @throws {RangeError} when `shoppers` is not a positive integer, `seed` is
 *   not a finite number, or the catalogue has no items.
 * @example
 * const world = createWorld({ seed: 1, catalogue: generateCatalogue(), shoppers: 800 });
 * world.shoppers[0].tastes.categories // { shoes: 0.71, books: 0.22, … }
 */
export function createWorld(options: WorldOptions): World {
  const { seed, catalogue, shoppers } = options;
  if (!Number.isInteger(shoppers) || shoppers <= 0) {
    throw new RangeError(`createWorld: shoppers must be a positive integer, got ${shoppers}.`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`createWorld: seed must be a finite number, got ${seed}.`);
  if (catalogue.items.length === 0) {
    throw new RangeError('createWorld: the catalogue has no items; generate one with generateCatalogue().');
  }
  const root = new Rng(seed).fork('world');
  const stats = computeCatalogueStats(catalogue);

  const qRng = root.fork('quality');
  const reputation = new Map<string, number>();
  const itemQuality = Float64Array.from(catalogue.items, (item) => {
    let brandEffect = 0;
    if (item.brand !== null) {
      if (!reputation.has(item.brand)) reputation.set(item.brand, qRng.normal(0, 0.25));
      brandEffect = reputation.get(item.brand) as number;
    }
    return brandEffect + qRng.normal(0, 0.45);
  });

  const people = Array.from({ length: shoppers }, (_, k) => {
    const id = shopperId(k + 1);
    return sampleShopper(id, stats, root.fork(`shopper:${id}`));
  });

  const draft: World = {
    seed,
    catalogue,
    stats,
    shoppers: people,
    itemQuality,
    popularity: [],
    categoryPopularity: new Map(),
  };
  const mean = new Float64Array(stats.itemIds.length);
  const refRng = root.fork('reference');
  for (let k = 0; k < REFERENCE_SHOPPERS; k++) {
    const ref = sampleShopper(`ref${k}`, stats, refRng.fork(String(k)));
    const rel = relevanceVector(draft, ref);
    for (let i = 0; i < mean.length; i++) mean[i]! += rel[i] as number;
  }
  const order = stats.itemIds.map((_, i) => i).sort((a, b) => (mean[b] as number) - (mean[a] as number) || a - b);
  const popularity = order.map((i) => stats.itemIds[i] as string);
  const categoryPopularity = new Map<string, string[]>(stats.categories.map((slug) => [slug, []]));
  for (const i of order) {
    (categoryPopularity.get(stats.categories[stats.itemCategory[i] as number] as string) as string[]).push(stats.itemIds[i] as string);
  }
  return { ...draft, popularity, categoryPopularity };
}
