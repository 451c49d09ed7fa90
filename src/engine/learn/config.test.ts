import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { DEFAULT_FINE_TUNE, validateFineTuneConfig } from './config';

describe('validateFineTuneConfig', () => {
  it('fills the defaults and keeps what is given', () => {
    expect(validateFineTuneConfig()).toEqual(DEFAULT_FINE_TUNE);
    expect(validateFineTuneConfig({ personalPrior: 2, scope: 'heads' })).toEqual({ ...DEFAULT_FINE_TUNE, personalPrior: 2, scope: 'heads' });
    expect(validateFineTuneConfig({ shippedCheckRows: 0 }).shippedCheckRows).toBe(0);
    expect(validateFineTuneConfig({ judge: 'pageOrder' }).judge).toBe('pageOrder');
  });

  it('names the bad field', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ stepsPerRound: 0 }, /stepsPerRound must be a positive integer/],
      [{ batchSize: 2.5 }, /batchSize must be a positive integer/],
      [{ learningRate: Number.NaN }, /learningRate must be a finite number >= 0/],
      [{ personalPrior: -1 }, /personalPrior must be a finite number >= 0/],
      [{ personalPrior: Infinity }, /personalPrior must be a finite number >= 0/],
      [{ heldOutFraction: 1 }, /heldOutFraction must be in \(0, 1\)/],
      [{ shippedCheckRows: -1 }, /shippedCheckRows must be an integer >= 0/],
      [{ shippedCheckRows: 2.5 }, /shippedCheckRows must be an integer >= 0/],
      [{ judge: 'auc' }, /judge must be "logLoss", "pageOrder" or "both"/],
      [{ scope: 'everything' }, /scope must be "personal", "heads" or "all"/],
    ];
    for (const [input, message] of bad) {
      expect(() => validateFineTuneConfig(input)).toThrow(ConfigError);
      expect(() => validateFineTuneConfig(input)).toThrow(message);
    }
  });
});
