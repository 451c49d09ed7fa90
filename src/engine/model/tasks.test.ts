import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bceWithLogits, bceWithProbabilities, maskedMean } from './tasks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('task losses', () => {
  it('computes binary cross-entropy from logits', () => {
    // Two rows: label 1 at logit 0 -> ln 2 = 0.6931; label 0 at logit ln 3 (p = 0.75) -> -ln 0.25 = 1.3863.
    const l = bceWithLogits(tf.tensor1d([1, 0]), tf.tensor1d([0, Math.log(3)]));
    const [a, b] = l.dataSync();
    expect(a).toBeCloseTo(Math.LN2, 5);
    expect(b).toBeCloseTo(Math.log(4), 5);
    l.dispose();
  });

  it('computes binary cross-entropy from probabilities, clipped', () => {
    // p = 0.375 for a purchase (label 1): -ln 0.375 = 0.9808; p = 0 for label 1 is clipped at 1e-7: -ln 1e-7 = 16.118.
    const l = bceWithProbabilities(tf.tensor1d([1, 1]), tf.tensor1d([0.375, 0]));
    const [a, b] = l.dataSync();
    expect(a).toBeCloseTo(-Math.log(0.375), 5);
    expect(b).toBeCloseTo(-Math.log(1e-7), 2);
    l.dispose();
  });

  it('averages over masked rows only', () => {
    // (2 + 4) / 2 = 3; the masked-out 100 does not count.
    const m = maskedMean(tf.tensor1d([2, 100, 4]), tf.tensor1d([1, 0, 1]));
    expect(m.dataSync()[0]).toBe(3);
    const none = maskedMean(tf.tensor1d([5]), tf.tensor1d([0]));
    expect(none.dataSync()[0]).toBe(0);
    tf.dispose([m, none]);
  });
});
