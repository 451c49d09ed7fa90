import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastSegmentSum } from './kernels';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastSegmentSum();
});

describe('fast UnsortedSegmentSum', () => {
  it('sums rows into their segments', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    // Rows 0 and 2 go to segment 1, row 1 to segment 0, row 3 (id 5) is out of range and dropped.
    const s = tf.unsortedSegmentSum(x, tf.tensor1d([1, 0, 1, 5], 'int32'), 3);
    expect(s.shape).toEqual([3, 2]);
    expect(Array.from(s.dataSync())).toEqual([3, 4, 6, 8, 0, 0]);
    tf.dispose([x, s]);
  });

  it('gives the embedding gradient', () => {
    const table = tf.variable(tf.zeros([4, 2]));
    const ids = tf.tensor2d([[1, 1, 3]], undefined, 'int32');
    const g = tf.grads((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))([table]);
    // Row 1 gathered twice, row 3 once.
    expect(Array.from(g[0]!.dataSync())).toEqual([0, 0, 2, 2, 0, 0, 1, 1]);
    tf.dispose([table, ids, ...g]);
  });
});
