import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/random';
import { solveOffsetLogistic, type OffsetLogisticProblem } from './newton';

/** Rows drawn from a planted logistic model with random offsets. */
function planted(rows: number, w: number[], seed: number, lambda: number): OffsetLogisticProblem {
  const rng = new Rng(seed);
  const dim = w.length;
  const x = new Float64Array(rows * dim);
  const offset = new Float64Array(rows);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = (offset[i] = rng.normal(-1, 1));
    for (let j = 0; j < dim; j++) z += (x[i * dim + j] = rng.normal()) * w[j]!;
    labels[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, dim, offset, labels, mask: new Float64Array(rows).fill(1), prior: new Float64Array(dim), lambda };
}

/** Gradient of the objective at w, by the definition. */
function gradient(p: OffsetLogisticProblem, w: ArrayLike<number>): number[] {
  const g = Array.from({ length: p.dim }, (_, j) => p.lambda * ((w[j] as number) - (p.prior[j] as number)));
  for (let i = 0; i < p.offset.length; i++) {
    let z = p.offset[i] as number;
    for (let j = 0; j < p.dim; j++) z += (p.x[i * p.dim + j] as number) * (w[j] as number);
    const r = (p.mask[i] as number) * (1 / (1 + Math.exp(-z)) - (p.labels[i] as number));
    for (let j = 0; j < p.dim; j++) g[j]! += r * (p.x[i * p.dim + j] as number);
  }
  return g;
}

describe('solveOffsetLogistic', () => {
  it('recovers planted weights from many rows', () => {
    const truth = [1.5, -0.8, 0, 0.4];
    const { w } = solveOffsetLogistic(planted(20_000, truth, 3, 1e-3));
    truth.forEach((t, j) => expect(w[j]).toBeCloseTo(t, 1));
  });

  it('stops at a point where the gradient vanishes, from any start', () => {
    const p = planted(300, [2, -1, 0.5], 11, 2);
    const a = solveOffsetLogistic(p);
    const b = solveOffsetLogistic(p, [5, 5, -5]);
    for (const s of [a, b]) for (const g of gradient(p, s.w)) expect(Math.abs(g)).toBeLessThan(1e-6);
    Array.from(a.w).forEach((v, j) => expect(b.w[j]).toBeCloseTo(v, 6));
  });

  it('shrinks toward the prior as lambda grows, and ignores masked rows', () => {
    const p = planted(200, [2, -2], 5, 1);
    const prior = [0.3, 0.1];
    const weak = solveOffsetLogistic({ ...p, prior }).w;
    const strong = solveOffsetLogistic({ ...p, prior, lambda: 1e6 }).w;
    strong.forEach((v, j) => expect(v).toBeCloseTo(prior[j]!, 3));
    expect(Math.abs(weak[0]! - prior[0]!)).toBeGreaterThan(0.5);
    // Masking every row leaves only the prior.
    const none = solveOffsetLogistic({ ...p, prior, mask: new Float64Array(200) }).w;
    none.forEach((v, j) => expect(v).toBeCloseTo(prior[j]!, 9));
  });

  it('names a bad lambda or mismatched arrays', () => {
    const p = planted(10, [1], 1, 1);
    expect(() => solveOffsetLogistic({ ...p, lambda: 0 })).toThrow(/lambda must be a positive number/);
    expect(() => solveOffsetLogistic({ ...p, labels: [1] })).toThrow(/10 offsets need 10 features/);
  });
});
