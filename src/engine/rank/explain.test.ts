import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recommender } from '../api';
import type { CatalogueItem } from '../catalogue/types';
import { applyEvent, emptyProfile, type Profile } from '../features/profile';
import { priceZ } from '../features/spec';
import { createRecommender } from '../recommender';
import { memoryFetch, readModelFiles } from '../testing/files';
import { FIXTURE_CATALOGUE, FIXTURE_SPEC } from '../testing/fixture';
import { FIXTURE_MODEL_DIR } from '../testing/fixture-model';
import { EXPLAIN_THRESHOLDS, explain, MAX_REASONS, type ExplainInput } from './explain';

const T = Date.UTC(2025, 0, 15, 12);
const DAY = 86_400_000;
const byId = new Map(FIXTURE_CATALOGUE.items.map((i) => [i.id, i]));
const item = (id: string): CatalogueItem => byId.get(id)!;
const scores = { click: 0.12, purchase: 0.03, adClick: null };
const base = { spec: FIXTURE_SPEC, categories: FIXTURE_CATALOGUE.categories, lookup: (id: string) => byId.get(id), currency: 'EUR', now: T, scores };

/**
 * A shopper who clicked the Aurora trail shoe p1 (red, €80, outdoor + sporty)
 * and put it in the cart, just now: weights 1 + 2 = 3 on each of its
 * attributes, its two tags 1.5 each. FIXTURE_SPEC's price edges are
 * [30, 35, 60, 80], so €80 is band index 4 ("€60 to €80").
 */
const shoeShopper: Profile = {
  ...emptyProfile(FIXTURE_SPEC),
  decayedTo: T,
  counts: { ...emptyProfile(FIXTURE_SPEC).counts, click: 1, cart: 1 },
  category: { shoes: 3 },
  brand: { Aurora: 3 },
  colour: { red: 3 },
  tag: { outdoor: 1.5, sporty: 1.5 },
  priceBand: [0, 0, 0, 0, 3, 0],
  // €80 is the dearest priced shoe: about one standard deviation above the shoes' mean.
  priceZ: [3, 3 * priceZ(FIXTURE_SPEC, 'shoes', 80), 3 * priceZ(FIXTURE_SPEC, 'shoes', 80) ** 2],
  recent: [
    { item: 'p1', type: 'cart', ts: T },
    { item: 'p1', type: 'click', ts: T },
  ],
  sessionStart: T,
  lastEventAt: T,
  sessionEvents: 2,
  lastPage: 'product',
};

describe('explain', () => {
  it('the hand-made profile is what the shop would have stored', () => {
    let p = emptyProfile(FIXTURE_SPEC);
    const ev = (type: 'click' | 'cart', ts: number) => ({ ts, shopper: 'local', type, item: 'p1', slot: 0, request: 'r', page: 'product' as const });
    p = applyEvent(p, ev('click', T), item('p1'), FIXTURE_SPEC);
    p = applyEvent(p, ev('cart', T), item('p1'), FIXTURE_SPEC);
    expect(p).toEqual(shoeShopper);
  });

  it('a matching shoe of the same brand: category and brand, nothing else', () => {
    // p2: Aurora shoe, white, €60 (band 3), tag "classic": colour, tag and price do not match.
    const why = explain({ ...base, profile: shoeShopper, item: item('p2') });
    expect(why).toEqual({
      sponsored: false,
      scores,
      reasons: [
        { kind: 'category', label: 'Shoes', share: 1 },
        { kind: 'brand', label: 'Aurora', share: 1 },
      ],
    });
  });

  it('an unrelated product: "Popular with shoppers like you", or "Popular with shoppers" for a new shopper', () => {
    // p5: Lumo desk lamp, black, €45, home-office + minimalist: no overlap with p1. The model
    // still ranked it for a shopper who engaged with one product: shoppers like them open it.
    const why = explain({ ...base, profile: shoeShopper, item: item('p5') });
    expect(why.reasons).toEqual([{ kind: 'popular', label: 'Popular with shoppers like you', share: 1, count: 1 }]);
    expect(why.sponsored).toBe(false);
    // A new shopper: nothing matches anything, and the model has only everyone's taste.
    expect(explain({ ...base, profile: emptyProfile(FIXTURE_SPEC), item: item('p2') }).reasons).toEqual([
      { kind: 'popular', label: 'Popular with shoppers', share: 1, count: 0 },
    ]);
  });

  it('an ad is sponsored; the product itself in the recent engagements leads, at most 3 reasons', () => {
    const ad = FIXTURE_CATALOGUE.ads.find((a) => a.itemId === 'p1')!;
    const adScores = { click: 0.05, purchase: 0.01, adClick: 0.04 };
    const why = explain({ ...base, profile: shoeShopper, item: item('p1'), ad, scores: adScores });
    expect(why.sponsored).toBe(true);
    expect(why.scores).toEqual(adScores);
    // Category, brand, colour, tag and price all match at share 1 (tags 0.5): ties go to the more specific.
    expect(why.reasons).toHaveLength(MAX_REASONS);
    expect(why.reasons).toEqual([
      { kind: 'recent', label: 'You added this to your cart recently', share: 1 },
      { kind: 'category', label: 'Shoes', share: 1 },
      { kind: 'brand', label: 'Aurora', share: 1 },
    ]);
    // An ad for an unrelated product: sponsored, popular.
    const lampAd = FIXTURE_CATALOGUE.ads.find((a) => a.itemId === 'p6')!;
    const lamp = explain({ ...base, profile: shoeShopper, item: item('p6'), ad: lampAd, scores: adScores });
    expect(lamp.sponsored).toBe(true);
    expect(lamp.reasons.map((r) => r.kind)).toEqual(['popular']);
  });

  it('labels: colour as is, tag capitalised, price band in the currency; colour and tag with their product counts', () => {
    // A shopper of outdoor things in red at €60 to €80, who engaged with p1 (red, outdoor) and
    // p8 (green, outdoor); asked about a product of another category that shares only those.
    const profile: Profile = {
      ...shoeShopper,
      category: { lamps: 3 },
      brand: { Lumo: 3 },
      recent: [
        { item: 'p1', type: 'click', ts: T },
        { item: 'p8', type: 'click', ts: T - 1000 },
      ],
    };
    const probe: CatalogueItem = { ...item('p1'), id: 'x1', category: 'hats', brand: 'Other' };
    const why = explain({ ...base, profile, item: probe });
    expect(why.reasons.map((r) => r.kind)).toEqual(['colour', 'price', 'tag']);
    expect(why.reasons[0]).toEqual({ kind: 'colour', label: 'red', share: 1, count: 1 });
    expect(why.reasons[1]!.label).toMatch(/^€60 to €80$/);
    expect(why.reasons[2]).toEqual({ kind: 'tag', label: 'Outdoor', share: 0.5, count: 2 });
    // Without a currency, plain numbers; the first and last bands are open.
    expect(explain({ ...base, currency: undefined, profile, item: probe }).reasons[1]!.label).toBe('60 to 80');
    const cheap = { ...profile, priceBand: [0, 3, 0, 0, 0, 0] };
    expect(explain({ ...base, profile: cheap, item: { ...probe, price: 10 } }).reasons[1]!.label).toBe('up to €30');
  });

  it('thresholds: a weak share or a decayed interest is no reason', () => {
    // 1 shoe click among 9 lamp clicks: shoes hold 0.1 < minShare 0.2 of the category affinity.
    const mostlyLamps: Profile = { ...shoeShopper, category: { shoes: 1, lamps: 9 }, brand: { Aurora: 1, Lumo: 9 }, colour: {}, tag: {}, recent: [] };
    expect(EXPLAIN_THRESHOLDS.minShare.category).toBeGreaterThan(0.1);
    expect(explain({ ...base, profile: mostlyLamps, item: item('p2') }).reasons.map((r) => r.kind)).toEqual(['popular']);
    // The same shoe shopper 90 days later: 3 x 2^(-90/14) = 0.035 < minWeight 0.5; the cart is no longer recent.
    const later = explain({ ...base, now: T + 90 * DAY, profile: shoeShopper, item: item('p1') });
    expect(later.reasons.map((r) => r.kind)).toEqual(['popular']);
    // 10 days later the affinity still counts (3 x 2^(-10/14) = 1.8), but "recent" (7 days) does not.
    const soon = explain({ ...base, now: T + 10 * DAY, profile: shoeShopper, item: item('p1') });
    expect(soon.reasons.map((r) => r.kind)).toEqual(['category', 'brand', 'colour']);
  });

  it('a colour counts the different products behind it', () => {
    // Clicks on red products of another brand and category, asked about the red shoe p1.
    const red = (id: string): CatalogueItem => ({ ...item('p7'), id, colour: 'red', tags: [] });
    const reds = ['r1', 'r2', 'r3', 'r4'].map(red);
    const find = (id: string) => reds.find((i) => i.id === id) ?? byId.get(id);
    const after = (ids: string[]): Profile =>
      ids.reduce(
        (p, id, k) =>
          applyEvent(p, { ts: T - k * 1000, shopper: 'local', type: 'click', item: id, slot: 0, request: 'r', page: 'home' }, find(id), FIXTURE_SPEC),
        emptyProfile(FIXTURE_SPEC),
      );
    const colour = (ids: string[]) => explain({ ...base, lookup: find, profile: after(ids), item: item('p1') }).reasons.find((r) => r.kind === 'colour');
    // One pink click is one product, not a habit; the same product three times is still one.
    expect(colour(['r1'])).toMatchObject({ label: 'red', count: 1 });
    expect(colour(['r1', 'r1', 'r1'])).toMatchObject({ count: 1 });
    expect(colour(['r1', 'r2', 'r3'])).toMatchObject({ count: 3 });
    // FIXTURE_SPEC keeps the 4 newest engagements: that is as far as a count can see.
    expect(colour(['r1', 'r2', 'r3', 'r4', 'r1'])).toMatchObject({ count: 4 });
  });

  it('a tag is named only when two different engaged products carry it', () => {
    // The shoe shopper engaged with p1 (outdoor, sporty) only: its tags came bundled with the
    // shoe, so the outdoor rain boot p4 is explained by its category, not by "outdoor".
    const one = explain({ ...base, profile: shoeShopper, item: item('p4') });
    expect(one.reasons.map((r) => r.kind)).toEqual(['category']);
    // After a click on the outdoor camping light p8 too, two products say "outdoor".
    const ev = { ts: T, shopper: 'local', type: 'click' as const, item: 'p8', slot: 0, request: 'r', page: 'home' as const };
    const two = applyEvent(shoeShopper, ev, item('p8'), FIXTURE_SPEC);
    expect(explain({ ...base, profile: two, item: item('p4') }).reasons).toContainEqual({ kind: 'tag', label: 'Outdoor', share: expect.any(Number), count: 2 });
  });

  it('one usual price range per shopper, the same on every card', () => {
    // FIXTURE_SPEC's edges are [30, 35, 60, 80]. Half the priced engagement at €35 to €60, half
    // at €60 to €80: neither band alone is "usual", the two together are.
    const split: Profile = { ...emptyProfile(FIXTURE_SPEC), decayedTo: T, priceBand: [0, 0, 0, 2, 2, 0] };
    const rangeOf = (profile: Profile, price: number) =>
      explain({ ...base, profile, item: { ...item('p7'), id: `x${price}`, price } }).reasons.find((r) => r.kind === 'price')?.label;
    expect(rangeOf(split, 50)).toBe('€35 to €80');
    expect(rangeOf(split, 70)).toBe('€35 to €80');
    expect(rangeOf(split, 90)).toBeUndefined();
    // The top band open: "over …".
    expect(rangeOf({ ...split, priceBand: [0, 0, 0, 0, 2, 2] }, 200)).toBe('over €60');
    // Most of it in one band: that band alone; a neighbour's product is not in the usual range.
    const mostly: Profile = { ...split, priceBand: [0, 0, 0, 1, 3, 0] };
    expect(rangeOf(mostly, 70)).toBe('€60 to €80');
    expect(rangeOf(mostly, 50)).toBeUndefined();
    // Split between far-apart bands: no usual range at all.
    const apart: Profile = { ...split, priceBand: [0, 2, 0, 0, 2, 0] };
    expect(rangeOf(apart, 20)).toBeUndefined();
    expect(rangeOf(apart, 70)).toBeUndefined();
    // Across the whole catalogue, one label per shopper.
    for (const profile of [split, mostly, apart, shoeShopper]) {
      const labels = new Set(
        FIXTURE_CATALOGUE.items.flatMap((i) =>
          explain({ ...base, profile, item: i })
            .reasons.filter((r) => r.kind === 'price')
            .map((r) => r.label),
        ),
      );
      expect(labels.size).toBeLessThanOrEqual(1);
    }
  });

  it('"priced like what you usually pick" from where the price stands in its category', () => {
    // A shopper who picks the dearer things of every category (z = 1, consistently), with no
    // other affinity, asked about the €80 shoe (z ≈ 0.98), whose price band they never engaged with.
    const dear: Profile = { ...emptyProfile(FIXTURE_SPEC), decayedTo: T, priceZ: [4, 4, 4] };
    const why = explain({ ...base, profile: dear, item: item('p1') });
    expect(priceZ(FIXTURE_SPEC, 'shoes', 80)).toBeCloseTo(0.98, 2);
    expect(why.reasons).toEqual([{ kind: 'pricePosition', label: 'dearer than most Shoes', share: 1 }]);
    // Not for the cheapest shoe, an unpriced one, a shopper whose picks are spread (sd 1),
    // one with little priced engagement left after decay, or one without a level of their own.
    const kinds = (profile: Profile, id: string, now = T) => explain({ ...base, now, profile, item: item(id) }).reasons.map((r) => r.kind);
    expect(kinds(dear, 'p3')).toEqual(['popular']);
    expect(kinds(dear, 'p4')).toEqual(['popular']);
    expect(kinds({ ...dear, priceZ: [4, 4, 8] }, 'p1')).toEqual(['popular']);
    expect(kinds(dear, 'p1', T + 30 * DAY)).toEqual(['popular']);
    expect(kinds({ ...dear, priceZ: [4, 0.8, 0.16] }, 'p1')).toEqual(['popular']);
    // A cheap-picking shopper and the cheapest lamp: "cheaper than most Lamps".
    const cheap: Profile = { ...dear, priceZ: [4, -4, 4] };
    expect(explain({ ...base, profile: cheap, item: item('p7') }).reasons[0]!.label).toBe('cheaper than most Lamps');
  });

  it('"recently looked at this category" when the long-run affinity is elsewhere', () => {
    // Lots of old lamp purchases; the two newest engagements are shoes (p3, p4), so shoes
    // hold 2 of 4 recent places (0.5) but only 2 / 29 of the category affinity.
    const profile: Profile = {
      ...emptyProfile(FIXTURE_SPEC),
      decayedTo: T,
      category: { lamps: 27, shoes: 2 },
      recent: [
        { item: 'p3', type: 'click', ts: T - 1000 },
        { item: 'p4', type: 'click', ts: T - 2000 },
        { item: 'p5', type: 'purchase', ts: T - 3 * DAY },
        { item: 'p6', type: 'purchase', ts: T - 4 * DAY },
      ],
    };
    const why = explain({ ...base, profile, item: item('p2') });
    expect(why.reasons).toEqual([{ kind: 'category', label: 'Shoes', share: 0.5 }]);
  });

  it('is pure and returns plain data', () => {
    const input: ExplainInput = { ...base, profile: shoeShopper, item: item('p1') };
    const before = JSON.stringify(input.profile);
    const why = explain(input);
    expect(JSON.stringify(input.profile)).toBe(before);
    expect(structuredClone(why)).toEqual(why);
    expect(why.scores).not.toBe(input.scores);
  });
});

describe('rank() attaches explanations', () => {
  let engine: Recommender | undefined;
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
  });

  it('every ranked slot has one; the default order has none', async () => {
    const fetchFn = memoryFetch(await readModelFiles(FIXTURE_MODEL_DIR, '/models/'));
    engine = await createRecommender({
      catalogue: FIXTURE_CATALOGUE,
      modelUrl: '/models/',
      backends: ['cpu'],
      fetch: fetchFn,
      dbName: 'explain-1',
      now: () => T,
    });
    // The ads (for p1 and p6) come first, before either product could be listed.
    const home = { page: 'home' as const, candidates: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'], productSlots: 4, adPositions: [0, 1] };
    await engine.record({ type: 'click', item: 'p1', slot: 0, request: null, page: 'home' });
    const page = await engine.rank(home);
    expect(page.slots.some((s) => s.kind === 'ad')).toBe(true);
    for (const s of page.slots) {
      expect(s.why, `slot ${s.slot}`).not.toBeNull();
      expect(s.why!.sponsored).toBe(s.kind === 'ad');
      expect(s.why!.reasons.length).toBeGreaterThan(0);
      if (s.kind === 'product') expect(s.why!.scores).toEqual({ click: s.scores!.click, purchase: s.scores!.purchase, adClick: null });
      else expect(s.why!.scores.adClick).toBe(s.scores!.adClick);
    }
    // The clicked shoe p1, as an ad: sponsored, and "you looked at this" leads.
    const p1 = page.slots.find((s) => s.itemId === 'p1')!;
    expect(p1.kind).toBe('ad');
    expect(p1.why!.reasons.map((r) => r.label)).toEqual(['You looked at this recently', 'Shoes', 'Aurora']);
    const p2 = page.slots.find((s) => s.itemId === 'p2')!;
    expect(p2.why!.reasons.map((r) => r.label)).toEqual(['Shoes', 'Aurora']);
    // It crosses postMessage: a structured clone is equal.
    expect(structuredClone(page.slots)).toEqual(page.slots);
    expect(engine.defaultOrder(home).slots.every((s) => s.why === null)).toBe(true);
  });
});
