import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../engine/catalogue/types';
import {
  BEHAVIOUR,
  examineProbability,
  relevanceVector,
  trueAdClickProbability,
  trueClickProbability,
  trueFunnel,
  trueInterestTags,
  trueRelevance,
} from './behaviour';
import { generateCatalogue } from './catalogue';
import type { SimShopper } from './shopper';
import { createWorld } from './world';

const catalogue = generateCatalogue();
const world = createWorld({ seed: 1, catalogue, shoppers: 300 });
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const favourite = (s: SimShopper): string => Object.entries(s.tastes.categories).sort((a, b) => b[1] - a[1])[0]![0];

describe('createWorld', () => {
  it('is deterministic, and a bigger world keeps the smaller one’s shoppers and bestsellers', () => {
    const again = createWorld({ seed: 1, catalogue, shoppers: 300 });
    expect(again.shoppers).toEqual(world.shoppers);
    expect(Array.from(again.itemQuality)).toEqual(Array.from(world.itemQuality));
    const small = createWorld({ seed: 1, catalogue, shoppers: 20 });
    expect(small.shoppers).toEqual(world.shoppers.slice(0, 20));
    expect(small.popularity).toEqual(world.popularity);
    const other = createWorld({ seed: 2, catalogue, shoppers: 20 });
    expect(other.shoppers).not.toEqual(small.shoppers);
  });

  it('names shoppers s0001… and orders bestsellers over every item', () => {
    expect(world.shoppers[0]?.id).toBe('s0001');
    expect(world.shoppers[299]?.id).toBe('s0300');
    expect(new Set(world.popularity).size).toBe(catalogue.items.length);
    let inCategories = 0;
    for (const ids of world.categoryPopularity.values()) inCategories += ids.length;
    expect(inCategories).toBe(catalogue.items.length);
  });

  it('rejects a bad shopper count or an empty catalogue with a RangeError naming the field', () => {
    expect(() => createWorld({ seed: 1, catalogue, shoppers: 0 })).toThrow(/shoppers/);
    expect(() => createWorld({ seed: 1, catalogue, shoppers: 2.5 })).toThrow(RangeError);
    expect(() => createWorld({ seed: 1, catalogue: { ...catalogue, items: [] }, shoppers: 3 })).toThrow(/no items/);
  });

  it('gives sparse category tastes: most shoppers care about 2–3 categories', () => {
    const effective = world.shoppers.map((s) => {
      const p = Object.values(s.tastes.categories);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      return 1 / p.reduce((a, x) => a + x * x, 0);
    });
    effective.sort((a, b) => a - b);
    const median = effective[Math.floor(effective.length / 2)] as number;
    expect(median).toBeGreaterThan(1.5);
    expect(median).toBeLessThan(4);
  });

  it('gives a quarter of shoppers no favourite brand, the rest 1–3 real brands, and 1–2 colours', () => {
    const brands = new Set(catalogue.items.map((i) => i.brand));
    const none = world.shoppers.filter((s) => s.tastes.brands.length === 0).length / world.shoppers.length;
    expect(none).toBeGreaterThan(0.15);
    expect(none).toBeLessThan(0.35);
    for (const s of world.shoppers) {
      expect(s.tastes.brands.length).toBeLessThanOrEqual(3);
      for (const b of s.tastes.brands) expect(brands.has(b)).toBe(true);
      expect(s.tastes.colours.length).toBeGreaterThanOrEqual(1);
      expect(s.tastes.colours.length).toBeLessThanOrEqual(2);
      expect(s.tastes.activity).toBeGreaterThan(0);
    }
    const meanActivity = world.shoppers.reduce((a, s) => a + s.tastes.activity, 0) / world.shoppers.length;
    expect(meanActivity).toBeGreaterThan(0.85);
    expect(meanActivity).toBeLessThan(1.15);
  });
});

describe('behaviour model', () => {
  it('matches a hand-computed P(click | examined) on a two-item catalogue', () => {
    const tiny: Catalogue = {
      format: 1,
      seed: 0,
      currency: 'EUR',
      categories: [
        { slug: 'a', name: 'A' },
        { slug: 'b', name: 'B' },
      ],
      items: [
        { id: 'x', title: 'X', category: 'a', brand: 'Acme', colour: 'red', price: 10, tags: ['outdoor'], description: '' },
        { id: 'y', title: 'Y', category: 'b', brand: null, colour: null, price: null, tags: [], description: '' },
      ],
      ads: [],
    };
    const w = createWorld({ seed: 3, catalogue: tiny, shoppers: 1 });
    const tags = Object.fromEntries(w.stats.tags.map((t) => [t, t === 'outdoor' ? 1 : 0]));
    const shopper: SimShopper = {
      id: 'hand',
      tastes: { categories: { a: 1, b: 0 }, brands: ['Acme'], colours: ['red'], priceLevel: 0, priceSensitivity: 1, tags, activity: 1 },
    };
    // Item x: category ln((1 + 0.02) / (0.5 + 0.02)) = 0.6737, brand and colour liked,
    // price z = 0 = level so no price term, one tag with affinity 1.
    const x = -2.3 + 1.3 * Math.log(1.02 / 0.52) + 0.9 + 0.6 + 0 + 0.35 * 1 + (w.itemQuality[0] as number);
    expect(trueRelevance(w, shopper, 'x')).toBeCloseTo(sigmoid(x), 12);
    // Item y: category ln(0.02 / 0.52) = −3.258, nothing liked, missing price −0.2, no tags.
    const y = -2.3 + 1.3 * Math.log(0.02 / 0.52) - 0.2 + (w.itemQuality[1] as number);
    expect(trueRelevance(w, shopper, 'y')).toBeCloseTo(sigmoid(y), 12);
    expect(trueClickProbability(w, shopper, 'x', 3)).toBeCloseTo(Math.pow(4, -0.7) * sigmoid(x), 12);
    expect(trueAdClickProbability(w, shopper, 'x', 0)).toBeCloseTo(sigmoid(x + BEHAVIOUR.ad), 12);
  });

  it('decays examination with position: 1 at slot 0, 4^−0.7 at slot 3', () => {
    expect(examineProbability(0)).toBe(1);
    expect(examineProbability(3)).toBeCloseTo(0.3789, 4);
    for (let s = 1; s < 30; s++) expect(examineProbability(s)).toBeLessThan(examineProbability(s - 1));
  });

  it('makes a shopper want their favourite category several times more than the rest', () => {
    let ratio = 0;
    for (const s of world.shoppers.slice(0, 100)) {
      const rel = relevanceVector(world, s);
      const fav = favourite(s);
      let inFav = 0;
      let nFav = 0;
      let out = 0;
      let nOut = 0;
      catalogue.items.forEach((item, i) => {
        if (item.category === fav) {
          inFav += rel[i] as number;
          nFav++;
        } else {
          out += rel[i] as number;
          nOut++;
        }
      });
      ratio += inFav / nFav / (out / nOut);
    }
    expect(ratio / 100).toBeGreaterThan(3);
    const s = world.shoppers[0] as SimShopper;
    expect(relevanceVector(world, s)[5]).toBeCloseTo(trueRelevance(world, s, catalogue.items[5]!.id), 12);
  });

  it('keeps ads a little less clickable than the same product in an organic slot', () => {
    const s = world.shoppers[0] as SimShopper;
    const ad = catalogue.ads[0]!;
    const organic = trueClickProbability(world, s, ad.itemId, 3);
    const sponsored = trueAdClickProbability(world, s, ad.itemId, 3);
    expect(sponsored).toBeLessThan(organic);
    expect(sponsored).toBeGreaterThan(organic * 0.5);
  });

  it('funnel: ctcvr is the product; pricier than wanted lowers purchase for a sensitive shopper', () => {
    const base = world.shoppers[0] as SimShopper;
    const priced = catalogue.items.filter((i) => i.price !== null && i.category === 'watches');
    const cheap = priced.reduce((a, b) => ((a.price as number) < (b.price as number) ? a : b));
    const dear = priced.reduce((a, b) => ((a.price as number) > (b.price as number) ? a : b));
    const thrifty: SimShopper = { id: 'thrifty', tastes: { ...base.tastes, priceLevel: -1, priceSensitivity: 2 } };
    const f = trueFunnel(world, thrifty, dear.id);
    expect(f.ctcvr).toBeCloseTo(f.click * f.cart * f.purchase, 12);
    expect(trueFunnel(world, thrifty, cheap.id).purchase).toBeGreaterThan(f.purchase + 0.3);
  });

  it('throws a RangeError for an item outside the catalogue', () => {
    expect(() => trueRelevance(world, world.shoppers[0] as SimShopper, 'p9999')).toThrow(/Unknown item "p9999"/);
  });

  it('derives interest tags that are over-represented in the shopper’s favourite category', () => {
    let lift = 0;
    let n = 0;
    const share = (items: typeof catalogue.items, tag: string): number => items.filter((i) => i.tags.includes(tag)).length / items.length;
    for (const s of world.shoppers.slice(0, 100)) {
      const top = trueInterestTags(world, s, 3);
      expect(top).toHaveLength(3);
      const aff = s.tastes.tags;
      expect(aff[top[0]!]!).toBeGreaterThanOrEqual(aff[top[1]!]!);
      const favItems = catalogue.items.filter((i) => i.category === favourite(s));
      for (const t of top) {
        lift += share(favItems, t) / share(catalogue.items, t);
        n++;
      }
    }
    // A tag picked at random has lift ≈ 1; tastes follow their categories' tags (measured ≈ 1.7).
    expect(lift / n).toBeGreaterThan(1.4);
    expect(trueInterestTags(world, world.shoppers[0] as SimShopper)).toHaveLength(5);
  });
});
