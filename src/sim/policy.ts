/**
 * Ranking policies for simulated pages: who decides what the shopper sees
 * while logs are generated. A policy is a plain function, so the simulator's
 * default, a random baseline and the real engine plug in the same way.
 */
import type { Rng } from './random';
import type { SimGrid, SimPageRequest, SimSlot } from './page';
import type { World } from './world';

/** What a policy may use besides the request. */
export interface PolicyContext {
  world: World;
  /** The shopper's policy stream: draw exploration noise from it to stay deterministic. */
  rng: Rng;
}

/** Ranks one page synchronously. */
export type Policy = (request: SimPageRequest, context: PolicyContext) => SimGrid;

/** Ranks one page, possibly asynchronously (for example the real engine). */
export type AsyncPolicy = (request: SimPageRequest, context: PolicyContext) => SimGrid | Promise<SimGrid>;

/**
 * Lays products and ads out on a grid: ads take the request's ad positions
 * (in order) while ads last, products fill every other position. Ad positions
 * past the end of the grid are ignored, as in the engine.
 *
 * @param request The page request (uses `productSlots` and `adPositions`).
 * @param productIds Products in display order; at most `productSlots` are used.
 * @param adIds Creative ids in display order.
 * @param adItem Maps a creative id to its product id.
 * @returns The grid.
 * @example layoutGrid(req, ['p1', 'p2'], ['ad01'], id => ads.get(id)!.itemId)
 */
export function layoutGrid(
  request: Pick<SimPageRequest, 'productSlots' | 'adPositions'>,
  productIds: readonly string[],
  adIds: readonly string[],
  adItem: (adId: string) => string,
): SimGrid {
  const products = productIds.slice(0, request.productSlots);
  const adAt = new Set(request.adPositions);
  const slots: SimSlot[] = [];
  let p = 0;
  let a = 0;
  for (let pos = 0; p < products.length; pos++) {
    if (adAt.has(pos) && a < adIds.length) {
      const adId = adIds[a++] as string;
      slots.push({ kind: 'ad', adId, itemId: adItem(adId), slot: pos });
    } else {
      slots.push({ kind: 'product', itemId: products[p++] as string, slot: pos });
    }
  }
  return { slots };
}

/** Ad ids ranked by bid with log-normal noise; ads for the page's category get a contextual boost. */
function pickAds(request: SimPageRequest, { world, rng }: PolicyContext, noise: number): string[] {
  const { stats } = world;
  const wanted = request.adPositions.length;
  if (wanted === 0) return [];
  const scored = world.catalogue.ads.map((ad) => {
    const i = stats.itemIndex.get(ad.itemId);
    const sameCategory = request.category !== undefined && i !== undefined && stats.categories[stats.itemCategory[i] as number] === request.category;
    return { id: ad.id, score: ad.bid * Math.exp(rng.normal(0, noise)) * (sameCategory ? 2 : 1) };
  });
  scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
  return scored.slice(0, wanted).map((s) => s.id);
}

function adItemOf(world: World): (adId: string) => string {
  return (adId) => (world.stats.adsById.get(adId) as { itemId: string }).itemId;
}

/**
 * The simulator's default shop: bestseller order with exploration, ads by bid.
 *
 * Each product slot takes the next bestseller with probability 0.7 and a
 * uniformly random candidate otherwise, so the logs show every item in many
 * positions (exposure diversity a model needs to learn from). Ads are ranked by
 * bid × log-normal noise, doubled for ads of the page's category. A product
 * shown as an ad is not repeated in a product slot.
 *
 * @param request The page.
 * @param context World and the shopper's policy stream.
 * @returns The grid.
 * @example simulateLogs({ seed: 1, catalogue, shoppers: 100, policy: defaultPolicy })
 */
export const defaultPolicy: Policy = (request, context) => {
  const { world, rng } = context;
  const ads = pickAds(request, context, 0.5);
  const adItem = adItemOf(world);
  const used = new Set(ads.map(adItem));
  const pool = request.candidates;
  const products: string[] = [];
  let next = 0;
  while (products.length < request.productSlots && used.size < pool.length + ads.length) {
    let id: string | undefined;
    if (rng.chance(0.3)) {
      // Rejection sampling is cheap: at most 24 of hundreds of candidates are taken.
      for (let tries = 0; tries < 20 && id === undefined; tries++) {
        const c = pool[rng.int(pool.length)] as string;
        if (!used.has(c)) id = c;
      }
    }
    while (id === undefined && next < pool.length) {
      const c = pool[next++] as string;
      if (!used.has(c)) id = c;
    }
    if (id === undefined) break;
    used.add(id);
    products.push(id);
  }
  return layoutGrid(request, products, ads, adItem);
};

/**
 * A uniformly random shop: random candidates, random ads. Removes the
 * policy's influence from click statistics, so position bias can be measured.
 *
 * @param request The page.
 * @param context World and the shopper's policy stream.
 * @returns The grid.
 * @example simulateLogs({ seed: 1, catalogue, shoppers: 100, policy: randomPolicy })
 */
export const randomPolicy: Policy = (request, context) => {
  const { world, rng } = context;
  const ads = rng.sample(world.catalogue.ads, request.adPositions.length).map((ad) => ad.id);
  const adItem = adItemOf(world);
  const adItems = new Set(ads.map(adItem));
  const products = rng.sample(
    request.candidates.filter((c) => !adItems.has(c)),
    request.productSlots,
  );
  return layoutGrid(request, products, ads, adItem);
};
