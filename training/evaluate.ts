/**
 * Held-out evaluation of one scorer (the model, a baseline or the oracle) on
 * every test set of the protocol: AUC and log loss per head, NDCG@10 and
 * recall@20 of the pages' rankings, the cold start, new products and the
 * tags' precision@5.
 */
import { CANDIDATE_DENSE_FIELDS } from '../src/engine/features/encode';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { auc, logLoss } from '../src/engine/learn/metrics';
import type { BaselineScores } from './baselines';
import { pageRankingMetrics, precisionAtK } from './ranking';
import type { BlendChoice } from './prior';
import type { TagRefitResult } from './tags-refit';

/** The heads of the model. */
export const HEADS = ['click', 'purchase', 'adClick', 'tags'] as const;
/** One of {@link HEADS}. */
export type Head = (typeof HEADS)[number];

/** Figures of one scorer on one head. */
export interface HeadMetrics {
  auc: number;
  logLoss: number;
  positives: number;
  rows: number;
}

/** Figures of the pages' rankings (products only, ordered by the click score). */
export interface RankingMetrics {
  /** NDCG@10 with the held-out clicks as gains. */
  ndcg10: number;
  /** Share of a page's clicked products in its top 20. */
  recall20: number;
  /** NDCG@10 with the simulator's true P(click | examined) as gains (simulated data only). */
  trueNdcg10: number | null;
  /** Pages with at least one click. */
  pages: number;
}

/** Every figure of one scorer. */
export interface ScorerReport {
  /** Time split. */
  heads: Record<Head, HeadMetrics>;
  /** Shopper split (shoppers who never trained). */
  shopperHeads: Record<Head, HeadMetrics> | null;
  ranking: RankingMetrics;
  shopperRanking: RankingMetrics | null;
  /** First pages of shoppers with no events at all. */
  coldStart: RankingMetrics | null;
  /** Time-split rows that show a product unseen in training. */
  newItems: { click: HeadMetrics; purchase: HeadMetrics } | null;
  /** Time split, with a share of the product attributes masked. */
  masked: Record<Head, HeadMetrics> | null;
  /** Mean share of the top-5 predicted tags among the shopper's five truest interests, over time-split pages. */
  tagsPrecision5: number | null;
}

/** What a scorer's figures are measured against. */
export interface EvalTruth {
  rows: TrainingRows;
  nTags: number;
  testTime: Int32Array;
  testShopper?: Int32Array;
  coldStart?: Int32Array;
  newItemRows?: Int32Array;
  /** Per row, the true P(click | examined) (simulated data only). */
  relevance?: Float32Array;
  /** Per request, the shopper's true top-5 interest tags (simulated data only). */
  topTags?: Array<Set<number>>;
}

/** The scores of one scorer. */
export interface ScorerInput {
  /** Scores of the rows as logged (the position feature as shown). */
  scores: BaselineScores;
  /** Scores with the position feature at its serving constant: what ranks a page. */
  rankScores: BaselineScores;
  /** Scores of the masked rows, when measured. */
  maskedScores?: BaselineScores;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 10000) / 10000 : x;
}

function headMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, mask: ArrayLike<number>): HeadMetrics {
  let positives = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    if ((mask[i] as number) > 0) {
      n++;
      positives += labels[i] as number;
    }
  }
  return { auc: round(auc(scores, labels, mask)), logLoss: round(logLoss(scores, labels, mask)), positives, rows: n };
}

/** AUC and log loss of every head on some rows. */
export function scoreHeads(s: BaselineScores, rows: TrainingRows, indices: Int32Array, nTags: number): Record<Head, HeadMetrics> {
  const inSet = new Uint8Array(rows.rows);
  for (const r of indices) inSet[r] = 1;
  const productMask = Float32Array.from({ length: rows.rows }, (_, r) => (inSet[r] && rows.isAd[r] === 0 ? 1 : 0));
  const adMask = Float32Array.from({ length: rows.rows }, (_, r) => (inSet[r] && rows.isAd[r] === 1 ? 1 : 0));
  // Tags: one (page, tag) pair per label, over the set's pages that have a label.
  const pages = new Set<number>();
  for (const r of indices) pages.add(rows.rowRequest[r]!);
  const tagMask = new Float32Array(rows.requests * nTags);
  for (const q of pages) if (rows.tagMask[q]! > 0) tagMask.fill(1, q * nTags, (q + 1) * nTags);
  return {
    click: headMetrics(s.click, rows.click, productMask),
    purchase: headMetrics(s.purchase, rows.purchase, productMask),
    adClick: headMetrics(s.adClick, rows.adClick, adMask),
    tags: headMetrics(s.tags, rows.tagLabels, tagMask),
  };
}

function ranking(truth: EvalTruth, scores: Float32Array, indices: Int32Array): RankingMetrics {
  const byClicks = pageRankingMetrics(truth.rows, indices, scores, truth.rows.click);
  const byTruth = truth.relevance ? pageRankingMetrics(truth.rows, indices, scores, truth.relevance) : null;
  return { ndcg10: round(byClicks.ndcg10), recall20: round(byClicks.recall20), trueNdcg10: byTruth ? round(byTruth.ndcg10) : null, pages: byClicks.pages };
}

/**
 * Every figure of one scorer.
 * @param truth - rows, test sets and the simulator's truth where there is one.
 * @param input - the scorer's scores.
 */
export function evaluateScorer(truth: EvalTruth, input: ScorerInput): ScorerReport {
  const { rows, nTags } = truth;
  let tagsPrecision5: number | null = null;
  if (truth.topTags) {
    const pages = new Set<number>();
    for (const r of truth.testTime) pages.add(rows.rowRequest[r]!);
    let sum = 0;
    for (const q of pages) sum += precisionAtK(5, input.scores.tags.subarray(q * nTags, (q + 1) * nTags), truth.topTags[q]!);
    tagsPrecision5 = pages.size > 0 ? round(sum / pages.size) : null;
  }
  const some = (x: Int32Array | undefined): x is Int32Array => x !== undefined && x.length > 0;
  return {
    heads: scoreHeads(input.scores, rows, truth.testTime, nTags),
    shopperHeads: some(truth.testShopper) ? scoreHeads(input.scores, rows, truth.testShopper, nTags) : null,
    ranking: ranking(truth, input.rankScores.click, truth.testTime),
    shopperRanking: some(truth.testShopper) ? ranking(truth, input.rankScores.click, truth.testShopper) : null,
    coldStart: some(truth.coldStart) ? ranking(truth, input.rankScores.click, truth.coldStart) : null,
    newItems: some(truth.newItemRows) ? (({ click, purchase }) => ({ click, purchase }))(scoreHeads(input.scores, rows, truth.newItemRows, nTags)) : null,
    masked: input.maskedScores ? scoreHeads(input.maskedScores, rows, truth.testTime, nTags) : null,
    tagsPrecision5,
  };
}

/**
 * A copy of rows with the position feature at its serving constant (0), so a
 * page is ranked as it is served, not by where it happened to be shown.
 */
export function servingPositionRows(rows: TrainingRows): TrainingRows {
  const width = CANDIDATE_DENSE_FIELDS.length;
  const position = CANDIDATE_DENSE_FIELDS.indexOf('position');
  const candidateDense = Float32Array.from(rows.candidateDense);
  for (let r = 0; r < rows.rows; r++) candidateDense[r * width + position] = 0;
  return { ...rows, candidateDense };
}

/** Lower edges of the history bands: how many actions a shopper took before the page. */
export const HISTORY_BANDS = [0, 1, 5, 10, 20, 40, 80, 160] as const;

/** Click AUC of several scorers on the product rows of pages whose shopper had taken a given number of actions before. */
export interface HistoryBand {
  /** Fewest actions before the page in this band. */
  from: number;
  /** First count of the next band, or null for the last. */
  to: number | null;
  rows: number;
  positives: number;
  /** Click AUC per scorer (NaN where the band has no clicks or no non-clicks). */
  auc: Record<string, number>;
}

/**
 * Click AUC per band of the shopper's history: the rows of pages whose
 * shopper had taken `edges[b]` to `edges[b + 1] - 1` actions (clicks, carts,
 * purchases, ad clicks) before the page. Ads are left out, as in the click head's AUC.
 * @param rows - the rows the scores belong to.
 * @param indices - the rows to measure (a test set).
 * @param actions - per request, the shopper's actions before the page.
 * @param scores - click scores per scorer, one per row of `rows`.
 * @param edges - ascending lower edges; the last band is open.
 * @throws {RangeError} when the edges are not ascending or a score array does not fit the rows.
 */
export function clickAucByHistory(
  rows: TrainingRows,
  indices: Int32Array,
  actions: ArrayLike<number>,
  scores: Record<string, ArrayLike<number>>,
  edges: readonly number[] = HISTORY_BANDS,
): HistoryBand[] {
  if (edges.length === 0 || edges.some((e, i) => i > 0 && e <= edges[i - 1]!)) {
    throw new RangeError(`History bands need ascending edges, got [${edges.join(', ')}]`);
  }
  for (const [name, s] of Object.entries(scores)) {
    if (s.length !== rows.rows) throw new RangeError(`${name}: ${s.length} click scores for ${rows.rows} rows`);
  }
  const masks = edges.map(() => new Float32Array(rows.rows));
  const counts = edges.map(() => ({ rows: 0, positives: 0 }));
  for (const r of indices) {
    if (rows.isAd[r] !== 0) continue;
    const a = actions[rows.rowRequest[r]!] as number;
    let b = -1;
    while (b + 1 < edges.length && a >= edges[b + 1]!) b++;
    if (b < 0) continue;
    masks[b]![r] = 1;
    counts[b]!.rows++;
    counts[b]!.positives += rows.click[r]!;
  }
  return edges.map((from, b) => ({
    from,
    to: edges[b + 1] ?? null,
    ...counts[b]!,
    auc: Object.fromEntries(Object.entries(scores).map(([name, s]) => [name, round(auc(s, rows.click, masks[b]!))])),
  }));
}

/** The popularity prior's blend as chosen on validation shoppers, and the network's own figures without it. */
export interface PriorMetrics {
  validationShoppers: number;
  /** The weight and half-life chosen, and what each tried scored. */
  choice: BlendChoice;
  /** The network's figures without the prior (the model's figures are as served, with it). */
  network: ScorerReport;
}

/** What a manifest's `metrics` holds. */
export type ManifestMetrics = {
  /** Where the manifest ships a popularity prior. */
  prior?: PriorMetrics;
  /** The model's AUC and log loss per head on the time split, and the oracle's AUC where there is one. */
  heads: Record<Head, HeadMetrics & { oracleAuc?: number }>;
  /** Baselines' figures per head on the same rows. */
  baselines: Record<string, Record<Head, HeadMetrics>>;
  /** Every figure of every scorer, for the report. */
  detail: { model: ScorerReport; [scorer: string]: ScorerReport };
  /** Click AUC by the shopper's history (`model`, `network` without the prior, `oracle`), where the data has an oracle. */
  byHistory?: { time: HistoryBand[]; shopper: HistoryBand[] | null };
  /** The `tags` head's refit after training, where there was one (training/tags-refit.ts). */
  tagsRefit?: TagRefitResult;
  data: Record<string, number | string>;
};

/**
 * The manifest's metrics from the model's, the baselines' and the oracle's reports.
 */
export function manifestMetrics(
  model: ScorerReport,
  baselines: Record<string, ScorerReport>,
  oracle: ScorerReport | null,
  data: ManifestMetrics['data'],
): ManifestMetrics {
  const heads = {} as ManifestMetrics['heads'];
  for (const h of HEADS) heads[h] = oracle ? { ...model.heads[h], oracleAuc: oracle.heads[h].auc } : { ...model.heads[h] };
  const detail: ManifestMetrics['detail'] = { ...baselines, model };
  if (oracle) detail.oracle = oracle;
  return { heads, baselines: Object.fromEntries(Object.entries(baselines).map(([k, v]) => [k, v.heads])), detail, data };
}

/** A small table of the time-split AUCs for the console. */
export function formatReport(m: ManifestMetrics): string {
  const names = Object.keys(m.detail);
  const lines = [`head       ${names.map((n) => n.padStart(18)).join(' ')}   positives / rows`];
  for (const head of HEADS) {
    const cells = names.map((n) => m.detail[n]!.heads[head].auc.toFixed(4).padStart(18)).join(' ');
    lines.push(`${head.padEnd(10)} ${cells}   ${m.heads[head].positives} / ${m.heads[head].rows}`);
  }
  return lines.join('\n');
}
