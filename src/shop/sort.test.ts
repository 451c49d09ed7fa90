import { describe, expect, it } from 'vitest';
import type { RankResult, RankedSlot } from '../engine/api';
import { arrange, parseSort, withSort } from './sort';

const product = (itemId: string, slot: number): RankedSlot => ({ kind: 'product', itemId, slot, scores: null, why: null });
const ad = (itemId: string, slot: number): RankedSlot => ({ kind: 'ad', adId: `ad-${itemId}`, itemId, slot, scores: null, why: null });

/** A ranked page: products a–f in the engine's order, an ad at positions 1 and 4. */
const page: RankResult = {
  requestId: 'r-1',
  ranked: true,
  order: 'personal',
  elapsedMs: 3,
  slots: [product('a', 0), ad('x', 1), product('b', 2), product('c', 3), ad('y', 4), product('d', 5), product('e', 6), product('f', 7)],
};
const prices: Record<string, number | null> = { a: 30, b: 10, c: null, d: 10, e: 55, f: 20, x: 99, y: 1 };
const priceOf = (id: string): number | null => prices[id] ?? null;
const ids = (r: RankResult): string[] => r.slots.map((s) => s.itemId);

describe('arrange', () => {
  it('leaves the engine’s page as it is for the recommended order', () => {
    expect(arrange(page, 'recommended', priceOf)).toBe(page);
  });

  it('orders products by price, keeps the ads where they are and the engine’s order among equal prices', () => {
    // b and d cost the same: b was ranked higher. c has no price: last.
    expect(ids(arrange(page, 'price-asc', priceOf))).toEqual(['b', 'x', 'd', 'f', 'y', 'a', 'e', 'c']);
    expect(ids(arrange(page, 'price-desc', priceOf))).toEqual(['e', 'x', 'a', 'f', 'y', 'b', 'd', 'c']);
  });

  it('gives each slot the position it is shown at, with the same request id and scores', () => {
    const sorted = arrange(page, 'price-asc', priceOf);
    expect(sorted.slots.map((s) => s.slot)).toEqual(page.slots.map((s) => s.slot));
    expect(sorted.requestId).toBe(page.requestId);
    expect(sorted.slots.filter((s) => s.kind === 'ad')).toEqual(page.slots.filter((s) => s.kind === 'ad'));
    expect(page.slots.map((s) => s.itemId)).toEqual(['a', 'x', 'b', 'c', 'y', 'd', 'e', 'f']); // not mutated
  });

  it('is the same when applied twice (a page shown again keeps its order)', () => {
    const once = arrange(page, 'price-desc', priceOf);
    expect(arrange(once, 'price-desc', priceOf)).toEqual(once);
  });
});

describe('parseSort and withSort', () => {
  it('reads the orders the shop has, and the default for anything else', () => {
    expect(parseSort('?sort=price-asc')).toBe('price-asc');
    expect(parseSort('?q=red&sort=%20Price-Desc%20')).toBe('price-desc');
    expect(parseSort('')).toBe('recommended');
    expect(parseSort('?sort=cheapest')).toBe('recommended');
  });

  it('sets the order in a path and keeps its other parameters; the default order is no parameter', () => {
    expect(withSort('/c/shoes', 'price-asc')).toBe('/c/shoes?sort=price-asc');
    expect(withSort('/search?q=red+boots&sort=price-asc', 'price-desc')).toBe('/search?q=red+boots&sort=price-desc');
    expect(withSort('/search?q=red&sort=price-asc', 'recommended')).toBe('/search?q=red');
    expect(parseSort(new URL(withSort('/c/a', 'price-desc'), 'http://x').search)).toBe('price-desc');
  });
});
