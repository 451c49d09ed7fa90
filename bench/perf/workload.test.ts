import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../src/engine/catalogue/types';
import { growCatalogue, shopperHistory } from './workload';

const base: Catalogue = {
  format: 1,
  seed: 1,
  currency: 'EUR',
  categories: [],
  items: [
    { id: 'p1', title: 'Red Mug', category: 'kitchen', brand: 'A', colour: 'red', price: 9, tags: ['cosy'], description: '' },
    { id: 'p2', title: 'Blue Boot', category: 'shoes', brand: null, colour: 'blue', price: null, tags: [], description: '' },
    { id: 'p3', title: 'Green Tent', category: 'outdoor', brand: 'B', colour: null, price: 120, tags: ['outdoor'], description: '' },
  ],
  ads: [{ id: 'ad1', itemId: 'p3', bid: 1, headline: 'Tent' }],
};

describe('growCatalogue', () => {
  it('keeps the originals first and adds clones with new ids and the same attributes', () => {
    const grown = growCatalogue(base, 8);
    expect(grown.items.map((i) => i.id)).toEqual(['p1', 'p2', 'p3', 'p1-c1', 'p2-c1', 'p3-c1', 'p1-c2', 'p2-c2']);
    expect(new Set(grown.items.map((i) => i.id)).size).toBe(8);
    expect({ ...grown.items[4]!, id: 'p2' }).toEqual(base.items[1]);
    expect(grown.ads).toEqual(base.ads);
    // The caller's catalogue is not changed.
    expect(base.items).toHaveLength(3);
  });

  it("never drops the shop's own products", () => {
    expect(growCatalogue(base, 2).items).toHaveLength(3);
  });
});

describe('shopperHistory', () => {
  const now = Date.UTC(2026, 10, 1);

  it('is the same for the same seed, in time order, and about the size asked for', () => {
    const a = shopperHistory(base, 500, 7, now);
    expect(shopperHistory(base, 500, 7, now)).toEqual(a);
    expect(shopperHistory(base, 500, 8, now)).not.toEqual(a);
    expect(a.events.length).toBeGreaterThan(470);
    expect(a.events.length).toBeLessThan(530);
    const ts = a.events.map((e) => e.ts!);
    expect(ts).toEqual([...ts].sort((x, y) => x - y));
    expect(Math.max(...ts)).toBeLessThanOrEqual(now + 5_000);
  });

  it('gives every page 24 product and 3 ad impressions, and clicks only on what the page showed', () => {
    const h = shopperHistory(base, 2_000, 1, now);
    const pages = new Map<string, string[]>();
    for (const e of h.events.filter((e) => e.type === 'impression' || e.type === 'ad_impression'))
      pages.set(e.request!, [...(pages.get(e.request!) ?? []), e.item]);
    expect(pages.size).toBe(h.pages);
    for (const shown of pages.values()) expect(shown).toHaveLength(27);
    const clicks = h.events.filter((e) => e.type === 'click');
    expect(clicks).toHaveLength(h.clicks);
    expect(h.clicks).toBeGreaterThan(0);
    for (const c of clicks) {
      const shown = h.events.find((e) => e.type === 'impression' && e.request === c.request && e.slot === c.slot);
      expect(shown?.item).toBe(c.item);
    }
  });
});
