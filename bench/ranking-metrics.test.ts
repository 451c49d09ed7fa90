import { describe, expect, it } from 'vitest';
import { Rng } from '../src/sim/random';
import { bootstrapLiftInterval, dcgAt, liftOfMeans, ndcgAt, quantile } from './ranking-metrics';

describe('ranking metrics', () => {
  it('computes DCG with log2(position + 1) discounts', () => {
    // 1/log2(2) + 1/log2(3) = 1 + 0.63093
    expect(dcgAt([1, 1], 2)).toBeCloseTo(1.63093, 5);
    expect(dcgAt([1, 1, 1], 1)).toBe(1);
  });

  it('normalises by the true top k of the whole catalogue, not of the ranked items', () => {
    const gains = new Map([
      ['a', 1],
      ['b', 0.5],
      ['c', 0],
    ]);
    expect(ndcgAt(['a', 'b'], gains, 2)).toBeCloseTo(1, 10);
    // (0.5 + 1/log2 3) / (1 + 0.5/log2 3) = 1.13093 / 1.31546
    expect(ndcgAt(['b', 'a'], gains, 2)).toBeCloseTo(1.13093 / 1.31546, 4);
    // Ranking only 'c' misses the ideal items entirely.
    expect(ndcgAt(['c'], gains, 2)).toBe(0);
    expect(() => ndcgAt(['x'], gains, 2)).toThrow(RangeError);
  });

  it('measures lift as a ratio of means with a paired bootstrap interval around it', () => {
    expect(liftOfMeans([0.2, 0.4], [0.3, 0.6])).toBeCloseTo(0.5, 10);
    expect(liftOfMeans([], [])).toBeNaN();
    // Every pair has the same 50 % lift, so every resample has it too.
    const [lo, hi] = bootstrapLiftInterval([0.2, 0.4, 0.1], [0.3, 0.6, 0.15], new Rng(1));
    expect(lo).toBeCloseTo(0.5, 10);
    expect(hi).toBeCloseTo(0.5, 10);
    const [a, b] = bootstrapLiftInterval([0.2, 0.4, 0.1, 0.3], [0.3, 0.3, 0.2, 0.3], new Rng(1));
    expect(a).toBeLessThan(b);
  });

  it('takes the lower nearest-rank quantile', () => {
    expect(quantile([3, 1, 2, 4], 0.25)).toBe(2);
    expect(quantile([3, 1, 2, 4], 0)).toBe(1);
    expect(quantile([3, 1, 2, 4], 1)).toBe(4);
  });
});
