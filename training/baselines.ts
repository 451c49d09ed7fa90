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

/**
 * Popularity: each item's smoothed click, purchase and ad-click rate on the
 * training rows; tags by their frequency in the training labels.
 * @param rows - all rows.
 * @param train - indices of the training rows.
 * @param nTags - number of interest tags.
 */
export function popularityBaseline(rows: TrainingRows, train: Int32Array, nTags: number): BaselineScores {
  const stats = new Map<string, { n: number; c: number; p: number; a: number }>();
  let total = 0;
  let clicks = 0;
  let buys = 0;
  let adClicks = 0;
  for (const r of train) {
    const id = rows.rowItem[r]!;
    let s = stats.get(id);
    if (!s) stats.set(id, (s = { n: 0, c: 0, p: 0, a: 0 }));
    s.n++;
    s.c += rows.click[r]!;
    s.p += rows.purchase[r]!;
    s.a += rows.adClick[r]!;
    total++;
    clicks += rows.click[r]!;
    buys += rows.purchase[r]!;
    adClicks += rows.adClick[r]!;
  }
  // Additive smoothing towards the global rate, worth 20 impressions.
  const prior = 20;
  const rate = (k: number, n: number, global: number): number => (k + prior * global) / (n + prior);
  const g = { c: clicks / Math.max(1, total), p: buys / Math.max(1, total), a: adClicks / Math.max(1, total) };
  const out: BaselineScores = {
    click: new Float32Array(rows.rows),
    purchase: new Float32Array(rows.rows),
    adClick: new Float32Array(rows.rows),
    tags: new Float32Array(rows.requests * nTags),
  };
  for (let r = 0; r < rows.rows; r++) {
    const s = stats.get(rows.rowItem[r]!) ?? { n: 0, c: 0, p: 0, a: 0 };
    out.click[r] = rate(s.c, s.n, g.c);
    out.purchase[r] = rate(s.p, s.n, g.p);
    out.adClick[r] = rate(s.a, s.n, g.a);
  }
  const tagFreq = new Float32Array(nTags);
  const seenRequests = new Set<number>();
  for (const r of train) seenRequests.add(rows.rowRequest[r]!);
  for (const q of seenRequests) if (rows.tagMask[q]! > 0) for (let t = 0; t < nTags; t++) tagFreq[t]! += rows.tagLabels[q * nTags + t]!;
  for (let q = 0; q < rows.requests; q++) out.tags.set(tagFreq, q * nTags);
  return out;
}
