import { describe, expect, it } from 'vitest';
import type { RankRequest } from '../api';
import { FIXTURE_CATALOGUE } from '../testing/fixture';
import { DEFAULT_RANKING, validateRankingConfig } from './config';
import { capCategories, defaultPage, ecpm, fusedScore, layoutPage, rankPage, type ScoredProduct } from './rank';
import { ConfigError } from '../errors';
import { requestIds } from './request-id';

const cfg = validateRankingConfig({ clickWeight: 1, revenueWeight: 0.5, referencePrice: 50, adRelevanceFloor: 0.01 });
const [ad1, ad2] = FIXTURE_CATALOGUE.ads as [(typeof FIXTURE_CATALOGUE.ads)[0], (typeof FIXTURE_CATALOGUE.ads)[0]];

describe('fusion', () => {
  it('adds expected revenue to pCTR', () => {
    // 0.1 + 0.5 x 0.02 x 100 / 50 = 0.12
    expect(fusedScore({ itemId: 'a', category: 'x', price: 100, click: 0.1, purchase: 0.02 }, cfg)).toBeCloseTo(0.12, 10);
    // No price: no revenue term.
    expect(fusedScore({ itemId: 'a', category: 'x', price: null, click: 0.1, purchase: 0.02 }, cfg)).toBeCloseTo(0.1, 10);
  });
  it('prices ads by eCPM = bid x pAdClick x 1000', () => {
    expect(ecpm({ ad: ad1, adClick: 0.02 })).toBeCloseTo(30, 10);
  });
});

describe('rankPage', () => {
  const products: ScoredProduct[] = [
    { itemId: 'p1', category: 'shoes', price: 80, click: 0.05, purchase: 0.001 },
    { itemId: 'p2', category: 'shoes', price: 60, click: 0.2, purchase: 0.001 },
    { itemId: 'p3', category: 'shoes', price: 25, click: 0.1, purchase: 0.001 },
    // Lower pCTR than p3 but expected revenue lifts it: 0.08 + 0.5 x 0.03 x 120 / 50 = 0.116 > 0.1005.
    { itemId: 'p6', category: 'lamps', price: 120, click: 0.08, purchase: 0.03 },
  ];
  const request: RankRequest = { page: 'home', candidates: ['p1', 'p2', 'p3', 'p6'], productSlots: 3, adPositions: [1, 3] };

  it('orders products by fused score and places ads by eCPM at their positions', () => {
    // ad2 (p1): 0.5 x 0.1 = 0.05 -> eCPM 50; ad1 (p6): 1.5 x 0.02 -> eCPM 30. p6 is on the page, so ad1 is skipped.
    const slots = rankPage(
      request,
      products,
      [
        { ad: ad1, adClick: 0.02 },
        { ad: ad2, adClick: 0.1 },
      ],
      cfg,
    );
    expect(slots.map((s) => `${s.kind}:${s.itemId}@${s.slot}`)).toEqual(['product:p2@0', 'ad:p1@1', 'product:p6@2', 'product:p3@3']);
  });

  it('fills every product slot when each ad promotes one of the best-scored products', () => {
    // Twelve products, best first p0..p11; three ads promote p0, p1 and p2 at the first three places.
    const many: ScoredProduct[] = Array.from({ length: 12 }, (_, i) => ({ itemId: `p${i}`, category: `c${i}`, price: null, click: 1 - i / 20, purchase: 0 }));
    const promoted = [0, 1, 2].map((i) => ({ ad: { id: `ad${i}`, itemId: `p${i}`, bid: 3 - i, headline: '' }, adClick: 0.5 }));
    const page = rankPage({ page: 'home', candidates: many.map((p) => p.itemId), productSlots: 3, adPositions: [0, 1, 2] }, [...many].reverse(), promoted, cfg);
    // The products listed are the 4th to 6th best: the deepest the page can reach.
    expect(page.map((s) => `${s.kind}:${s.itemId}`)).toEqual(['ad:p0', 'ad:p1', 'ad:p2', 'product:p3', 'product:p4', 'product:p5']);
  });

  it('lists a product the shopper has just bought after every other one, and never promotes it', () => {
    const ads = [
      { ad: ad1, adClick: 0.02 },
      { ad: ad2, adClick: 0.1 },
    ];
    const slots = rankPage({ ...request, productSlots: 4 }, products, ads, cfg, new Set(['p2', 'p1']));
    // p2 (the best score) and p1 go last; ad2 (p1's, the higher eCPM) is not shown, and ad1's p6 is already listed.
    expect(slots.map((s) => `${s.kind}:${s.itemId}@${s.slot}`)).toEqual(['product:p6@0', 'product:p3@1', 'product:p2@2', 'product:p1@3']);
    // Bought products take no place under the category cap: with a cap of one shoe, p3 has it, not p2.
    const capped = rankPage({ ...request, adPositions: [] }, products, [], validateRankingConfig({ ...cfg, categoryCap: 1 }), new Set(['p2']));
    expect(capped.map((s) => s.itemId)).toEqual(['p6', 'p3', 'p1']);
    // Without a purchase p2 leads, as above.
    expect(rankPage({ ...request, adPositions: [] }, products, [], cfg).map((s) => s.itemId)).toEqual(['p2', 'p6', 'p3']);
  });

  it('drops ads under the relevance floor and fills the slot with a product', () => {
    const slots = rankPage(request, products, [{ ad: ad2, adClick: 0.005 }], cfg);
    expect(slots.every((s) => s.kind === 'product')).toBe(true);
    expect(slots.map((s) => s.slot)).toEqual([0, 1, 2]);
  });

  it('keeps the default order and puts ads by bid', () => {
    const slots = defaultPage({ ...request, productSlots: 2 }, FIXTURE_CATALOGUE.ads);
    expect(slots.map((s) => `${s.kind}:${s.itemId}`)).toEqual(['product:p1', 'ad:p6', 'product:p2']);
    expect(slots.every((s) => s.scores === null)).toBe(true);
  });

  it('sorts the default order by popularity: unlisted products at the default logit, ties in the given order', () => {
    const popular = { clickLogit: { p2: 1, p3: -1, p4: 1 }, defaultLogit: 0, categoryCap: 0 };
    const slots = defaultPage({ page: 'home', candidates: ['p1', 'p2', 'p3', 'p4', 'zz'], productSlots: 5 }, [], popular);
    expect(slots.map((s) => s.itemId)).toEqual(['p2', 'p4', 'p1', 'zz', 'p3']);
  });
});

describe('rankPage against sorting and capping every product', () => {
  /** The page as rankPage defines it, worked out the long way: every product sorted, filtered and capped. */
  function reference(request: RankRequest, products: ScoredProduct[], ads: Parameters<typeof rankPage>[2], c: typeof cfg, bought: Set<string>) {
    const stable = <T>(xs: T[], score: (x: T) => number): T[] =>
      xs
        .map((x, i) => ({ x, i, s: score(x) }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .map((e) => e.x);
    const cap = <T extends { category: string }>(order: T[], n: number, window = 12): T[] => {
      if (n <= 0) return order;
      const head: T[] = [];
      const deferred: T[] = [];
      const counts = new Map<string, number>();
      for (const p of order) {
        const k = counts.get(p.category) ?? 0;
        if (head.length < window && k >= n) deferred.push(p);
        else {
          if (head.length < window) counts.set(p.category, k + 1);
          head.push(p);
        }
      }
      return [...head.slice(0, window), ...deferred, ...head.slice(window)];
    };
    const byScore = stable(products, (p) => fusedScore(p, c));
    const ordered = [
      ...cap(
        byScore.filter((p) => !bought.has(p.itemId)),
        c.categoryCap,
      ),
      ...byScore.filter((p) => bought.has(p.itemId)),
    ];
    return layoutPage(
      request,
      ordered.map((p) => ({ itemId: p.itemId, scores: { click: p.click, purchase: p.purchase, fused: fusedScore(p, c) } })),
      stable(
        ads.filter((a) => a.adClick >= c.adRelevanceFloor && !bought.has(a.ad.itemId)),
        ecpm,
      ).map((a) => ({ ad: a.ad, scores: { adClick: a.adClick, ecpm: ecpm(a) } })),
    );
  }

  it('gives the same page for random products, ties, purchases, caps and ads', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 80);
      // Scores on a coarse grid, so ties are common.
      const products: ScoredProduct[] = Array.from({ length: n }, (_, i) => ({
        itemId: `p${i}`,
        category: `c${Math.floor(random() * 5)}`,
        price: random() < 0.2 ? null : Math.round(random() * 100),
        click: Math.round(random() * 10) / 100,
        purchase: Math.round(random() * 5) / 1000,
      }));
      const bought = new Set(products.filter(() => random() < 0.15).map((p) => p.itemId));
      const ads = Array.from({ length: Math.floor(random() * 4) }, (_, k) => ({
        ad: { id: `ad${k}`, itemId: `p${Math.floor(random() * n)}`, bid: 0.5 + Math.round(random() * 4) / 2, headline: '' },
        adClick: Math.round(random() * 10) / 100,
      }));
      const c = validateRankingConfig({ ...cfg, categoryCap: Math.floor(random() * 4) });
      const request: RankRequest = {
        page: 'home',
        candidates: products.map((p) => p.itemId),
        productSlots: 1 + Math.floor(random() * 30),
        adPositions: [0, 2, 5, 9].filter(() => random() < 0.5),
      };
      expect(rankPage(request, products, ads, c, bought), `trial ${trial}`).toEqual(reference(request, products, ads, c, bought));
    }
  });

  it('lists a product whose score is not a number after the others', () => {
    const products: ScoredProduct[] = [
      { itemId: 'x', category: 'a', price: 10, click: Number.NaN, purchase: 0 },
      { itemId: 'y', category: 'a', price: 10, click: 0.01, purchase: 0 },
      { itemId: 'z', category: 'a', price: 10, click: 0.02, purchase: 0 },
    ];
    const page = rankPage({ page: 'home', candidates: ['x', 'y', 'z'], productSlots: 3, adPositions: [] }, products, [], cfg);
    expect(page.map((s) => s.itemId)).toEqual(['z', 'y', 'x']);
  });
});

describe('layoutPage', () => {
  // Products p0..p9 in this order; ad1 promotes p6, ad2 promotes p1.
  const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
  const products = ids.map((itemId) => ({ itemId, scores: null }));
  const ad = (a: typeof ad1) => ({ ad: a, scores: null });
  const tiles = (slots: ReturnType<typeof layoutPage>) => slots.map((s) => `${s.kind === 'ad' ? 'ad:' : ''}${s.itemId}`);

  it('lets the ad take its product’s place, so the product is on the page once', () => {
    const slots = layoutPage({ page: 'category', candidates: ids, productSlots: ids.length, adPositions: [2] }, products, [ad(ad1)]);
    expect(tiles(slots)).toEqual(['p0', 'p1', 'ad:p6', 'p2', 'p3', 'p4', 'p5', 'p7', 'p8', 'p9']);
    // Every candidate once: nine listed, one promoted.
    expect(new Set(slots.map((s) => s.itemId)).size).toBe(ids.length);
    expect(slots.map((s) => s.slot)).toEqual(ids.map((_, i) => i));
  });

  it('skips an ad whose product is already listed above it, and promotes no product twice', () => {
    // p1 is listed at 1, so ad2 cannot take place 3; ad1 (p6) can.
    const slots = layoutPage({ page: 'home', candidates: ids, productSlots: 5, adPositions: [3] }, products, [ad(ad2), ad(ad1)]);
    expect(tiles(slots)).toEqual(['p0', 'p1', 'p2', 'ad:p6', 'p3', 'p4']);
    const twice = layoutPage({ page: 'home', candidates: ids, productSlots: 5, adPositions: [0, 1] }, products, [ad(ad1), ad({ ...ad1, id: 'a-again' })]);
    expect(tiles(twice)).toEqual(['ad:p6', 'p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('shows only ads for the request’s candidates', () => {
    // A page of p0..p5 (a category, a tag): ad1's p6 is not on it, so no ad.
    const some = ids.slice(0, 6);
    const slots = layoutPage({ page: 'category', candidates: some, productSlots: 6, adPositions: [0] }, products.slice(0, 6), [ad(ad1)]);
    expect(tiles(slots)).toEqual(some);
  });
});

describe('capCategories', () => {
  const p = (id: string, category: string) => ({ id, category });
  const order = [p('a1', 'a'), p('a2', 'a'), p('a3', 'a'), p('b1', 'b'), p('a4', 'a'), p('c1', 'c')];
  it('moves products over the cap after the window, keeping order', () => {
    // Cap 2 in a window of 3: a3 and a4 wait until b1 and c1 have their places.
    expect(capCategories(order, 2, 3).map((x) => x.id)).toEqual(['a1', 'a2', 'b1', 'a3', 'a4', 'c1']);
  });
  it('is off at 0', () => {
    expect(capCategories(order, 0).map((x) => x.id)).toEqual(order.map((x) => x.id));
  });
});

describe('validateRankingConfig', () => {
  it('fills defaults and names a bad field', () => {
    expect(validateRankingConfig({})).toEqual(DEFAULT_RANKING);
    expect(() => validateRankingConfig({ revenueWeight: -1 })).toThrow(ConfigError);
    expect(() => validateRankingConfig({ revenueWeight: -1 })).toThrow(/revenueWeight/);
  });
});

describe('requestIds', () => {
  it('makes unique ids of the engine shape with the clock in base 36', () => {
    const next = requestIds(() => 36 ** 2);
    const [a, b] = [next(), next()];
    expect(a).toMatch(/^r-100-[a-z0-9]+-1$/);
    expect(b).toMatch(/^r-100-[a-z0-9]+-2$/);
    // Each generator draws its own tag, so a page and its worker never hand out the same id.
    expect(requestIds(() => 0)()).not.toBe(requestIds(() => 0)());
  });
});
