/**
 * Ranking metrics per page: what a shopper sees is the order of one page, so
 * AUC over all rows (which also rewards ranking one page above another) is
 * complemented by NDCG and recall computed inside each page.
 */
import type { TrainingRows } from '../src/engine/learn/dataset';

/**
 * Indices 0..n-1 by descending score; equal scores keep index order, and NaN
 * scores sort last, so a ranking is reproducible.
 */
function rankOrder(scores: ArrayLike<number>): number[] {
  const key = (i: number): number => {
    const s = scores[i] as number;
    return Number.isNaN(s) ? -Infinity : s;
  };
  const order = Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => key(b) - key(a) || a - b);
}

function checkK(k: number, fn: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${fn}: k must be a positive integer, got ${k}.`);
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>, fn: string): void {
  if (a.length !== b.length) throw new RangeError(`${fn}: scores have length ${a.length} but labels ${b.length}; pass one label per score.`);
}

function dcg(gains: ArrayLike<number>, order: readonly number[], k: number): number {
  let sum = 0;
  const n = Math.min(k, order.length);
  for (let i = 0; i < n; i++) sum += (2 ** (gains[order[i]!] as number) - 1) / Math.log2(i + 2);
  return sum;
}

/**
 * Normalised discounted cumulative gain of one ranked list, DCG@k =
 * Σ_{i<k} (2^gain − 1) / log2(i + 2) divided by the DCG@k of the ideal order.
 * @param k - cut-off, a positive integer.
 * @param scores - one score per item; higher ranks first, ties in index order.
 * @param gains - graded relevance ≥ 0 per item (0/1 labels work).
 * @returns NDCG in [0, 1], or `NaN` when the ideal DCG is 0 (no item has a gain).
 * @throws {RangeError} when `k` is not a positive integer or the lengths differ.
 * @example ndcgAt(10, [0.9, 0.1], [1, 0]) // 1
 */
export function ndcgAt(k: number, scores: ArrayLike<number>, gains: ArrayLike<number>): number {
  checkK(k, 'ndcgAt');
  checkLengths(scores, gains, 'ndcgAt');
  const ideal = dcg(gains, rankOrder(gains), k);
  if (ideal === 0) return Number.NaN;
  return dcg(gains, rankOrder(scores), k) / ideal;
}

/**
 * Recall at k of one ranked list: the share of its positives ranked in the top k.
 * @param k - cut-off, a positive integer.
 * @param scores - one score per item; higher ranks first, ties in index order.
 * @param labels - > 0 marks a positive.
 * @returns recall in [0, 1], or `NaN` when there are no positives.
 * @throws {RangeError} when `k` is not a positive integer or the lengths differ.
 * @example recallAt(1, [0.2, 0.9, 0.5], [1, 1, 0]) // 0.5
 */
export function recallAt(k: number, scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkK(k, 'recallAt');
  checkLengths(scores, labels, 'recallAt');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if ((labels[i] as number) > 0) positives++;
  if (positives === 0) return Number.NaN;
  const order = rankOrder(scores);
  let hits = 0;
  for (let i = 0; i < Math.min(k, order.length); i++) if ((labels[order[i]!] as number) > 0) hits++;
  return hits / positives;
}

/** Options of {@link pageRankingMetrics}. */
export interface PageRankingOptions {
  /** NDCG cut-off. Default 10. */
  k?: number;
  /** Recall cut-off. Default 20. */
  recallK?: number;
}

/** Per-page ranking figures averaged over pages; see {@link pageRankingMetrics}. */
export interface PageRankingMetrics {
  /** Mean NDCG@k (k = 10 unless `options.k` says otherwise); `NaN` when no page counted. */
  ndcg10: number;
  /** Mean recall@recallK (20 unless `options.recallK` says otherwise); `NaN` when no page counted. */
  recall20: number;
  /** Pages averaged: those with at least one product row among `indices` and one positive label. */
  pages: number;
}

/**
 * Ranks the product rows of each page (request) by score and averages NDCG
 * and recall over the pages that have a positive. Ad rows are left out: ads
 * fill their own slots and have their own head.
 * @param rows - all rows.
 * @param indices - rows to evaluate (for example the test split); pages are formed from these only.
 * @param scores - per-row scores over all rows (indexed by row, like `BaselineScores.click`).
 * @param labels - per-row labels over all rows (`rows.click`, or graded gains).
 * @param options - see {@link PageRankingOptions}.
 * @returns the page averages and how many pages they cover. Rows of a page tie-break in the order they appear in `indices`.
 * @throws {RangeError} when a cut-off is not a positive integer.
 * @example
 * const { ndcg10, recall20, pages } = pageRankingMetrics(rows, test, scores.click, rows.click);
 */
export function pageRankingMetrics(
  rows: TrainingRows,
  indices: Int32Array,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: PageRankingOptions = {},
): PageRankingMetrics {
  const k = options.k ?? 10;
  const recallK = options.recallK ?? 20;
  checkK(k, 'pageRankingMetrics');
  checkK(recallK, 'pageRankingMetrics');
  const byPage = new Map<number, number[]>();
  for (const r of indices) {
    if (rows.isAd[r] !== 0) continue;
    const q = rows.rowRequest[r]!;
    let page = byPage.get(q);
    if (!page) byPage.set(q, (page = []));
    page.push(r);
  }
  let ndcgSum = 0;
  let recallSum = 0;
  let pages = 0;
  for (const page of byPage.values()) {
    const s = page.map((r) => scores[r] as number);
    const g = page.map((r) => labels[r] as number);
    if (!g.some((x) => x > 0)) continue;
    ndcgSum += ndcgAt(k, s, g);
    recallSum += recallAt(recallK, s, g);
    pages++;
  }
  return pages === 0 ? { ndcg10: Number.NaN, recall20: Number.NaN, pages } : { ndcg10: ndcgSum / pages, recall20: recallSum / pages, pages };
}

/**
 * Precision at k of a score vector over a vocabulary against a set of true
 * indices (for example a shopper's true top interest tags).
 * @param k - how many top predictions to check, a positive integer.
 * @param predicted - one score per vocabulary index; ties in index order.
 * @param truth - the true indices.
 * @returns the share of the top min(k, vocabulary size) predicted indices that are in `truth`; `NaN` for an empty vocabulary.
 * @throws {RangeError} when `k` is not a positive integer.
 * @example precisionAtK(2, [0.1, 0.7, 0.5], new Set([1])) // 0.5
 */
export function precisionAtK(k: number, predicted: ArrayLike<number>, truth: ReadonlySet<number>): number {
  checkK(k, 'precisionAtK');
  const top = rankOrder(predicted).slice(0, k);
  if (top.length === 0) return Number.NaN;
  return top.filter((i) => truth.has(i)).length / top.length;
}
