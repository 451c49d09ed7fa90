import { describe, expect, it } from 'vitest';
import type { TrainingRows } from '../src/engine/learn/dataset';
import type { BaselineScores } from './baselines';
import { clickAucByHistory, evaluateScorer, manifestMetrics, type EvalTruth } from './evaluate';

/** Two pages of four rows (the last an ad), two tags. Page 0: row 1 clicked and bought; page 1: row 6 clicked; the ads: row 3 clicked. */
function rows(): TrainingRows {
  const N = 8;
  return {
    requests: 2,
    rows: N,
    requestShopper: ['a', 'b'],
    requestTs: Float64Array.from([1, 2]),
    requestActions: new Int32Array(2),
    recentItems: new Int32Array(0),
    recentTypes: new Int32Array(0),
    shopperDense: new Float32Array(0),
    tagLabels: Float32Array.from([1, 0, 0, 1]),
    tagMask: Float32Array.from([1, 1]),
    rowRequest: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
    rowItem: ['p1', 'p2', 'p3', 'p4', 'p1', 'p2', 'p3', 'p4'],
    rowSlot: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]),
    item: new Int32Array(N),
    attrs: new Int32Array(N * 4),
    title: new Int32Array(0),
    candidateDense: new Float32Array(0),
    isAd: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1]),
    click: Float32Array.from([0, 1, 0, 0, 0, 0, 1, 0]),
    purchase: Float32Array.from([0, 1, 0, 0, 0, 0, 0, 0]),
    adClick: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 0]),
  };
}

const scores = (click: number[], tags: number[]): BaselineScores => ({
  click: Float32Array.from(click),
  purchase: Float32Array.from(click),
  adClick: Float32Array.from([0, 0, 0, 0.9, 0, 0, 0, 0.1]),
  tags: Float32Array.from(tags),
});

describe('evaluateScorer', () => {
  const r = rows();
  const all = Int32Array.from({ length: 8 }, (_, i) => i);
  const truth: EvalTruth = {
    rows: r,
    nTags: 2,
    testTime: all,
    testShopper: Int32Array.from([4, 5, 6, 7]),
    coldStart: Int32Array.from([4, 5, 6, 7]),
    newItemRows: Int32Array.from([0, 1, 4, 6]),
    relevance: Float32Array.from([0.1, 0.9, 0.2, 0, 0.3, 0.1, 0.8, 0]),
    topTags: [new Set([0]), new Set([1])],
  };

  it('gives a perfect scorer perfect figures', () => {
    const perfect = scores([0.1, 0.9, 0.2, 0, 0.3, 0.1, 0.8, 0], [0.9, 0.1, 0.1, 0.9]);
    const rep = evaluateScorer(truth, { scores: perfect, rankScores: perfect });
    expect(rep.heads.click.auc).toBe(1);
    expect(rep.heads.click.positives).toBe(2);
    expect(rep.heads.click.rows).toBe(6);
    expect(rep.heads.adClick).toMatchObject({ auc: 1, positives: 1, rows: 2 });
    expect(rep.heads.tags.auc).toBe(1);
    expect(rep.ranking).toEqual({ ndcg10: 1, recall20: 1, trueNdcg10: 1, pages: 2 });
    expect(rep.shopperRanking?.pages).toBe(1);
    expect(rep.coldStart?.ndcg10).toBe(1);
    expect(rep.newItems?.click.rows).toBe(4);
    expect(rep.masked).toBeNull();
    // precision@5 over a vocabulary of two is the share of the top two in the truth: 1 of 2.
    expect(rep.tagsPrecision5).toBe(0.5);
  });

  it('ranks by the serving scores, not the logged ones', () => {
    const logged = scores([0.1, 0.9, 0.2, 0, 0.3, 0.1, 0.8, 0], [0.9, 0.1, 0.1, 0.9]);
    const reversed = scores([0.9, 0.1, 0.8, 0, 0.8, 0.9, 0.1, 0], [0.9, 0.1, 0.1, 0.9]);
    const rep = evaluateScorer(truth, { scores: logged, rankScores: reversed });
    expect(rep.heads.click.auc).toBe(1);
    expect(rep.ranking.ndcg10).toBeLessThan(0.7);
    expect(rep.ranking.trueNdcg10).toBeLessThan(1);
  });

  it('leaves out what a log from elsewhere cannot measure', () => {
    const s = scores([0.1, 0.9, 0.2, 0, 0.3, 0.1, 0.8, 0], [0.9, 0.1, 0.1, 0.9]);
    const rep = evaluateScorer({ rows: r, nTags: 2, testTime: all }, { scores: s, rankScores: s });
    expect(rep.shopperHeads).toBeNull();
    expect(rep.coldStart).toBeNull();
    expect(rep.newItems).toBeNull();
    expect(rep.ranking.trueNdcg10).toBeNull();
    expect(rep.tagsPrecision5).toBeNull();
  });
});

describe('manifestMetrics', () => {
  it("puts the oracle's AUC beside the model's and the baselines' heads under their names", () => {
    const r = rows();
    const truth: EvalTruth = { rows: r, nTags: 2, testTime: Int32Array.from({ length: 8 }, (_, i) => i) };
    const good = scores([0.1, 0.9, 0.2, 0, 0.3, 0.1, 0.8, 0], [0.9, 0.1, 0.1, 0.9]);
    const flat = scores([0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0], [0.5, 0.5, 0.5, 0.5]);
    const m = manifestMetrics(
      evaluateScorer(truth, { scores: good, rankScores: good }),
      { popularity: evaluateScorer(truth, { scores: flat, rankScores: flat }) },
      evaluateScorer(truth, { scores: good, rankScores: good }),
      { events: 8 },
    );
    expect(m.heads.click).toMatchObject({ auc: 1, oracleAuc: 1 });
    expect(m.baselines.popularity!.click.auc).toBe(0.5);
    expect(Object.keys(m.detail).sort()).toEqual(['model', 'oracle', 'popularity']);
  });
});

describe('clickAucByHistory', () => {
  const r = rows();
  const all = Int32Array.from({ length: 8 }, (_, i) => i);
  // Page 0's shopper had no actions before it, page 1's had seven.
  const actions = [0, 7];
  const good = Float32Array.from([0.1, 0.9, 0.2, 0.5, 0.3, 0.1, 0.8, 0.5]);
  const bad = Float32Array.from([0.9, 0.1, 0.2, 0.5, 0.3, 0.1, 0.8, 0.5]);

  it('measures each band on its own pages, products only', () => {
    const bands = clickAucByHistory(r, all, actions, { good, bad }, [0, 1, 5, 10]);
    expect(bands.map((b) => [b.from, b.to, b.rows, b.positives])).toEqual([
      [0, 1, 3, 1],
      [1, 5, 0, 0],
      [5, 10, 3, 1],
      [10, null, 0, 0],
    ]);
    expect(bands[0]!.auc).toEqual({ good: 1, bad: 0 });
    // On page 1 the two scorers agree: only page 0 separates them.
    expect(bands[2]!.auc).toEqual({ good: 1, bad: 1 });
    expect(bands[1]!.auc.good).toBeNaN();
  });

  it('measures only the rows it is given', () => {
    const bands = clickAucByHistory(r, Int32Array.from([4, 5, 6, 7]), actions, { good }, [0, 5]);
    expect(bands.map((b) => b.rows)).toEqual([0, 3]);
  });

  it('names bad bands and scores that do not fit the rows', () => {
    expect(() => clickAucByHistory(r, all, actions, { good }, [0, 5, 5])).toThrow(/ascending/);
    expect(() => clickAucByHistory(r, all, actions, { short: new Float32Array(3) })).toThrow(/short: 3 click scores for 8 rows/);
  });
});
