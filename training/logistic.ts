/**
 * Logistic-regression baseline: a linear model on the same features as the
 * neural ranker, without item embeddings or feature crosses. It answers "how
 * much does the deep model add over a well-fitted linear one?", which the
 * popularity baseline cannot.
 *
 * Plain JavaScript on Float64Arrays (no TF): one pass over the rows per epoch,
 * per-coordinate Adagrad, seeded shuffles, so a run is deterministic for a seed.
 */
import { attributeVocabSize, candidateDenseSize, shopperDenseSize } from '../src/engine/features/encode';
import type { FeatureSpec } from '../src/engine/features/spec';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { Rng } from '../src/sim/random';
import type { BaselineScores } from './baselines';

/** Options of {@link logisticRegressionBaseline}. */
export interface LogisticOptions {
  /** Passes over the training examples. Default 3. */
  epochs?: number;
  /** Adagrad step size. Default 0.05. */
  learningRate?: number;
  /** L2 penalty per example on every weight but the bias. Default 1e-5. */
  l2?: number;
  /** Seed of the shuffles. Default 1. */
  seed?: number;
}

/** Logits are clamped here so that float32 scores stay strictly inside (0, 1). */
const MAX_LOGIT = 15;

function sigmoid(z: number): number {
  const c = z > MAX_LOGIT ? MAX_LOGIT : z < -MAX_LOGIT ? -MAX_LOGIT : z;
  return 1 / (1 + Math.exp(-c));
}

function validateOptions(options: LogisticOptions): Required<LogisticOptions> {
  const o = { epochs: 3, learningRate: 0.05, l2: 1e-5, seed: 1, ...options };
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new RangeError(`logisticRegressionBaseline: epochs must be a positive integer, got ${o.epochs}.`);
  if (!(o.learningRate > 0)) throw new RangeError(`logisticRegressionBaseline: learningRate must be > 0, got ${o.learningRate}.`);
  if (!(o.l2 >= 0)) throw new RangeError(`logisticRegressionBaseline: l2 must be >= 0, got ${o.l2}.`);
  return o;
}

/** Per-column mean and inverse standard deviation of a row-major [n, width] matrix. */
export interface Scaler {
  mean: Float64Array;
  inv: Float64Array;
}

/**
 * The mean and standard deviation of the rows listed in `fitRows`. Constant
 * columns get an inverse of 0, so they carry no weight instead of dividing by zero.
 */
export function fitScaler(x: ArrayLike<number>, width: number, fitRows: ArrayLike<number>): Scaler {
  const mean = new Float64Array(width);
  const sq = new Float64Array(width);
  const n = fitRows.length;
  for (let i = 0; i < n; i++) {
    const o = (fitRows[i] as number) * width;
    for (let j = 0; j < width; j++) {
      const v = x[o + j] as number;
      mean[j]! += v;
      sq[j]! += v * v;
    }
  }
  const inv = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    const m = n > 0 ? mean[j]! / n : 0;
    mean[j] = m;
    const variance = n > 0 ? sq[j]! / n - m * m : 0;
    inv[j] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  return { mean, inv };
}

/** Standardises every row of a row-major matrix with a scaler. */
function standardise(x: Float32Array, width: number, { mean, inv }: Scaler): Float64Array {
  const out = new Float64Array(x.length);
  for (let o = 0; o < x.length; o += width) for (let j = 0; j < width; j++) out[o + j] = (x[o + j]! - mean[j]!) * inv[j]!;
  return out;
}

/** Fills `x` (dense features) and `sparse` (one-hot indices) of one example. */
type Gather = (example: number, x: Float64Array, sparse: Int32Array) => void;

/** Shape of a design: dense width, sparse vocabulary and active sparse indices per example. */
interface Design {
  dense: number;
  vocab: number;
  active: number;
  gather: Gather;
}

/**
 * Fits `heads` logistic regressions that share one design, in one pass per
 * epoch (the heads see the examples in the same order, so the features are
 * gathered once). Weights are laid out [bias, dense…, sparse…].
 * @param label - label of `example` for head `k` (> 0 is positive).
 */
function fitHeads(
  design: Design,
  examples: Int32Array,
  heads: number,
  label: (example: number, k: number) => number,
  o: Required<LogisticOptions>,
  rng: Rng,
): Float64Array[] {
  const D = design.dense;
  const W = 1 + D + design.vocab;
  const weights: Float64Array[] = [];
  const accum: Float64Array[] = [];
  for (let k = 0; k < heads; k++) {
    // Start the bias at the smoothed base rate: rare labels (purchases) then
    // need no epochs to find their intercept.
    let pos = 0;
    for (const e of examples) pos += label(e, k) > 0 ? 1 : 0;
    const rate = (pos + 0.5) / (examples.length + 1);
    const w = new Float64Array(W);
    w[0] = Math.log(rate / (1 - rate));
    weights.push(w);
    // A tiny starting accumulator keeps the first Adagrad step finite.
    accum.push(new Float64Array(W).fill(1e-8));
  }
  const x = new Float64Array(D);
  const sparse = new Int32Array(design.active);
  const order = Int32Array.from(examples);
  const lr = o.learningRate;
  const l2 = o.l2;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const e of order) {
      design.gather(e, x, sparse);
      for (let k = 0; k < heads; k++) {
        const w = weights[k]!;
        const G = accum[k]!;
        let z = w[0]!;
        for (let j = 0; j < D; j++) z += w[1 + j]! * x[j]!;
        for (const a of sparse) z += w[1 + D + a]!;
        const err = sigmoid(z) - (label(e, k) > 0 ? 1 : 0);
        G[0]! += err * err;
        w[0]! -= (lr * err) / Math.sqrt(G[0]!);
        for (let j = 0; j < D; j++) {
          const c = 1 + j;
          const g = err * x[j]! + l2 * w[c]!;
          G[c]! += g * g;
          w[c]! -= (lr * g) / Math.sqrt(G[c]!);
        }
        // L2 on one-hot weights only when active, the usual lazy form for sparse SGD.
        for (const a of sparse) {
          const c = 1 + D + a;
          const g = err + l2 * w[c]!;
          G[c]! += g * g;
          w[c]! -= (lr * g) / Math.sqrt(G[c]!);
        }
      }
    }
  }
  return weights;
}

/** Scores every example 0..count-1 with every head and hands each probability to `write`. */
function predictHeads(design: Design, weights: Float64Array[], count: number, write: (example: number, k: number, p: number) => void): void {
  const D = design.dense;
  const x = new Float64Array(D);
  const sparse = new Int32Array(design.active);
  for (let e = 0; e < count; e++) {
    design.gather(e, x, sparse);
    for (let k = 0; k < weights.length; k++) {
      const w = weights[k]!;
      let z = w[0]!;
      for (let j = 0; j < D; j++) z += w[1 + j]! * x[j]!;
      for (const a of sparse) z += w[1 + D + a]!;
      write(e, k, sigmoid(z));
    }
  }
}

/**
 * Logistic regression per head on the features the neural ranker sees, except
 * item ids and title tokens.
 *
 * - Candidate heads (click and purchase on product rows, adClick on ad rows):
 *   the request's shopper dense vector, the row's candidate dense vector, a
 *   one-hot of its four attribute indices and a bias.
 * - Tags: one regression per tag on the request's shopper dense vector and a
 *   bias, fitted on the training requests that have a tag label.
 *
 * Dense features are standardised with the training set's mean and standard
 * deviation (shopper features over the distinct training requests, candidate
 * features over the training rows). Fitting is per-coordinate Adagrad on
 * seeded shuffles: the same rows, split, options and seed give the same scores.
 *
 * @param rows - all rows.
 * @param train - indices of the training rows; their requests are the training requests.
 * @param spec - the feature spec the rows were built with.
 * @param options - see {@link LogisticOptions}.
 * @returns scores in (0, 1) for every row and every (request, tag), like `popularityBaseline`.
 * @throws {RangeError} when an option is out of range, or when the rows' array sizes or attribute indices do not match `spec` (rebuild the rows with this spec).
 * @example
 * const { train, test } = splitByTime(rows, 0.8);
 * const lr = logisticRegressionBaseline(rows, train, spec, { seed: 7 });
 * auc(lr.click, rows.click, testProductMask);
 */
export function logisticRegressionBaseline(rows: TrainingRows, train: Int32Array, spec: FeatureSpec, options: LogisticOptions = {}): BaselineScores {
  return fitLogisticRegression(rows, train, spec, options).score(rows);
}

/** A fitted logistic-regression baseline. */
export interface LogisticModel {
  /**
   * Scores rows built with the same spec (the fitted rows, or a variant of
   * them such as the position feature at its serving constant).
   * @throws {RangeError} when the rows do not match the spec.
   */
  score(rows: TrainingRows): BaselineScores;
}

function checkRows(rows: TrainingRows, spec: FeatureSpec): void {
  const Q = rows.requests;
  const N = rows.rows;
  const Ds = shopperDenseSize(spec);
  const Dc = candidateDenseSize();
  const V = attributeVocabSize(spec);
  const nTags = spec.vocab.tags.length;
  const mismatch = (what: string, got: number, want: number): RangeError =>
    new RangeError(`logisticRegressionBaseline: rows.${what} has length ${got}, the spec implies ${want}; build the rows with the same feature spec.`);
  if (rows.shopperDense.length !== Q * Ds) throw mismatch('shopperDense', rows.shopperDense.length, Q * Ds);
  if (rows.candidateDense.length !== N * Dc) throw mismatch('candidateDense', rows.candidateDense.length, N * Dc);
  if (rows.attrs.length !== N * 4) throw mismatch('attrs', rows.attrs.length, N * 4);
  if (rows.tagLabels.length !== Q * nTags) throw mismatch('tagLabels', rows.tagLabels.length, Q * nTags);
  for (const a of rows.attrs) {
    if (a < 0 || a >= V)
      throw new RangeError(
        `logisticRegressionBaseline: attribute index ${a} is outside the spec's vocabulary of ${V}; build the rows with the same feature spec.`,
      );
  }
}

/** The designs (feature gatherers) of some rows, standardised with the training scalers. */
function designs(rows: TrainingRows, Ds: number, Dc: number, V: number, scalers: { shopper: Scaler; candidate: Scaler }): { candidate: Design; tags: Design } {
  const S = standardise(rows.shopperDense, Ds, scalers.shopper);
  const C = standardise(rows.candidateDense, Dc, scalers.candidate);
  return {
    candidate: {
      dense: Ds + Dc,
      vocab: V,
      active: 4,
      gather: (r, x, sparse) => {
        const s = rows.rowRequest[r]! * Ds;
        for (let j = 0; j < Ds; j++) x[j] = S[s + j]!;
        const c = r * Dc;
        for (let j = 0; j < Dc; j++) x[Ds + j] = C[c + j]!;
        for (let j = 0; j < 4; j++) sparse[j] = rows.attrs[r * 4 + j]!;
      },
    },
    tags: {
      dense: Ds,
      vocab: 0,
      active: 0,
      gather: (q, x) => {
        for (let j = 0; j < Ds; j++) x[j] = S[q * Ds + j]!;
      },
    },
  };
}

/**
 * Fits the baseline of {@link logisticRegressionBaseline} and returns it, to
 * score the fitted rows or variants of them.
 * @throws {RangeError} as {@link logisticRegressionBaseline}.
 */
export function fitLogisticRegression(rows: TrainingRows, train: Int32Array, spec: FeatureSpec, options: LogisticOptions = {}): LogisticModel {
  const o = validateOptions(options);
  checkRows(rows, spec);
  const Q = rows.requests;
  const Ds = shopperDenseSize(spec);
  const Dc = candidateDenseSize();
  const V = attributeVocabSize(spec);
  const nTags = spec.vocab.tags.length;

  const inTrainRequest = new Uint8Array(Q);
  for (const r of train) inTrainRequest[rows.rowRequest[r]!] = 1;
  const trainRequests: number[] = [];
  for (let q = 0; q < Q; q++) if (inTrainRequest[q]) trainRequests.push(q);
  const scalers = { shopper: fitScaler(rows.shopperDense, Ds, trainRequests), candidate: fitScaler(rows.candidateDense, Dc, train) };
  const rng = new Rng(`logistic:${o.seed}`);
  const fit = designs(rows, Ds, Dc, V, scalers);
  const products = train.filter((r) => rows.isAd[r] === 0);
  const ads = train.filter((r) => rows.isAd[r] === 1);
  const productWeights = fitHeads(fit.candidate, products, 2, (r, k) => (k === 0 ? rows.click[r]! : rows.purchase[r]!), o, rng.fork('products'));
  const adWeights = fitHeads(fit.candidate, ads, 1, (r) => rows.adClick[r]!, o, rng.fork('ads'));
  const labelled = Int32Array.from(trainRequests.filter((q) => rows.tagMask[q]! > 0));
  const tagWeights = nTags > 0 ? fitHeads(fit.tags, labelled, nTags, (q, t) => rows.tagLabels[q * nTags + t]!, o, rng.fork('tags')) : [];

  return {
    score(target: TrainingRows): BaselineScores {
      checkRows(target, spec);
      const d = target === rows ? fit : designs(target, Ds, Dc, V, scalers);
      const out: BaselineScores = {
        click: new Float32Array(target.rows),
        purchase: new Float32Array(target.rows),
        adClick: new Float32Array(target.rows),
        tags: new Float32Array(target.requests * nTags),
      };
      predictHeads(d.candidate, productWeights, target.rows, (r, k, p) => ((k === 0 ? out.click : out.purchase)[r] = p));
      predictHeads(d.candidate, adWeights, target.rows, (r, _k, p) => (out.adClick[r] = p));
      predictHeads(d.tags, tagWeights, target.requests, (q, t, p) => (out.tags[q * nTags + t] = p));
      return out;
    },
  };
}
