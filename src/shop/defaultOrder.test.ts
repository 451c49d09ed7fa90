import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../engine/catalogue/types';
import { isLocalResult, keepLocal, localDefaultOrder } from './defaultOrder';
import { arrange } from './sort';

const catalogue: Catalogue = {
  format: 1,
  seed: 1,
  currency: 'EUR',
  categories: [{ slug: 'shoes', name: 'Shoes' }],
  items: [],
  ads: [
    { id: 'ad1', itemId: 'p9', bid: 1, headline: 'A' },
    { id: 'ad2', itemId: 'p8', bid: 1, headline: 'B' },
  ],
};

describe('localDefaultOrder', () => {
  it('keeps candidate order and puts ads in their grid positions', () => {
    // The ads' products are candidates too; each is shown once, as its ad.
    const r = localDefaultOrder(catalogue, { page: 'home', candidates: ['p1', 'p2', 'p8', 'p3', 'p9', 'p4'], productSlots: 3, adPositions: [1, 3, 40] });
    expect(r.slots.map((s) => `${s.slot}:${s.kind}:${s.itemId}`)).toEqual(['0:product:p1', '1:ad:p9', '2:product:p2', '3:ad:p8', '4:product:p3']);
    expect(r.ranked).toBe(false);
    expect(isLocalResult(r)).toBe(true);
    expect(isLocalResult({ ...r })).toBe(false); // a copy (e.g. from the engine) is not local
  });

  it('gives an empty grid for no candidates', () => {
    expect(localDefaultOrder(catalogue, { page: 'home', candidates: [], productSlots: 24, adPositions: [0] }).slots).toEqual([]);
  });

  it('stays local in another order, so a price-sorted default grid is not logged either', () => {
    const r = localDefaultOrder(catalogue, { page: 'home', candidates: ['p1', 'p2', 'p3'], productSlots: 3 });
    const prices: Record<string, number> = { p1: 30, p2: 10, p3: 20 };
    const sorted = keepLocal(
      r,
      arrange(r, 'price-asc', (id) => prices[id] ?? null),
    );
    expect(sorted.slots.map((s) => s.itemId)).toEqual(['p2', 'p3', 'p1']);
    expect(isLocalResult(sorted)).toBe(true);
    const engine = { ...r };
    expect(
      isLocalResult(
        keepLocal(
          engine,
          arrange(engine, 'price-asc', (id) => prices[id] ?? null),
        ),
      ),
    ).toBe(false);
  });
});
