import { describe, expect, it } from 'vitest';
import { generateCatalogue } from './catalogue';
import { ShopperJourney } from './journey';
import type { SimPageRequest } from './page';
import { defaultPolicy, layoutGrid, randomPolicy } from './policy';
import { Rng } from './random';
import { createWorld } from './world';

const catalogue = generateCatalogue();
const world = createWorld({ seed: 4, catalogue, shoppers: 5 });
const adItem = (id: string): string => world.stats.adsById.get(id)!.itemId;

function homeRequest(): SimPageRequest {
  const journey = new ShopperJourney(world, world.shoppers[0]!);
  let req = journey.next()!;
  // Walk to the first home page with the default policy.
  while (req.page !== 'home') {
    journey.respond(defaultPolicy(req, { world, rng: journey.policyRng }));
    req = journey.next()!;
  }
  return req;
}

describe('layoutGrid', () => {
  it('puts ads at their positions and products everywhere else, ignoring positions past the end', () => {
    const grid = layoutGrid({ productSlots: 4, adPositions: [1, 3, 9] }, ['a', 'b', 'c', 'd', 'e'], ['ad01', 'ad02', 'ad03'], adItem);
    expect(grid.slots.map((s) => (s.kind === 'ad' ? s.adId : s.itemId))).toEqual(['a', 'ad01', 'b', 'ad02', 'c', 'd']);
    expect(grid.slots.map((s) => s.slot)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(grid.slots[1]).toEqual({ kind: 'ad', adId: 'ad01', itemId: adItem('ad01'), slot: 1 });
  });

  it('leaves an ad position to a product when ads run out', () => {
    const grid = layoutGrid({ productSlots: 3, adPositions: [0, 1] }, ['a', 'b', 'c'], ['ad05'], adItem);
    expect(grid.slots.map((s) => s.kind)).toEqual(['ad', 'product', 'product', 'product']);
  });
});

describe('defaultPolicy', () => {
  it('fills a home page with 24 distinct products and 3 ads at 3, 12, 21, never repeating an ad item', () => {
    const req = homeRequest();
    const grid = defaultPolicy(req, { world, rng: new Rng(1) });
    expect(grid.slots).toHaveLength(27);
    expect(grid.slots.filter((s) => s.kind === 'ad').map((s) => s.slot)).toEqual([3, 12, 21]);
    const items = grid.slots.map((s) => s.itemId);
    expect(new Set(items).size).toBe(27);
  });

  it('mostly shows bestsellers but explores: over many pages most of the catalogue gets shown', () => {
    const req = homeRequest();
    const rng = new Rng(2);
    const shown = new Set<string>();
    let topTen = 0;
    for (let k = 0; k < 200; k++) {
      const grid = defaultPolicy(req, { world, rng });
      for (const s of grid.slots) if (s.kind === 'product') shown.add(s.itemId);
      const first = grid.slots.find((s) => s.kind === 'product')!;
      if (world.popularity.indexOf(first.itemId) < 10) topTen++;
    }
    expect(topTen / 200).toBeGreaterThan(0.6);
    expect(shown.size).toBeGreaterThan(catalogue.items.length * 0.6);
  });

  it('prefers ads of the page’s category on category pages', () => {
    const req: SimPageRequest = {
      page: 'category',
      category: 'watches',
      candidates: [...world.categoryPopularity.get('watches')!],
      productSlots: 24,
      adPositions: [5, 17],
      requestId: 'r-test',
      shopper: 's0001',
      ts: 0,
    };
    const rng = new Rng(3);
    let watchAds = 0;
    for (let k = 0; k < 200; k++) {
      for (const s of defaultPolicy(req, { world, rng }).slots) {
        if (s.kind === 'ad' && catalogue.items.find((i) => i.id === s.itemId)!.category === 'watches') watchAds++;
      }
    }
    const watchShare = catalogue.ads.filter((a) => catalogue.items.find((i) => i.id === a.itemId)!.category === 'watches').length / catalogue.ads.length;
    expect(watchAds / 400).toBeGreaterThan(2 * watchShare);
  });
});

describe('randomPolicy', () => {
  it('shows candidates in no particular order', () => {
    const req = homeRequest();
    const rng = new Rng(5);
    let rankSum = 0;
    for (let k = 0; k < 100; k++) {
      const first = randomPolicy(req, { world, rng }).slots.find((s) => s.kind === 'product')!;
      rankSum += world.popularity.indexOf(first.itemId);
    }
    // A uniform draw from ~640 items has mean rank ≈ 320.
    expect(rankSum / 100).toBeGreaterThan(200);
  });
});
