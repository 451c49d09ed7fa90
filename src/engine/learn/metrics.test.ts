import { describe, expect, it } from 'vitest';
import { auc, logLoss, pageOrderLoss } from './metrics';

describe('auc', () => {
  it('is 1 for a perfect order and 0 for a reversed one', () => {
    expect(auc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    expect(auc([0.1, 0.2, 0.9], [1, 1, 0])).toBe(0);
  });
  it('counts ties as half', () => {
    // One positive, two negatives: beats one (1), ties one (0.5) -> 1.5 / 2.
    expect(auc([0.5, 0.5, 0.1], [1, 0, 0])).toBe(0.75);
  });
  it('honours the mask and is NaN without both classes', () => {
    expect(auc([0.9, 0.1, 0.95], [1, 0, 0], [1, 1, 0])).toBe(1);
    expect(auc([0.3, 0.4], [1, 1])).toBeNaN();
  });
});

describe('logLoss', () => {
  it('matches the hand computation', () => {
    // (-ln 0.5 - ln 0.75) / 2
    expect(logLoss([0.5, 0.25], [1, 0])).toBeCloseTo((Math.LN2 - Math.log(0.75)) / 2, 10);
  });
});

describe('pageOrderLoss', () => {
  it('is the softmax log loss of the clicked row among its page', () => {
    // Page 7: clicked logit 2 against 0 and 1; page 8: no click, not counted.
    const { loss, clicks } = pageOrderLoss([2, 0, 1, 5, -5], [1, 0, 0, 0, 0], [7, 7, 7, 8, 8]);
    expect(clicks).toBe(1);
    expect(loss).toBeCloseTo(Math.log(Math.exp(2) + 1 + Math.exp(1)) - 2, 12);
  });
  it('ignores a shift of every logit, which the click log loss does not', () => {
    const z = [1.5, -0.5, 0.2, 0.9, -1.2, 0.3];
    const labels = [1, 0, 0, 0, 1, 0];
    const page = [1, 1, 1, 2, 2, 2];
    const shifted = z.map((v) => v - 3);
    expect(pageOrderLoss(shifted, labels, page).loss).toBeCloseTo(pageOrderLoss(z, labels, page).loss, 12);
    const p = (xs: number[]): number[] => xs.map((v) => 1 / (1 + Math.exp(-v)));
    expect(logLoss(p(shifted), labels)).not.toBeCloseTo(logLoss(p(z), labels), 3);
  });
  it('averages over clicks, honours the mask and needs two rows on a clicked page', () => {
    // Page 1 has two clicks; the masked row would otherwise join page 1.
    const two = pageOrderLoss([0, 0, 0, 9], [1, 1, 0, 0], [1, 1, 1, 1], [1, 1, 1, 0]);
    expect(two.clicks).toBe(2);
    expect(two.loss).toBeCloseTo(Math.log(3), 12);
    expect(pageOrderLoss([3], [1], [4])).toEqual({ loss: Number.NaN, clicks: 0 });
    expect(pageOrderLoss([0, 1], [0, 0], [4, 4])).toEqual({ loss: Number.NaN, clicks: 0 });
  });
});
