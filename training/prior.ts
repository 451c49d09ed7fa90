/**
 * Fits the popularity prior the engine blends into pCTR for shoppers with
 * few actions (`src/engine/rank/prior.ts`), and chooses its blend on
 * validation shoppers who neither train nor test.
 */
import type { BehaviourEvent } from '../src/engine/events/types';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { ACTION_TYPES, blendProduct, priorWeight, type PopularityPrior } from '../src/engine/rank/prior';
import { smoothedItemRates } from './baselines';
import { pageRankingMetrics } from './ranking';

const logit = (p: number): number => Math.log(p / (1 - p));

/**
 * Each item's smoothed training click rate as a logit ({@link smoothedItemRates}).
 * @returns the prior's table; its blend (`weight`, `halfActions`) comes from {@link chooseBlend}.
 */
export function fitPriorTable(rows: TrainingRows, train: Int32Array): Pick<PopularityPrior, 'clickLogit' | 'defaultLogit'> {
  const { byItem, overall } = smoothedItemRates(rows, train);
  const clickLogit: Record<string, number> = {};
  for (const [id, r] of byItem) clickLogit[id] = logit(r.click);
  return { clickLogit, defaultLogit: logit(overall.click) };
}

/**
 * Per page (request), the shopper's actions logged before it: what the
 * engine's `countActions` reads from the profile when the page is ranked.
 * @param events - the log the rows were built from.
 * @param rows - its rows.
 * @returns one count per request.
 */
export function actionsBefore(events: readonly BehaviourEvent[], rows: TrainingRows): Float32Array {
  const actionTypes: ReadonlySet<string> = new Set(ACTION_TYPES);
  const times = new Map<string, number[]>();
  for (const e of events) {
    if (!actionTypes.has(e.type)) continue;
    let list = times.get(e.shopper);
    if (!list) times.set(e.shopper, (list = []));
    list.push(e.ts);
  }
  for (const list of times.values()) list.sort((a, b) => a - b);
  const out = new Float32Array(rows.requests);
  for (let q = 0; q < rows.requests; q++) {
    const list = times.get(rows.requestShopper[q]!);
    if (!list) continue;
    // Actions strictly before the page: the first index with ts >= page time.
    const ts = rows.requestTs[q]!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < ts) lo = mid + 1;
      else hi = mid;
    }
    out[q] = lo;
  }
  return out;
}

/** Row scores with pCTR and pCTCVR. */
export interface ClickPurchase {
  click: Float32Array;
  purchase: Float32Array;
}

/**
 * Scores as served with the prior: the engine's blend applied to each product
 * row among `indices` (ad rows keep theirs: ads are ranked by their own head).
 * @returns copies of `scores` with the blend applied; other fields are kept.
 */
export function servedWithPrior<T extends ClickPurchase>(scores: T, rows: TrainingRows, indices: Int32Array, actions: Float32Array, prior: PopularityPrior): T {
  const click = Float32Array.from(scores.click);
  const purchase = Float32Array.from(scores.purchase);
  for (const r of indices) {
    if (rows.isAd[r] !== 0) continue;
    const b = blendProduct(prior, rows.rowItem[r]!, priorWeight(prior, actions[rows.rowRequest[r]!]!), { click: click[r]!, purchase: purchase[r]! });
    click[r] = b.click;
    purchase[r] = b.purchase;
  }
  return { ...scores, click, purchase };
}

/** Blend weights tried at no actions. */
export const WEIGHT_GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Half-lives (in actions) tried once the weight is chosen. */
export const HALF_GRID = [0.5, 1, 2, 4, 8, 16, 32, 64];

/** What {@link chooseBlend} tried and chose. */
export interface BlendChoice {
  weight: number;
  halfActions: number;
  /** True NDCG@10 of the validation cold-start pages at each weight. */
  weights: Array<{ weight: number; trueNdcg10: number }>;
  /** True NDCG@10 of every validation page at each half-life, with the chosen weight. */
  halves: Array<{ halfActions: number; trueNdcg10: number }>;
  /** Validation pages with a relevant product: cold-start and all. */
  pages: { coldStart: number; all: number };
}

/**
 * Chooses the prior's blend on validation pages by true NDCG@10 (the
 * simulator's click probabilities as gains): first the weight at no
 * actions on the cold-start pages, then how fast it halves on every page.
 * Ties keep the smaller weight and the shorter half-life (less prior).
 * @param rows - validation rows.
 * @param network - the network's served scores of those rows (position at its serving constant).
 * @param relevance - the gain of each row.
 * @param sets - every validation row, and the cold-start rows.
 * @param actions - actions before each validation page ({@link actionsBefore}).
 * @param table - the prior's table ({@link fitPriorTable}).
 */
export function chooseBlend(
  rows: TrainingRows,
  network: ClickPurchase,
  relevance: Float32Array,
  sets: { all: Int32Array; coldStart: Int32Array },
  actions: Float32Array,
  table: Pick<PopularityPrior, 'clickLogit' | 'defaultLogit'>,
): BlendChoice {
  // Pages with a relevant product: the same at every grid point, so the last run's count.
  const pages = { coldStart: 0, all: 0 };
  const score = (set: keyof typeof pages, weight: number, halfActions: number): number => {
    const served = servedWithPrior(network, rows, sets[set], actions, { ...table, weight, halfActions });
    const m = pageRankingMetrics(rows, sets[set], served.click, relevance);
    pages[set] = m.pages;
    return m.ndcg10;
  };
  // At no actions the half-life does not matter.
  const weights = WEIGHT_GRID.map((weight) => ({ weight, trueNdcg10: score('coldStart', weight, 1) }));
  const best = weights.reduce((a, b) => (b.trueNdcg10 > a.trueNdcg10 ? b : a));
  const halves = HALF_GRID.map((halfActions) => ({ halfActions, trueNdcg10: score('all', best.weight, halfActions) }));
  const bestHalf = halves.reduce((a, b) => (b.trueNdcg10 > a.trueNdcg10 ? b : a));
  return { weight: best.weight, halfActions: bestHalf.halfActions, weights, halves, pages };
}
