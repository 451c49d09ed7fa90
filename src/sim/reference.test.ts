import { describe, expect, it } from 'vitest';
import { relevanceVector } from './behaviour';
import { generateCatalogue } from './catalogue';
import { Rng } from './random';
import { estimateTastes, estimatedShopper } from './reference';
import { CATEGORY_ALPHA, type SimShopper } from './shopper';
import { createWorld } from './world';

const world = createWorld({ seed: 3, catalogue: generateCatalogue(), shoppers: 40 });
const st = world.stats;

/** Clicks drawn from a shopper's true P(click | examined) over the whole catalogue. */
function clicksOf(shopper: SimShopper, n: number, seed: number): string[] {
  const rel = relevanceVector(world, shopper);
  const total = rel.reduce((a, b) => a + b, 0);
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => {
    let u = rng.next() * total;
    for (let i = 0; i < rel.length; i++) if ((u -= rel[i]!) <= 0) return st.itemIds[i]!;
    return st.itemIds[rel.length - 1]!;
  });
}

/** Share of the true top-10 items (by P(click | examined)) among the estimate's top 10. */
function overlapAt10(truth: SimShopper, estimate: SimShopper): number {
  const top = (s: SimShopper): Set<number> =>
    new Set(
      Array.from(relevanceVector(world, s), (p, i) => ({ p, i }))
        .sort((a, b) => b.p - a.p)
        .slice(0, 10)
        .map((x) => x.i),
    );
  const a = top(truth);
  return [...top(estimate)].filter((i) => a.has(i)).length / 10;
}

describe('estimateTastes', () => {
  it('gives the Dirichlet posterior mean of the category shares', () => {
    const item = (c: number): string => st.itemIds[st.itemCategory.findIndex((k) => k === c)]!;
    const t = estimateTastes(world, [item(0), item(0), item(1), 'not-an-item']);
    const K = st.categories.length;
    expect(t.categories[st.categories[0]!]).toBeCloseTo((2 + CATEGORY_ALPHA) / (3 + K * CATEGORY_ALPHA), 12);
    expect(t.categories[st.categories[2]!]).toBeCloseTo(CATEGORY_ALPHA / (3 + K * CATEGORY_ALPHA), 12);
    expect(Object.values(t.categories).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('knows nothing without clicks: uniform shares, a typical price level, no brands', () => {
    const t = estimateTastes(world, []);
    for (const v of Object.values(t.categories)) expect(v).toBeCloseTo(1 / st.categories.length, 12);
    expect(t.priceLevel).toBe(0);
    expect(t.brands).toEqual([]);
    expect(t.colours).toEqual([]);
  });

  it('shrinks the price level toward 0 and counts a brand as liked from its second click', () => {
    const i = st.itemIds.findIndex((_, k) => st.itemBrand[k] != null && Math.abs(st.itemPriceZ[k]!) > 0.5);
    const id = st.itemIds[i]!;
    const once = estimateTastes(world, [id]);
    const twice = estimateTastes(world, [id, id]);
    const z = st.itemPriceZ[i]!;
    expect(Math.sign(once.priceLevel)).toBe(Math.sign(z));
    expect(Math.abs(once.priceLevel)).toBeLessThan(Math.abs(twice.priceLevel));
    expect(Math.abs(twice.priceLevel)).toBeLessThan(Math.abs(z));
    expect(once.brands).toEqual([]);
    expect(twice.brands).toEqual([st.itemBrand[i]]);
  });

  it('ranks closer to the truth the more clicks it sees', () => {
    const shoppers = world.shoppers.slice(0, 12);
    const mean = (n: number): number =>
      shoppers.reduce((s, shopper, k) => s + overlapAt10(shopper, estimatedShopper(world, 'estimate', clicksOf(shopper, n, k))), 0) / shoppers.length;
    const none = mean(0);
    const few = mean(10);
    const many = mean(200);
    expect(few).toBeGreaterThan(none);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeGreaterThan(0.4);
  });
});
