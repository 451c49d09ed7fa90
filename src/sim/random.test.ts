import { describe, expect, it } from 'vitest';
import { Rng } from './random';

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.next());
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(new Rng(42), 50)).toEqual(draw(new Rng(42), 50));
    expect(draw(new Rng(42), 50)).not.toEqual(draw(new Rng(43), 50));
  });

  it('gives numbers in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12', () => {
    const xs = draw(new Rng(1), 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
    expect(variance(xs)).toBeCloseTo(1 / 12, 2);
  });

  it('forks independent streams that do not depend on how far the parent has gone', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 100);
    expect(draw(a.fork('x'), 10)).toEqual(draw(b.fork('x'), 10));
    expect(draw(a.fork('x'), 10)).not.toEqual(draw(a.fork('y'), 10));
    expect(draw(a.fork('x'), 10)).not.toEqual(draw(new Rng(7), 10));
    expect(a.fork('x').key).toBe('7/x');
  });

  it('int(n) covers 0..n-1 roughly evenly and rejects bad n', () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[rng.int(6)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
    const between = Array.from({ length: 500 }, () => rng.intBetween(2, 4));
    expect(new Set(between)).toEqual(new Set([2, 3, 4]));
  });

  it('normal() has mean ≈ 0 and sd ≈ 1', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    expect(Math.abs(mean(xs))).toBeLessThan(0.03);
    expect(Math.sqrt(variance(xs))).toBeCloseTo(1, 1);
  });

  it('gamma(k, θ) has mean k·θ, also for k < 1', () => {
    const rng = new Rng(9);
    for (const [k, theta] of [
      [2, 0.5],
      [0.3, 2],
      [5, 1],
    ] as const) {
      const xs = Array.from({ length: 20_000 }, () => rng.gamma(k, theta));
      expect(Math.min(...xs)).toBeGreaterThan(0);
      expect(mean(xs)).toBeCloseTo(k * theta, 1);
    }
    expect(() => rng.gamma(0)).toThrow(RangeError);
  });

  it('dirichlet sums to 1 and small alphas concentrate the mass', () => {
    const rng = new Rng(11);
    let topShare = 0;
    for (let i = 0; i < 500; i++) {
      const p = rng.dirichlet(Array.from({ length: 16 }, () => 0.15));
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
      topShare += Math.max(...p);
    }
    // With alpha 0.15 over 16 entries the largest share averages well over 1/16.
    expect(topShare / 500).toBeGreaterThan(0.45);
  });

  it('poisson(mean) has the right mean', () => {
    const rng = new Rng(13);
    expect(mean(Array.from({ length: 10_000 }, () => rng.poisson(8)))).toBeCloseTo(8, 0);
    expect(mean(Array.from({ length: 2000 }, () => rng.poisson(50)))).toBeCloseTo(50, -1);
    expect(rng.poisson(0)).toBe(0);
  });

  it('weighted choice follows the weights and skips zero weights', () => {
    const rng = new Rng(17);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 8000; i++) counts[rng.weighted(['a', 'b', 'c'] as const, [1, 0, 3])] += 1;
    expect(counts.b).toBe(0);
    expect(counts.c / counts.a).toBeGreaterThan(2.6);
    expect(counts.c / counts.a).toBeLessThan(3.4);
    expect(() => rng.weightedIndex([0, 0])).toThrow(RangeError);
    expect(() => rng.weightedIndex([1, -1])).toThrow(RangeError);
  });

  it('shuffle permutes in place; sample draws distinct elements; pick rejects empty arrays', () => {
    const rng = new Rng(19);
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const same = rng.shuffle(xs);
    expect(same).toBe(xs);
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    const s = rng.sample(['a', 'b', 'c', 'd', 'e'], 3);
    expect(new Set(s).size).toBe(3);
    expect(rng.sample(['a'], 5)).toEqual(['a']);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});
