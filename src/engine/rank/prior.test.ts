import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { emptyProfile } from '../features/profile';
import { FIXTURE_SPEC } from '../testing/fixture';
import { applyPrior, blendClick, blendProduct, countActions, priorLogitOf, priorWeight, validatePrior, type PopularityPrior } from './prior';

const prior: PopularityPrior = { clickLogit: { a: 2, b: -2 }, defaultLogit: -1, weight: 0.5, halfActions: 2 };
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('popularity prior', () => {
  it('counts clicks, carts, purchases and ad clicks, not impressions', () => {
    const p = emptyProfile(FIXTURE_SPEC);
    expect(countActions(p)).toBe(0);
    expect(countActions({ counts: { ...p.counts, impression: 40, ad_impression: 3, click: 2, cart: 1, purchase: 1, ad_click: 1 } })).toBe(5);
  });

  it('halves its weight at halfActions actions', () => {
    expect(priorWeight(prior, 0)).toBe(0.5);
    expect(priorWeight(prior, 2)).toBe(0.25);
    expect(priorWeight(prior, 6)).toBe(0.125);
  });

  it('blends in logit space: weight 0 keeps pCTR, weight 1 is the prior', () => {
    expect(blendClick(0.3, 2, 0)).toBe(0.3);
    expect(blendClick(0.3, 2, 1)).toBeCloseTo(sigmoid(2), 6);
    // logit(0.5) = 0, so half of the prior logit 2 is 1.
    expect(blendClick(0.5, 2, 0.5)).toBeCloseTo(sigmoid(1), 6);
  });

  it('gives a product the logs never showed the default logit', () => {
    expect(priorLogitOf(prior, 'a')).toBe(2);
    expect(priorLogitOf(prior, 'unseen')).toBe(-1);
    // Not a property of every object.
    expect(priorLogitOf(prior, 'constructor')).toBe(-1);
  });

  it('keeps the conversion rate: pCTCVR moves with pCTR', () => {
    const b = blendProduct(prior, 'a', 0.5, { click: 0.5, purchase: 0.1 });
    expect(b.click).toBeCloseTo(sigmoid(1), 6);
    expect(b.purchase / b.click).toBeCloseTo(0.1 / 0.5, 6);
  });

  it('reorders a new shopper towards the popular product and fades with actions', () => {
    // Two products the network scores alike; the prior prefers "a".
    const scores = (): { click: Float32Array; purchase: Float32Array } => ({
      click: Float32Array.of(0.2, 0.2, 0.9),
      purchase: Float32Array.of(0.02, 0.02, 0.5),
    });
    const fresh = scores();
    expect(applyPrior(prior, ['a', 'b'], 0, fresh.click, fresh.purchase), 'the weight it blended in').toBe(priorWeight(prior, 0));
    expect(fresh.click[0]!).toBeGreaterThan(fresh.click[1]!);
    // Only the products are touched: the third candidate is an ad.
    expect(fresh.click[2]).toBeCloseTo(0.9, 6);
    expect(fresh.purchase[2]).toBeCloseTo(0.5, 6);
    const regular = scores();
    applyPrior(prior, ['a', 'b'], 50, regular.click, regular.purchase);
    expect(regular.click[0]! - regular.click[1]!).toBeLessThan(fresh.click[0]! - fresh.click[1]!);
    const none = scores();
    expect(applyPrior(null, ['a', 'b'], 0, none.click, none.purchase)).toBeNull();
    expect(Array.from(none.click)).toEqual(Array.from(scores().click));
  });

  it("scales the weight by the shopper's learned scale, within [0, 1]", () => {
    const scores = (): { click: Float32Array; purchase: Float32Array } => ({ click: Float32Array.of(0.5, 0.5), purchase: Float32Array.of(0.1, 0.1) });
    const off = scores();
    expect(applyPrior(prior, ['a', 'b'], 0, off.click, off.purchase, 0)).toBe(0);
    expect(Array.from(off.click)).toEqual(Array.from(scores().click));
    // Weight 0.5 at scale 1; at scale 2 the prior alone: sigmoid(2) for "a".
    const full = scores();
    applyPrior(prior, ['a', 'b'], 0, full.click, full.purchase, 2);
    expect(full.click[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    const beyond = scores();
    applyPrior(prior, ['a', 'b'], 0, beyond.click, beyond.purchase, 5);
    expect(Array.from(beyond.click)).toEqual(Array.from(full.click));
  });

  it('reads a manifest prior, or none, and names a malformed field', () => {
    expect(validatePrior(undefined)).toBeNull();
    expect(validatePrior(JSON.parse(JSON.stringify(prior)))).toEqual(prior);
    expect(() => validatePrior({ ...prior, weight: 2 })).toThrow(ConfigError);
    expect(() => validatePrior({ ...prior, weight: 2 })).toThrow(/prior\.weight/);
    expect(() => validatePrior({ ...prior, halfActions: 0 })).toThrow(/prior\.halfActions/);
    expect(() => validatePrior({ ...prior, defaultLogit: 'x' })).toThrow(/prior\.defaultLogit/);
    expect(() => validatePrior({ ...prior, clickLogit: { a: null } })).toThrow(/clickLogit\["a"\]/);
    expect(() => validatePrior({ ...prior, clickLogit: [1, 2] })).toThrow(/prior\.clickLogit/);
    expect(() => validatePrior('prior')).toThrow(/must be an object/);
  });
});
