import { describe, expect, it } from 'vitest';
import { auc, logLoss } from './metrics';

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
