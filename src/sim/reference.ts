/**
 * A reference learner for the on-device benchmark: how well could anything
 * rank for a shopper, knowing only that shopper's clicks?
 *
 * It is given what no real engine has, the simulator's exact click model and
 * every item's true quality, and estimates the hidden tastes from the clicks
 * with the priors the simulator draws them from. Ranking by the click model
 * with those estimates sets the scale for what fine-tuning on the same clicks
 * can reasonably add; it is a reference, not a proof of an upper bound.
 */
import { CATEGORY_ALPHA, type ShopperTastes, type SimShopper } from './shopper';
import type { World } from './world';

/** Standard deviation of the simulator's price levels (see `sampleShopper`). */
const PRICE_LEVEL_SD = 0.7;
/** Median price sensitivity of the simulator's shoppers. */
const TYPICAL_SENSITIVITY = 0.8;
/** A brand or colour clicked at least this often counts as liked. */
const LIKED_AFTER = 2;

/**
 * Estimates a shopper's tastes from the items they clicked.
 *
 * - Category shares: the mean of the Dirichlet posterior (the simulator draws
 *   shares from a Dirichlet with alpha {@link CATEGORY_ALPHA}).
 * - Brands and colours: those clicked at least twice (colours: at most two).
 * - Price level: the mean price position of the clicked items, shrunk toward
 *   0 by the prior's spread; sensitivity: the population's typical value.
 * - Interest tags: unknown, so none.
 *
 * @param world The world whose catalogue the ids belong to.
 * @param clicked Ids of the clicked items, repeats counting again; unknown ids are ignored.
 * @returns Tastes in the simulator's own format.
 * @example estimateTastes(world, ['p0001', 'p0002']).categories
 */
export function estimateTastes(world: World, clicked: readonly string[]): ShopperTastes {
  const st = world.stats;
  const K = st.categories.length;
  const counts = new Float64Array(K);
  const brands = new Map<string, number>();
  const colours = new Map<string, number>();
  let n = 0;
  let zSum = 0;
  let zCount = 0;
  for (const id of clicked) {
    const i = st.itemIndex.get(id);
    if (i === undefined) continue;
    n++;
    counts[st.itemCategory[i] as number]!++;
    const b = st.itemBrand[i];
    if (b != null) brands.set(b, (brands.get(b) ?? 0) + 1);
    const c = st.itemColour[i];
    if (c != null) colours.set(c, (colours.get(c) ?? 0) + 1);
    const z = st.itemPriceZ[i] as number;
    if (!Number.isNaN(z)) {
      zSum += z;
      zCount++;
    }
  }
  const categories: Record<string, number> = {};
  st.categories.forEach((slug, c) => {
    categories[slug] = ((counts[c] as number) + CATEGORY_ALPHA) / (n + K * CATEGORY_ALPHA);
  });
  const liked = (m: Map<string, number>): string[] =>
    [...m]
      .filter(([, k]) => k >= LIKED_AFTER)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([v]) => v);
  // A clicked item's price position scatters around the level with variance
  // about 1 / (1 + sensitivity); the prior's variance is PRICE_LEVEL_SD².
  const noise = 1 / (1 + TYPICAL_SENSITIVITY);
  const priceLevel = zSum / (zCount + noise / PRICE_LEVEL_SD ** 2);
  return {
    categories,
    brands: liked(brands),
    colours: liked(colours).slice(0, 2),
    priceLevel,
    priceSensitivity: TYPICAL_SENSITIVITY,
    tags: {},
    activity: 1,
  };
}

/**
 * The estimated shopper, ready for the simulator's relevance functions.
 * @example relevanceVector(world, estimatedShopper(world, 's0451', clicks))
 */
export function estimatedShopper(world: World, id: string, clicked: readonly string[]): SimShopper {
  return { id, tastes: estimateTastes(world, clicked) };
}
