/**
 * Held-out evaluation: AUC and log loss per head for the model and a baseline.
 */
import type { FeatureSpec } from '../src/engine/features/spec';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { auc, logLoss } from '../src/engine/learn/metrics';
import { predictRows } from '../src/engine/learn/trainer';
import type { RecommenderModel } from '../src/engine/model/build';
import type { BaselineScores } from './baselines';

/** Figures of one scorer on one head. */
export interface HeadMetrics {
  auc: number;
  logLoss: number;
  positives: number;
  rows: number;
}

/** Evaluation written into the manifest's `metrics`. */
export interface Evaluation {
  heads: Record<'click' | 'purchase' | 'adClick' | 'tags', HeadMetrics>;
  baselines: { popularity: Record<'click' | 'purchase' | 'adClick' | 'tags', HeadMetrics> };
}

/**
 * Splits rows by time: pages before the `fraction` quantile of page time train, the rest test.
 */
export function splitByTime(rows: TrainingRows, fraction: number): { train: Int32Array; test: Int32Array; cutoff: number } {
  const times = Float64Array.from(rows.requestTs).sort();
  const cutoff = times[Math.floor(fraction * times.length)] ?? Infinity;
  const train: number[] = [];
  const test: number[] = [];
  for (let r = 0; r < rows.rows; r++) (rows.requestTs[rows.rowRequest[r]!]! < cutoff ? train : test).push(r);
  return { train: Int32Array.from(train), test: Int32Array.from(test), cutoff };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
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

function scoreHeads(s: BaselineScores, rows: TrainingRows, test: Int32Array, nTags: number): Evaluation['heads'] {
  const inTest = new Uint8Array(rows.rows);
  for (const r of test) inTest[r] = 1;
  const productMask = Float32Array.from({ length: rows.rows }, (_, r) => (inTest[r] && rows.isAd[r] === 0 ? 1 : 0));
  const adMask = Float32Array.from({ length: rows.rows }, (_, r) => (inTest[r] && rows.isAd[r] === 1 ? 1 : 0));
  // Tags: one (page, tag) pair per label, over test pages that have a label.
  const testPages = new Set<number>();
  for (const r of test) testPages.add(rows.rowRequest[r]!);
  const tagMask = new Float32Array(rows.requests * nTags);
  for (const q of testPages) if (rows.tagMask[q]! > 0) tagMask.fill(1, q * nTags, (q + 1) * nTags);
  return {
    click: headMetrics(s.click, rows.click, productMask),
    purchase: headMetrics(s.purchase, rows.purchase, productMask),
    adClick: headMetrics(s.adClick, rows.adClick, adMask),
    tags: headMetrics(s.tags, rows.tagLabels, tagMask),
  };
}

/**
 * Scores the model and a baseline on the test rows.
 */
export function evaluate(model: RecommenderModel, rows: TrainingRows, spec: FeatureSpec, test: Int32Array, baseline: BaselineScores): Evaluation {
  const nTags = spec.vocab.tags.length;
  const predictions = predictRows(model, rows, spec, test);
  return {
    heads: scoreHeads(predictions, rows, test, nTags),
    baselines: { popularity: scoreHeads(baseline, rows, test, nTags) },
  };
}

/** A small table of the evaluation for the console and the docs. */
export function formatReport(e: Evaluation): string {
  const lines = ['head       model AUC   popularity AUC   positives / rows'];
  for (const head of ['click', 'purchase', 'adClick', 'tags'] as const) {
    const m = e.heads[head];
    const b = e.baselines.popularity[head];
    lines.push(`${head.padEnd(10)} ${m.auc.toFixed(4).padStart(9)}   ${b.auc.toFixed(4).padStart(14)}   ${m.positives} / ${m.rows}`);
  }
  return lines.join('\n');
}
