/**
 * Non-personalised baselines scored on the same held-out rows as the model.
 */
import type { TrainingRows } from '../src/engine/learn/dataset';

/** Per-row scores of a baseline for the three candidate heads. */
export interface BaselineScores {
  click: Float32Array;
  purchase: Float32Array;
  adClick: Float32Array;
  /** [requests, tags]. */
  tags: Float32Array;
}

/** Smoothed click, purchase and ad-click rates. */
export interface Rates {
  click: number;
  purchase: number;
  adClick: number;
}

/**
 * Each item's click, purchase and ad-click rate on the training rows,
 * smoothed towards the overall rate with the weight of 20 impressions.
 * @param rows - all rows.
 * @param train - indices of the training rows.
 * @returns the rates of every item with a training row, and the overall rates (an unseen item's).
 */
export function smoothedItemRates(rows: TrainingRows, train: Int32Array): { byItem: Map<string, Rates>; overall: Rates } {
  const stats = new Map<string, { n: number; c: number; p: number; a: number }>();
  const sum = { n: 0, c: 0, p: 0, a: 0 };
  for (const r of train) {
    const id = rows.rowItem[r]!;
    let s = stats.get(id);
    if (!s) stats.set(id, (s = { n: 0, c: 0, p: 0, a: 0 }));
    for (const t of [s, sum]) {
      t.n++;
      t.c += rows.click[r]!;
      t.p += rows.purchase[r]!;
      t.a += rows.adClick[r]!;
    }
  }
  const prior = 20;
  const n = Math.max(1, sum.n);
  const overall: Rates = { click: sum.c / n, purchase: sum.p / n, adClick: sum.a / n };
  const rate = (k: number, m: number, global: number): number => (k + prior * global) / (m + prior);
  const byItem = new Map<string, Rates>();
  for (const [id, s] of stats)
    byItem.set(id, { click: rate(s.c, s.n, overall.click), purchase: rate(s.p, s.n, overall.purchase), adClick: rate(s.a, s.n, overall.adClick) });
  return { byItem, overall };
}

/**
 * Popularity: each item's smoothed click, purchase and ad-click rate on the
 * training rows ({@link smoothedItemRates}); tags by their frequency in the training labels.
 * @param rows - all rows.
 * @param train - indices of the training rows.
 * @param nTags - number of interest tags.
 */
export function popularityBaseline(rows: TrainingRows, train: Int32Array, nTags: number): BaselineScores {
  const { byItem, overall } = smoothedItemRates(rows, train);
  const out: BaselineScores = {
    click: new Float32Array(rows.rows),
    purchase: new Float32Array(rows.rows),
    adClick: new Float32Array(rows.rows),
    tags: new Float32Array(rows.requests * nTags),
  };
  for (let r = 0; r < rows.rows; r++) {
    const s = byItem.get(rows.rowItem[r]!) ?? overall;
    out.click[r] = s.click;
    out.purchase[r] = s.purchase;
    out.adClick[r] = s.adClick;
  }
  const tagFreq = new Float32Array(nTags);
  const seenRequests = new Set<number>();
  for (const r of train) seenRequests.add(rows.rowRequest[r]!);
  for (const q of seenRequests) if (rows.tagMask[q]! > 0) for (let t = 0; t < nTags; t++) tagFreq[t]! += rows.tagLabels[q * nTags + t]!;
  for (let q = 0; q < rows.requests; q++) out.tags.set(tagFreq, q * nTags);
  return out;
}
