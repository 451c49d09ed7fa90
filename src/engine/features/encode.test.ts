import { describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../events/types';
import { FIXTURE_CATALOGUE, FIXTURE_SPEC } from '../testing/fixture';
import { CANDIDATE_DENSE_FIELDS, FeatureEncoder, shopperDenseSize } from './encode';
import { applyEvent, boughtSince, emptyProfile, MAX_BOUGHT, priceBandOf } from './profile';
import { MISSING, PRICE_Z_LIMIT, UNKNOWN, priceZ } from './spec';
import { hashToken, tokenize } from './tokens';

const encoder = new FeatureEncoder(FIXTURE_SPEC, FIXTURE_CATALOGUE);
const item = (id: string) => FIXTURE_CATALOGUE.items.find((i) => i.id === id)!;
const T0 = Date.UTC(2026, 10, 1);
const ev = (type: BehaviourEvent['type'], id: string, ts: number): BehaviourEvent => ({
  ts,
  shopper: 'local',
  type,
  item: id,
  slot: 0,
  request: 'r1',
  page: 'home',
});
const field = (name: (typeof CANDIDATE_DENSE_FIELDS)[number]) => CANDIDATE_DENSE_FIELDS.indexOf(name);

function profileOf(events: BehaviourEvent[]) {
  return events.reduce((p, e) => applyEvent(p, e, item(e.item), FIXTURE_SPEC), emptyProfile(FIXTURE_SPEC));
}

describe('profile', () => {
  it('adds event weights to attribute affinities', () => {
    // click = 1, cart = 2 on shoes at the same instant: shoes 3, Aurora 1 + Aurora 0 (p3 has no brand).
    const p = profileOf([ev('click', 'p1', T0), ev('cart', 'p3', T0)]);
    expect(p.category).toEqual({ shoes: 3 });
    expect(p.brand).toEqual({ Aurora: 1 });
    expect(p.colour).toEqual({ red: 1, grey: 2 });
    expect(p.counts.click).toBe(1);
    expect(p.counts.cart).toBe(1);
    // Newest first; at equal times the later event comes first.
    expect(p.recent.map((r) => r.item)).toEqual(['p3', 'p1']);
  });

  it('halves affinities after one half-life', () => {
    const halfLife = FIXTURE_SPEC.halfLifeHours * 3_600_000;
    const p = profileOf([ev('click', 'p5', T0), ev('impression', 'p1', T0 + halfLife)]);
    expect(p.category['lamps']).toBeCloseTo(0.5, 6);
    expect(p.categoryImpressions['shoes']).toBeCloseTo(1, 6);
  });

  it('counts an out-of-order event already decayed', () => {
    const halfLife = FIXTURE_SPEC.halfLifeHours * 3_600_000;
    const p = profileOf([ev('click', 'p5', T0 + halfLife), ev('click', 'p6', T0)]);
    expect(p.category['lamps']).toBeCloseTo(1.5, 6);
  });

  it('does not touch impressions in the recent sequence', () => {
    const p = profileOf([ev('impression', 'p1', T0), ev('ad_impression', 'p6', T0)]);
    expect(p.recent).toEqual([]);
    expect(p.category).toEqual({});
  });

  it('remembers when each product was last bought, the latest ones only', () => {
    const day = 86_400_000;
    const p = profileOf([ev('purchase', 'p1', T0), ev('click', 'p3', T0 + day), ev('purchase', 'p5', T0 + 40 * day), ev('purchase', 'p1', T0 - day)]);
    // A late event from another tab does not move a later purchase back.
    expect(p.bought).toEqual({ p1: T0, p5: T0 + 40 * day });
    expect([...boughtSince(p, T0 + 41 * day, 30)]).toEqual(['p5']);
    expect([...boughtSince(p, T0 + 41 * day, 60)].sort()).toEqual(['p1', 'p5']);
    const many = Array.from({ length: MAX_BOUGHT + 5 }, (_, i) => ev('purchase', `x${i}`, T0 + i));
    const full = many.reduce((q, e) => applyEvent(q, e, undefined, FIXTURE_SPEC), emptyProfile(FIXTURE_SPEC));
    expect(Object.keys(full.bought)).toHaveLength(MAX_BOUGHT);
    expect(full.bought['x0']).toBeUndefined();
    expect(full.bought[`x${MAX_BOUGHT + 4}`]).toBe(T0 + MAX_BOUGHT + 4);
  });

  it('maps prices to bands with 0 for a missing price', () => {
    expect(priceBandOf(null, FIXTURE_SPEC)).toBe(0);
    const edges = FIXTURE_SPEC.vocab.priceBandEdges;
    expect(priceBandOf(edges[0]!, FIXTURE_SPEC)).toBe(1);
    expect(priceBandOf(1e9, FIXTURE_SPEC)).toBe(edges.length + 1);
  });
});

describe('price within its category', () => {
  const moments = (prices: number[]) => {
    const logs = prices.map(Math.log);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    return { mean, sd: Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length) };
  };

  it("places a price among its own category's priced products", () => {
    // Shoes with a price: 80, 60, 25 (p4 has none); lamps: 45, 120, 30, 35.
    const shoes = moments([80, 60, 25]);
    const lamps = moments([45, 120, 30, 35]);
    expect(priceZ(FIXTURE_SPEC, 'shoes', 60)).toBeCloseTo((Math.log(60) - shoes.mean) / shoes.sd, 6);
    expect(priceZ(FIXTURE_SPEC, 'lamps', 60)).toBeCloseTo((Math.log(60) - lamps.mean) / lamps.sd, 6);
  });

  it('is NaN without a price or a known category, and clipped far out', () => {
    expect(priceZ(FIXTURE_SPEC, 'shoes', null)).toBeNaN();
    expect(priceZ(FIXTURE_SPEC, 'shoes', 0)).toBeNaN();
    expect(priceZ(FIXTURE_SPEC, 'boats', 50)).toBeNaN();
    expect(priceZ(FIXTURE_SPEC, 'shoes', 1e9)).toBe(PRICE_Z_LIMIT);
    expect(priceZ(FIXTURE_SPEC, 'shoes', 1e-6)).toBe(-PRICE_Z_LIMIT);
  });

  it("keeps decayed moments of the engaged products' positions", () => {
    const z1 = priceZ(FIXTURE_SPEC, 'shoes', 80);
    const z6 = priceZ(FIXTURE_SPEC, 'lamps', 120);
    // click = 1, cart = 2; the impression and the unpriced p4 add nothing.
    const p = profileOf([ev('click', 'p1', T0), ev('cart', 'p6', T0), ev('impression', 'p3', T0), ev('click', 'p4', T0)]);
    expect(p.priceZ[0]).toBeCloseTo(3, 6);
    expect(p.priceZ[1]).toBeCloseTo(z1 + 2 * z6, 6);
    expect(p.priceZ[2]).toBeCloseTo(z1 * z1 + 2 * z6 * z6, 6);
    const halfLife = FIXTURE_SPEC.halfLifeHours * 3_600_000;
    const later = applyEvent(p, ev('impression', 'p2', T0 + halfLife), item('p2'), FIXTURE_SPEC);
    expect(later.priceZ[0]).toBeCloseTo(1.5, 6);
  });

  it("tells the model how far a candidate is from the shopper's usual price position", () => {
    // A shopper who clicks the dearest shoe and the dearest lamp.
    const p = profileOf([ev('click', 'p1', T0), ev('click', 'p6', T0)]);
    const s = encoder.shopper(p, { now: T0, page: 'home' });
    const D = CANDIDATE_DENSE_FIELDS.length;
    const c = encoder.candidateDense(p, [{ item: item('p2') }, { item: item('p3') }, { item: item('p4') }]);
    const gap = (row: number) => c[row * D + field('priceGap')]!;
    // The 60 shoe is nearer their level than the 25 slipper; the unpriced boot has no gap.
    expect(gap(0)).toBeLessThan(gap(1));
    expect(gap(2)).toBe(0);
    expect(c[2 * D + field('priceZ')]).toBe(0);
    expect(c[0 * D + field('priceZ')]).toBeCloseTo(priceZ(FIXTURE_SPEC, 'shoes', 60) / PRICE_Z_LIMIT, 6);
    const mean = (priceZ(FIXTURE_SPEC, 'shoes', 80) + priceZ(FIXTURE_SPEC, 'lamps', 120)) / 2;
    expect(gap(1)).toBeCloseTo((priceZ(FIXTURE_SPEC, 'shoes', 25) - mean) ** 2 / PRICE_Z_LIMIT ** 2, 6);
    // The shopper's level is among the shopper statistics.
    expect([...s.dense]).toContainEqual(expect.closeTo(mean / PRICE_Z_LIMIT, 5));
  });

  it('leaves the gap at 0 for a shopper without priced engagement', () => {
    const c = encoder.candidateDense(emptyProfile(FIXTURE_SPEC), [{ item: item('p3') }]);
    expect(c[field('priceGap')]).toBe(0);
    expect(c[field('priceZ')]).not.toBe(0);
  });
});

describe('shopper features', () => {
  it('has explicit missing values for a new shopper', () => {
    const f = encoder.shopper(emptyProfile(FIXTURE_SPEC), { now: T0, page: 'home' });
    expect(f.recentItems).toEqual(new Int32Array(FIXTURE_SPEC.recentLength).fill(MISSING));
    expect(f.recentTypes).toEqual(new Int32Array(FIXTURE_SPEC.recentLength));
    expect(f.dense.length).toBe(shopperDenseSize(FIXTURE_SPEC));
    // Only the page one-hot is set: everything else is "no history".
    expect([...f.dense].filter((v) => v !== 0)).toEqual([1]);
  });

  it('encodes category shares and the recent sequence', () => {
    const p = profileOf([ev('click', 'p1', T0), ev('click', 'p2', T0 + 1000), ev('click', 'p5', T0 + 2000)]);
    const f = encoder.shopper(p, { now: T0 + 3000, page: 'category' });
    const shoes = FIXTURE_SPEC.vocab.categories.indexOf('shoes');
    const lamps = FIXTURE_SPEC.vocab.categories.indexOf('lamps');
    expect(f.dense[shoes]).toBeCloseTo(2 / 3, 5);
    expect(f.dense[lamps]).toBeCloseTo(1 / 3, 5);
    expect([...f.recentItems]).toEqual([encoder.itemIndex('p5'), encoder.itemIndex('p2'), encoder.itemIndex('p1'), 0]);
    expect([...f.recentTypes]).toEqual([1, 1, 1, 0]);
  });
});

describe('candidate features', () => {
  it('marks missing brand, colour and price and unknown products', () => {
    const p = emptyProfile(FIXTURE_SPEC);
    const unknown = { ...item('p2'), id: 'new-item' };
    const c = encoder.candidates(p, [{ item: item('p4') }, { item: unknown }]);
    const D = CANDIDATE_DENSE_FIELDS.length;
    expect(c.dense[field('priceMissing')]).toBe(1);
    expect(c.dense[field('colourMissing')]).toBe(1);
    expect(c.dense[field('brandMissing')]).toBe(0);
    expect(c.item[1]).toBe(UNKNOWN);
    expect(c.dense[D + field('itemUnknown')]).toBe(1);
    // p4 has no colour: its colour attribute is the colour vocabulary's MISSING entry.
    const [cats, brands] = [FIXTURE_SPEC.vocab.categories.length + 2, FIXTURE_SPEC.vocab.brands.length + 2];
    expect(c.attrs[2]).toBe(cats + brands + MISSING);
  });

  it('matches the shopper to the candidate', () => {
    const p = profileOf([ev('click', 'p1', T0), ev('click', 'p2', T0), ev('click', 'p5', T0)]);
    const c = encoder.candidates(p, [{ item: item('p3') }, { item: item('p6'), ad: FIXTURE_CATALOGUE.ads[0]!, slot: 16 }]);
    const D = CANDIDATE_DENSE_FIELDS.length;
    expect(c.dense[field('categoryShare')]).toBeCloseTo(2 / 3, 5);
    expect(c.dense[D + field('categoryShare')]).toBeCloseTo(1 / 3, 5);
    expect(c.dense[D + field('isAd')]).toBe(1);
    expect(c.dense[D + field('bid')]).toBeCloseTo(1.5 / FIXTURE_SPEC.maxBid, 6);
    expect(c.dense[D + field('position')]).toBeCloseTo(16 / FIXTURE_SPEC.maxSlot, 6);
    expect(c.dense[field('position')]).toBe(0);
    // The serving path's dense-only features are the same numbers.
    const two = [{ item: item('p3') }, { item: item('p6'), ad: FIXTURE_CATALOGUE.ads[0]!, slot: 16 }];
    expect(Array.from(encoder.candidateDense(p, two))).toEqual(Array.from(c.dense));
    // Written into a padded batch in place: the padding keeps its values; too little room is an error.
    const padded = new Float32Array(c.dense.length + D).fill(7);
    expect(encoder.candidateDense(p, two, padded)).toBe(padded);
    expect(Array.from(padded.subarray(0, c.dense.length))).toEqual(Array.from(c.dense));
    expect(padded.subarray(c.dense.length).every((v) => v === 7)).toBe(true);
    expect(() => encoder.candidateDense(p, two, new Float32Array(D))).toThrow(RangeError);
  });

  it('hashes title tokens stably and pads with 0', () => {
    expect(tokenize('Trail Runner, 2-pack!')).toEqual(['trail', 'runner', '2', 'pack']);
    // FNV-1a of "a" is 0xe40c292c.
    expect(hashToken('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    const c = encoder.candidates(emptyProfile(FIXTURE_SPEC), [{ item: item('p5') }]);
    expect(c.title[0]).toBe(1 + hashToken('desk', FIXTURE_SPEC.titleBuckets - 1));
    expect(c.title[2]).toBe(0);
  });
});
