/**
 * Turns head scores into a page: products by a fused score, ads at fixed grid
 * positions by eCPM = bid x pAdClick above a relevance floor.
 */
import type { PopularOrder, ProductScores, RankRequest, RankedSlot } from '../api';
import type { AdCreative } from '../catalogue/types';
import type { RankingConfig } from './config';
import { priorLogitOf } from './prior';

/** A scored product candidate. */
export interface ScoredProduct {
  itemId: string;
  category: string;
  price: number | null;
  click: number;
  purchase: number;
}

/** A scored ad candidate. */
export interface ScoredAd {
  ad: AdCreative;
  adClick: number;
}

/**
 * Fused product score: clickWeight x pCTR + revenueWeight x pCTCVR x price / referencePrice.
 * A missing price adds no revenue term.
 * @example fusedScore({ itemId: 'p1', price: 50, click: 0.1, purchase: 0.01 }, cfg) // 0.1 + 0.5 x 0.01 = 0.105 with the defaults
 */
export function fusedScore(p: ScoredProduct, cfg: RankingConfig): number {
  const revenue = p.price === null ? 0 : (p.purchase * p.price) / cfg.referencePrice;
  return cfg.clickWeight * p.click + cfg.revenueWeight * revenue;
}

/** eCPM of an ad: bid x pAdClick x 1000 (expected revenue per thousand impressions). */
export function ecpm(a: ScoredAd): number {
  return a.ad.bid * a.adClick * 1000;
}

/** Sorts by a score, highest first; ties keep their input order (stable), and a NaN score counts as the lowest. */
function byScoreDesc<T>(items: readonly T[], score: (t: T) => number): T[] {
  const scores = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) scores[i] = score(items[i]!);
  const next = byScoreFrom(Array.from(items.keys()), scores);
  const out: T[] = [];
  for (let i = next(); i !== undefined; i = next()) out.push(items[i]!);
  return out;
}

/**
 * Lays out a page: product slots filled in `products` order, each ad position
 * with the first ad in `ads` order whose product is one of the request's
 * candidates and not yet on the page (so a category page shows that
 * category's ads, and a tag's page ads for tagged products). A promoted
 * product is not listed again among the products: its ad takes its place.
 * When no ad fits an ad position, a product takes it. Slots carry no
 * explanation (`why: null`); the engine attaches them after ranking.
 */
export function layoutPage(
  request: RankRequest,
  products: ReadonlyArray<{ itemId: string; scores: ProductScores | null }>,
  ads: ReadonlyArray<{ ad: AdCreative; scores: { adClick: number; ecpm: number } | null }>,
): RankedSlot[] {
  const adPositions = new Set(request.adPositions ?? []);
  const candidates = new Set(request.candidates);
  const adQueue = ads.filter((a) => candidates.has(a.ad.itemId));
  // Products on the page so far, listed or promoted.
  const onPage = new Set<string>();
  const slots: RankedSlot[] = [];
  let pi = 0;
  let listed = 0;
  const nextProduct = (): (typeof products)[number] | undefined => {
    while (pi < products.length && onPage.has(products[pi]!.itemId)) pi++;
    return products[pi];
  };
  for (let pos = 0; listed < request.productSlots && nextProduct() !== undefined; pos++) {
    const k = adPositions.has(pos) ? adQueue.findIndex((a) => !onPage.has(a.ad.itemId)) : -1;
    if (k >= 0) {
      const [ad] = adQueue.splice(k, 1) as [(typeof adQueue)[number]];
      onPage.add(ad.ad.itemId);
      slots.push({ kind: 'ad', adId: ad.ad.id, itemId: ad.ad.itemId, slot: pos, scores: ad.scores, why: null });
    } else {
      const p = nextProduct()!;
      onPage.add(p.itemId);
      listed++;
      slots.push({ kind: 'product', itemId: p.itemId, slot: pos, scores: p.scores, why: null });
    }
  }
  return slots;
}

/**
 * Applies the category cap: walking down the order, a product whose category
 * already has `cap` products among the first `window` places is moved after
 * that window. Order within each part is kept. `cap` 0 leaves the order alone.
 */
export function capCategories<T extends { category: string }>(ordered: readonly T[], cap: number, window = 12): T[] {
  let k = 0;
  return capPrefix(
    () => ordered[k++],
    (p) => p.category,
    cap,
    ordered.length,
    window,
  );
}

/**
 * The first `want` places of {@link capCategories} over the order `next`
 * yields (`undefined` when it has no more), pulling from it only as far as
 * those places need.
 */
function capPrefix<T>(next: () => T | undefined, categoryOf: (t: T) => string, cap: number, want: number, window = 12): T[] {
  const out: T[] = [];
  if (cap > 0) {
    const deferred: T[] = [];
    const counts = new Map<string, number>();
    while (out.length < window) {
      const p = next();
      if (p === undefined) break;
      const c = categoryOf(p);
      const n = counts.get(c) ?? 0;
      if (n >= cap) deferred.push(p);
      else {
        counts.set(c, n + 1);
        out.push(p);
      }
    }
    // Deferred products come right after the window, before the rest.
    out.push(...deferred);
  }
  while (out.length < want) {
    const p = next();
    if (p === undefined) break;
    out.push(p);
  }
  return out.slice(0, want);
}

/**
 * Yields `indices` by `scores` from the highest, ties in index order, one at a
 * time: a heap, so a page that needs its first few dozen products of a
 * thousand does not sort them all. A NaN score counts as the lowest.
 */
function byScoreFrom(indices: readonly number[], scores: Float64Array): () => number | undefined {
  const key = (i: number): number => (Number.isNaN(scores[i]!) ? -Infinity : scores[i]!);
  const before = (a: number, b: number): boolean => key(a) > key(b) || (key(a) === key(b) && a < b);
  const heap = Int32Array.from(indices);
  let size = heap.length;
  const sink = (at: number): void => {
    for (let i = at; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < size && before(heap[l]!, heap[top]!)) top = l;
      if (r < size && before(heap[r]!, heap[top]!)) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) sink(i);
  return () => {
    if (size === 0) return undefined;
    const first = heap[0]!;
    heap[0] = heap[--size]!;
    sink(0);
    return first;
  };
}

/**
 * Ranks a page from head scores.
 * @param request - the page.
 * @param products - every product candidate with its scores.
 * @param ads - every ad candidate with its pAdClick.
 * @param cfg - fusion weights and the ad floor.
 * @param bought - products the shopper has just bought ({@link RankingConfig.boughtLastDays}): listed last, never promoted.
 */
export function rankPage(
  request: RankRequest,
  products: readonly ScoredProduct[],
  ads: readonly ScoredAd[],
  cfg: RankingConfig,
  bought: ReadonlySet<string> = new Set(),
): RankedSlot[] {
  // The page lists at most `productSlots` products and skips at most one per
  // ad placed (its product, promoted): nothing further down can reach it, so
  // only the order's first `reach` places are worked out.
  const reach = request.productSlots + (request.adPositions?.length ?? 0);
  const scores = new Float64Array(products.length);
  for (let i = 0; i < products.length; i++) scores[i] = fusedScore(products[i]!, cfg);
  const fresh: number[] = [];
  const boughtRows: number[] = [];
  products.forEach((p, i) => (bought.has(p.itemId) ? boughtRows : fresh).push(i));
  const ordered = capPrefix(byScoreFrom(fresh, scores), (i) => products[i]!.category, cfg.categoryCap, reach);
  // Just-bought products after every other one.
  const rest = byScoreFrom(boughtRows, scores);
  while (ordered.length < reach) {
    const i = rest();
    if (i === undefined) break;
    ordered.push(i);
  }
  const orderedProducts = ordered.map((i) => {
    const p = products[i]!;
    return { itemId: p.itemId, scores: { click: p.click, purchase: p.purchase, fused: scores[i]! } };
  });
  const orderedAds = byScoreDesc(
    ads.filter((a) => a.adClick >= cfg.adRelevanceFloor && !bought.has(a.ad.itemId)),
    ecpm,
  ).map((a) => ({ ad: a.ad, scores: { adClick: a.adClick, ecpm: ecpm(a) } }));
  return layoutPage(request, orderedProducts, orderedAds);
}

/**
 * The page in the shop's default order, without anything about the shopper:
 * products by the shop's popularity when it is given (most clicked first,
 * under the category cap; ties keep the given order), else as given; ads by bid.
 * @param categoryOf - each product's category, for the cap (an unknown id counts as its own).
 * @example defaultPage(request, catalogue.ads) // candidates as given
 */
export function defaultPage(
  request: RankRequest,
  ads: readonly AdCreative[],
  popular: PopularOrder | null = null,
  categoryOf: (itemId: string) => string | undefined = () => undefined,
): RankedSlot[] {
  let products = request.candidates;
  if (popular) {
    const byPopularity = byScoreDesc(
      request.candidates.map((id) => ({ id, category: categoryOf(id) ?? `?${id}` })),
      (p) => priorLogitOf(popular, p.id),
    );
    products = capCategories(byPopularity, popular.categoryCap).map((p) => p.id);
  }
  return layoutPage(
    request,
    products.map((itemId) => ({ itemId, scores: null })),
    byScoreDesc(ads, (a) => a.bid).map((ad) => ({ ad, scores: null })),
  );
}
