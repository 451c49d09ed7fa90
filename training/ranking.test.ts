import { describe, expect, it } from 'vitest';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { ndcgAt, pageRankingMetrics, precisionAtK, recallAt } from './ranking';

const LOG2_3 = Math.log2(3);

describe('ndcgAt', () => {
  it('is 1 for the ideal order', () => {
    expect(ndcgAt(10, [0.9, 0.5, 0.1], [2, 1, 0])).toBe(1);
  });

  it('matches the hand computation for the reversed order', () => {
    // Order: gains 0, 1, 2. DCG = 0/1 + 1/log2(3) + 3/log2(4) = 0.6309 + 1.5.
    // Ideal: gains 2, 1, 0. IDCG = 3/1 + 1/log2(3) = 3.6309. NDCG = 2.1309 / 3.6309 = 0.5869.
    expect(ndcgAt(10, [0.1, 0.5, 0.9], [2, 1, 0])).toBeCloseTo((1 / LOG2_3 + 1.5) / (3 + 1 / LOG2_3), 12);
    // Cut at 1: the top item has gain 0.
    expect(ndcgAt(1, [0.1, 0.5, 0.9], [2, 1, 0])).toBe(0);
  });

  it('breaks ties by index order', () => {
    // All tied: order 0, 1, 2, so the one relevant item sits at rank 2: 1/log2(3).
    expect(ndcgAt(10, [0.5, 0.5, 0.5], [0, 1, 0])).toBeCloseTo(1 / LOG2_3, 12);
    expect(ndcgAt(10, [0.5, 0.5], [1, 0])).toBe(1);
  });

  it('is NaN when no item has a gain, and checks its arguments', () => {
    expect(ndcgAt(10, [0.3, 0.2], [0, 0])).toBeNaN();
    expect(ndcgAt(10, [], [])).toBeNaN();
    expect(() => ndcgAt(0, [1], [1])).toThrow(RangeError);
    expect(() => ndcgAt(3, [1, 2], [1])).toThrow(/one label per score/);
  });
});

describe('recallAt', () => {
  it('counts the share of positives in the top k', () => {
    const scores = [0.9, 0.8, 0.7, 0.1];
    const labels = [1, 0, 0, 1];
    expect(recallAt(2, scores, labels)).toBe(0.5);
    expect(recallAt(4, scores, labels)).toBe(1);
    expect(recallAt(10, scores, labels)).toBe(1);
  });

  it('breaks ties by index order and is NaN without positives', () => {
    expect(recallAt(2, [0.5, 0.5, 0.5], [0, 0, 1])).toBe(0);
    expect(recallAt(2, [0.5, 0.5, 0.5], [0, 1, 0])).toBe(1);
    expect(recallAt(2, [0.5, 0.4], [0, 0])).toBeNaN();
  });
});

/** Rows with only the fields page grouping reads filled in. */
function pageRows(rowRequest: number[], isAd: number[]): TrainingRows {
  const N = rowRequest.length;
  const Q = Math.max(...rowRequest) + 1;
  return {
    requests: Q,
    rows: N,
    requestShopper: Array.from({ length: Q }, () => 's'),
    requestTs: new Float64Array(Q),
    requestActions: new Int32Array(Q),
    recentItems: new Int32Array(0),
    recentTypes: new Int32Array(0),
    shopperDense: new Float32Array(0),
    tagLabels: new Float32Array(0),
    tagMask: new Float32Array(Q),
    rowRequest: Int32Array.from(rowRequest),
    rowItem: rowRequest.map((_, r) => `p${r}`),
    rowSlot: new Int32Array(N).fill(-1),
    item: new Int32Array(N),
    attrs: new Int32Array(N * 4),
    title: new Int32Array(0),
    candidateDense: new Float32Array(0),
    isAd: Float32Array.from(isAd),
    click: new Float32Array(N),
    purchase: new Float32Array(N),
    adClick: new Float32Array(N),
  };
}

describe('pageRankingMetrics', () => {
  // Page 0: r0 product (label 0, score 0.9), r1 ad (score 1.0), r2 product (label 1, score 0.2).
  // Page 1: r3 product (label 1, score 0.8), r4 product (label 0, score 0.1).
  // Page 2: r5 product with no positive.
  const rows = pageRows([0, 0, 0, 1, 1, 2], [0, 1, 0, 0, 0, 0]);
  const scores = [0.9, 1.0, 0.2, 0.8, 0.1, 0.5];
  const labels = [0, 0, 1, 1, 0, 0];
  const all = Int32Array.from([0, 1, 2, 3, 4, 5]);

  it('averages over pages with a positive, leaving ads out', () => {
    // Page 0 ranks r0, r2: NDCG = 1/log2(3) (with the ad first it would be 1/log2(4) = 0.5). Page 1: 1.
    const m = pageRankingMetrics(rows, all, scores, labels);
    expect(m.pages).toBe(2);
    expect(m.ndcg10).toBeCloseTo((1 / LOG2_3 + 1) / 2, 12);
    expect(m.recall20).toBe(1);
  });

  it('honours the cut-offs', () => {
    // Recall@1: page 0 puts its positive second (0), page 1 first (1).
    expect(pageRankingMetrics(rows, all, scores, labels, { recallK: 1 }).recall20).toBe(0.5);
    // NDCG@1: page 0 scores 0, page 1 scores 1.
    expect(pageRankingMetrics(rows, all, scores, labels, { k: 1 }).ndcg10).toBe(0.5);
  });

  it('forms pages from the given rows only', () => {
    // Without r3, page 1 has no positive left and is not counted.
    const m = pageRankingMetrics(rows, Int32Array.from([0, 1, 2, 4, 5]), scores, labels);
    expect(m.pages).toBe(1);
    expect(m.ndcg10).toBeCloseTo(1 / LOG2_3, 12);
  });

  it('is NaN over no pages', () => {
    const m = pageRankingMetrics(rows, Int32Array.from([1, 5]), scores, labels);
    expect(m).toEqual({ ndcg10: Number.NaN, recall20: Number.NaN, pages: 0 });
  });
});

describe('precisionAtK', () => {
  const predicted = [0.1, 0.7, 0.5, 0.7];
  const truth = new Set([1, 2]);

  it('counts the top-k predictions found in the truth, ties in index order', () => {
    // Top 2: index 1 then index 3 (tied at 0.7) -> 1 of 2.
    expect(precisionAtK(2, predicted, truth)).toBe(0.5);
    // Top 3: 1, 3, 2 -> 2 of 3.
    expect(precisionAtK(3, predicted, truth)).toBeCloseTo(2 / 3, 12);
    expect(precisionAtK(1, predicted, truth)).toBe(1);
  });

  it('divides by the vocabulary size when k exceeds it, and is NaN when it is empty', () => {
    expect(precisionAtK(10, predicted, truth)).toBe(0.5);
    expect(precisionAtK(3, [], truth)).toBeNaN();
    expect(() => precisionAtK(1.5, predicted, truth)).toThrow(RangeError);
  });
});
