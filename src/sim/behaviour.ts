/**
 * The true behaviour model of the simulated shop: how likely a shopper is to
 * examine a slot, click what they examined, add it to the cart and buy it.
 * These functions are the ground truth for evaluation (NDCG, AUC ceilings);
 * the recommender only ever sees the sampled events.
 *
 * Click model (position-based):
 *   P(click | item, slot) = P(examine | slot) · P(click | examined)
 *   P(examine | slot)     = (1 + slot) ^ −examineDecay
 *   P(click | examined)   = σ(bias + category + brand + colour + price + tags + quality)
 * Category interest dominates, so a model that learns a shopper's categories
 * clearly beats a popularity ranking.
 */
import type { CatalogueItem } from '../engine/catalogue/types';
import type { SimShopper } from './shopper';
import type { World } from './world';

/** Weights of the behaviour model (logit units unless said otherwise). */
export const BEHAVIOUR = {
  /** Intercept of P(click | examined). */
  bias: -2.3,
  /** Weight of ln((share + 0.02) / (1/K + 0.02)): 0 for a category of average interest. */
  category: 1.3,
  /** Added when the item's brand is one the shopper likes. */
  brand: 0.9,
  /** Added when the item's colour is a favourite. */
  colour: 0.6,
  /** Weight of −sensitivity · min((priceZ − level)², 6) / 2. */
  price: 1,
  /** Added when the price is missing: shoppers hesitate over an unknown price. */
  missingPrice: -0.2,
  /** Weight of the summed tag affinities of the item's tags. */
  tag: 0.35,
  /** Added for sponsored slots: shoppers click ads a bit less than organic results. */
  ad: -0.3,
  /** Exponent of the position decay of P(examine | slot). */
  examineDecay: 0.7,
  /** Intercept of P(cart | click). */
  cartBias: -1.3,
  /** Intercept of P(purchase | cart). */
  purchaseBias: -0.1,
} as const;

/** A shopper's tastes as dense arrays aligned with the world's catalogue stats. */
interface CompiledShopper {
  categoryTerm: Float64Array;
  tagAffinity: Float64Array;
  brands: ReadonlySet<string>;
  colours: ReadonlySet<string>;
  priceLevel: number;
  priceSensitivity: number;
}

const compiledShoppers = new WeakMap<World, WeakMap<SimShopper, CompiledShopper>>();

function compile(world: World, shopper: SimShopper): CompiledShopper {
  let cache = compiledShoppers.get(world);
  if (!cache) {
    cache = new WeakMap();
    compiledShoppers.set(world, cache);
  }
  const hit = cache.get(shopper);
  if (hit) return hit;
  const { categories, tags } = world.stats;
  const t = shopper.tastes;
  const uniform = 1 / Math.max(1, categories.length);
  const compiled: CompiledShopper = {
    categoryTerm: Float64Array.from(categories, (slug) => Math.log(((t.categories[slug] ?? 0) + 0.02) / (uniform + 0.02))),
    tagAffinity: Float64Array.from(tags, (tag) => t.tags[tag] ?? 0),
    brands: new Set(t.brands),
    colours: new Set(t.colours),
    priceLevel: t.priceLevel,
    priceSensitivity: t.priceSensitivity,
  };
  cache.set(shopper, compiled);
  return compiled;
}

/**
 * Dense index of an item in the world.
 * @throws {RangeError} when the id is not in the world's catalogue.
 */
function indexOf(world: World, item: string | CatalogueItem): number {
  const id = typeof item === 'string' ? item : item.id;
  const i = world.stats.itemIndex.get(id);
  if (i === undefined) throw new RangeError(`Unknown item "${id}": it is not in the world's catalogue (ids look like "p0001").`);
  return i;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** −sensitivity · min((priceZ − level)², 6) / 2, or the missing-price term. */
function priceFit(s: CompiledShopper, priceZ: number): number {
  if (Number.isNaN(priceZ)) return BEHAVIOUR.missingPrice;
  const d = priceZ - s.priceLevel;
  return (-s.priceSensitivity * Math.min(d * d, 6)) / 2;
}

/** Logit of P(click | examined) for a dense item index. */
function clickLogit(world: World, s: CompiledShopper, i: number): number {
  const st = world.stats;
  let x = BEHAVIOUR.bias + BEHAVIOUR.category * (s.categoryTerm[st.itemCategory[i] as number] as number);
  const brand = st.itemBrand[i];
  if (brand != null && s.brands.has(brand)) x += BEHAVIOUR.brand;
  const colour = st.itemColour[i];
  if (colour != null && s.colours.has(colour)) x += BEHAVIOUR.colour;
  x += BEHAVIOUR.price * priceFit(s, st.itemPriceZ[i] as number);
  let tagSum = 0;
  for (const k of st.itemTags[i] as readonly number[]) tagSum += s.tagAffinity[k] as number;
  x += BEHAVIOUR.tag * tagSum;
  return x + (world.itemQuality[i] as number);
}

/**
 * Probability that a shopper examines (looks at) a grid position.
 * @param slot 0-based grid position.
 * @returns (1 + slot)^−0.7: 1 at slot 0, 0.62 at 1, 0.38 at 3, 0.11 at 23.
 * @example examineProbability(0) // 1
 */
export function examineProbability(slot: number): number {
  return Math.pow(1 + Math.max(0, slot), -BEHAVIOUR.examineDecay);
}

/**
 * How much a shopper wants an item, independent of where it is shown:
 * P(click | examined). The ground truth for NDCG.
 *
 * @param world The world the shopper lives in.
 * @param shopper A shopper of that world (or any shopper with tastes).
 * @param item Item id or item.
 * @returns A probability in (0, 1).
 * @throws {RangeError} when the item is not in the world's catalogue.
 * @example trueRelevance(world, world.shoppers[0], 'p0001')
 */
export function trueRelevance(world: World, shopper: SimShopper, item: string | CatalogueItem): number {
  return sigmoid(clickLogit(world, compile(world, shopper), indexOf(world, item)));
}

/**
 * Probability that the shopper clicks an organic product shown at `slot`.
 * @param world The world.
 * @param shopper The shopper.
 * @param item Item id or item.
 * @param slot 0-based grid position.
 * @returns P(examine | slot) · P(click | examined).
 * @throws {RangeError} when the item is unknown.
 * @example trueClickProbability(world, shopper, 'p0001', 0) > trueClickProbability(world, shopper, 'p0001', 10) // true
 */
export function trueClickProbability(world: World, shopper: SimShopper, item: string | CatalogueItem, slot: number): number {
  return examineProbability(slot) * trueRelevance(world, shopper, item);
}

/**
 * Probability that the shopper clicks a sponsored slot at `slot` showing `item`:
 * like an organic click, with the {@link BEHAVIOUR}.ad penalty on the logit.
 * @param world The world.
 * @param shopper The shopper.
 * @param item The sponsored item (id or item).
 * @param slot 0-based grid position.
 * @returns The probability.
 * @throws {RangeError} when the item is unknown.
 * @example trueAdClickProbability(world, shopper, ad.itemId, 3)
 */
export function trueAdClickProbability(world: World, shopper: SimShopper, item: string | CatalogueItem, slot: number): number {
  const s = compile(world, shopper);
  return examineProbability(slot) * sigmoid(clickLogit(world, s, indexOf(world, item)) + BEHAVIOUR.ad);
}

/** Conditional funnel probabilities of one (shopper, item) pair. */
export interface Funnel {
  /** P(click | examined) = {@link trueRelevance}. */
  click: number;
  /** P(cart | click). */
  cart: number;
  /** P(purchase | cart). */
  purchase: number;
  /** P(purchase | examined) = click · cart · purchase: the ground truth of the ESMM pCTCVR head. */
  ctcvr: number;
}

/**
 * The whole funnel for a shopper and an item.
 *
 * Cart given click rises with category interest, brand liking, quality and
 * price fit; purchase given cart falls when the price is above what the
 * shopper likes to pay (scaled by price sensitivity) or unknown.
 *
 * @param world The world.
 * @param shopper The shopper.
 * @param item Item id or item.
 * @returns The conditional probabilities.
 * @throws {RangeError} when the item is unknown.
 * @example trueFunnel(world, shopper, 'p0001').ctcvr
 */
export function trueFunnel(world: World, shopper: SimShopper, item: string | CatalogueItem): Funnel {
  const s = compile(world, shopper);
  const i = indexOf(world, item);
  const st = world.stats;
  const click = sigmoid(clickLogit(world, s, i));
  const brand = st.itemBrand[i];
  const liked = brand != null && s.brands.has(brand) ? 1 : 0;
  const priceZ = st.itemPriceZ[i] as number;
  const cart = sigmoid(
    BEHAVIOUR.cartBias +
      0.5 * (s.categoryTerm[st.itemCategory[i] as number] as number) +
      0.5 * liked +
      priceFit(s, priceZ) +
      0.5 * (world.itemQuality[i] as number),
  );
  const above = Number.isNaN(priceZ) ? 0.4 : Math.max(0, priceZ - s.priceLevel);
  const purchase = sigmoid(BEHAVIOUR.purchaseBias - s.priceSensitivity * above);
  return { click, cart, purchase, ctcvr: click * cart * purchase };
}

/**
 * The shopper's top interest tags from their hidden tag affinities: the
 * ground truth for the engine's `tags` head.
 * @param world The world.
 * @param shopper The shopper.
 * @param k How many tags, default 5.
 * @returns Tags, strongest first (ties in vocabulary order).
 * @example trueInterestTags(world, shopper, 3) // e.g. ["outdoor", "waterproof", "travel"]
 */
export function trueInterestTags(world: World, shopper: SimShopper, k = 5): string[] {
  const s = compile(world, shopper);
  return world.stats.tags
    .map((tag, t) => ({ tag, a: s.tagAffinity[t] as number, t }))
    .sort((x, y) => y.a - x.a || x.t - y.t)
    .slice(0, Math.max(0, k))
    .map((x) => x.tag);
}

/**
 * P(click | examined) for every item of the catalogue, by the world's dense
 * item index: the fast path for popularity and evaluation over all items.
 * @param world The world.
 * @param shopper The shopper.
 * @returns One probability per item, aligned with `world.stats.itemIds`.
 * @example relevanceVector(world, shopper).length === world.catalogue.items.length
 */
export function relevanceVector(world: World, shopper: SimShopper): Float64Array {
  const s = compile(world, shopper);
  const out = new Float64Array(world.stats.itemIds.length);
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(clickLogit(world, s, i));
  return out;
}
