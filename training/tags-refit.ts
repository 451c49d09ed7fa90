/**
 * The `tags` head's output layer, refitted after training: per tag, a ridge
 * logistic regression on the trained shopper vector and the dense shopper
 * features, solved to convergence by Newton steps, with the encoder frozen.
 * Every weight is pulled to zero but the intercept, pulled to the tag's base rate.
 *
 * Why: the tag labels are shopper-level and nearly linear in the shopper's
 * decayed counts, and the training pages come from a few hundred shoppers, so
 * pages of one shopper are far from independent. The head as stepped with
 * the other tasks ranks new shoppers' tags worse than a strong L2 penalty
 * (λ in units of one page's loss, on standardised inputs) chosen on shoppers
 * who did not train.
 * The trained head itself is one of the candidates, so the refit never makes
 * the head worse on those shoppers.
 */
import * as tf from '@tensorflow/tfjs';
import { shopperDenseSize } from '../src/engine/features/encode';
import type { FeatureSpec } from '../src/engine/features/spec';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { auc } from '../src/engine/learn/metrics';
import { choleskyFactor, choleskySubstitute, log1pExp } from '../src/engine/learn/newton';
import type { RecommenderModel } from '../src/engine/model/build';
import { fitScaler, type Scaler } from './logistic';

/** The penalties tried, strongest first (each fit starts from the previous one's weights). */
export const TAG_REFIT_LAMBDAS: readonly number[] = [10000, 3000, 1000, 300];

/** Pages that choose the penalty: their rows and which pages they are. */
export interface TagRefitChoosers {
  rows: TrainingRows;
  /** Request indices into `rows`. */
  requests: readonly number[];
  /** Where they come from, for the record ("validation shoppers"). */
  source: string;
}

/** What {@link refitTagsHead} did. */
export interface TagRefitResult {
  /** The penalty kept, or null when the trained head was kept. */
  lambda: number | null;
  /** Tags AUC on the choosing pages: the trained head, and each penalty tried. */
  trainedAuc: number;
  grid: Array<{ lambda: number; auc: number }>;
  trainPages: number;
  choosingPages: number;
  source: string;
}

/**
 * The model's shopper encoder over some requests, in batches: their shopper
 * vectors [requests × shopperDim] and the trained head's tag probabilities
 * [requests × tags].
 */
function encodeRequests(
  model: RecommenderModel,
  rows: TrainingRows,
  spec: FeatureSpec,
  requests: readonly number[],
): { vectors: Float32Array; tags: Float32Array } {
  const D = model.config.shopperDim;
  const R = spec.recentLength;
  const Ds = shopperDenseSize(spec);
  const nTags = spec.vocab.tags.length;
  const vectors = new Float32Array(requests.length * D);
  const tags = new Float32Array(requests.length * nTags);
  const batch = 2048;
  for (let s = 0; s < requests.length; s += batch) {
    const part = requests.slice(s, s + batch);
    const n = part.length;
    const items = new Int32Array(n * R);
    const types = new Int32Array(n * R);
    const dense = new Float32Array(n * Ds);
    part.forEach((q, k) => {
      items.set(rows.recentItems.subarray(q * R, q * R + R), k * R);
      types.set(rows.recentTypes.subarray(q * R, q * R + R), k * R);
      dense.set(rows.shopperDense.subarray(q * Ds, q * Ds + Ds), k * Ds);
    });
    const [v, p] = tf.tidy(() => {
      const e = model.encode({
        recentItems: tf.tensor2d(items, [n, R], 'int32'),
        recentTypes: tf.tensor2d(types, [n, R], 'int32'),
        shopper: tf.tensor2d(dense, [n, Ds]),
      });
      return [e.vector, tf.sigmoid(e.tagLogits)];
    });
    vectors.set(v!.dataSync(), s * D);
    tags.set(p!.dataSync(), s * nTags);
    tf.dispose([v!, p!]);
  }
  return { vectors, tags };
}

/** Standardised inputs of some requests: [vector, dense, 1] per row. */
interface Design {
  x: Float64Array;
  /** Columns, the constant 1 included. */
  dim: number;
}

/** Requests' inputs to the tags head, [vector, dense] per row, and the trained head's tag probabilities. */
function rawInputs(model: RecommenderModel, rows: TrainingRows, spec: FeatureSpec, requests: readonly number[]): { x: Float64Array; trained: Float32Array } {
  const D = model.config.shopperDim;
  const Ds = shopperDenseSize(spec);
  const { vectors, tags } = encodeRequests(model, rows, spec, requests);
  const width = D + Ds;
  const x = new Float64Array(requests.length * width);
  requests.forEach((q, i) => {
    for (let j = 0; j < D; j++) x[i * width + j] = vectors[i * D + j]!;
    for (let j = 0; j < Ds; j++) x[i * width + D + j] = rows.shopperDense[q * Ds + j]!;
  });
  return { x, trained: tags };
}

function design(raw: Float64Array, width: number, { mean, inv }: Scaler): Design {
  const n = raw.length / width;
  const dim = width + 1;
  const x = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) x[i * dim + j] = (raw[i * width + j]! - mean[j]!) * inv[j]!;
    x[i * dim + width] = 1;
  }
  return { x, dim };
}

/** Probabilities of every (request, tag) from per-tag weights on a design, [requests × tags]. */
function predict(d: Design, weights: readonly Float64Array[]): Float32Array {
  const n = d.x.length / d.dim;
  const T = weights.length;
  const out = new Float32Array(n * T);
  for (let t = 0; t < T; t++) {
    const w = weights[t]!;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < d.dim; j++) z += d.x[i * d.dim + j]! * w[j]!;
      out[i * T + t] = 1 / (1 + Math.exp(-z));
    }
  }
  return out;
}

function tagLabels(rows: TrainingRows, requests: readonly number[], nTags: number): Float32Array {
  const y = new Float32Array(requests.length * nTags);
  requests.forEach((q, i) => y.set(rows.tagLabels.subarray(q * nTags, (q + 1) * nTags), i * nTags));
  return y;
}

/** The Hessian of the logistic loss at `w`, Σ pᵢ(1 − pᵢ)·xᵢxᵢᵀ, plus λI. */
function hessianAt(d: Design, w: Float64Array, lambda: number): Float64Array {
  const { x, dim } = d;
  const n = x.length / dim;
  const h = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let z = 0;
    for (let j = 0; j < dim; j++) z += x[o + j]! * w[j]!;
    const p = 1 / (1 + Math.exp(-z));
    const c = p * (1 - p);
    for (let j = 0; j < dim; j++) {
      const cj = c * x[o + j]!;
      if (cj === 0) continue;
      const row = j * dim;
      for (let k = 0; k <= j; k++) h[row + k]! += cj * x[o + k]!;
    }
  }
  for (let j = 0; j < dim; j++) {
    h[j * dim + j]! += lambda;
    for (let k = 0; k < j; k++) h[k * dim + j] = h[j * dim + k]!;
  }
  return h;
}

/**
 * Minimises Σ bce(σ(xᵢ·w), yᵢ) + (λ/2)‖w − w₀‖² by Newton steps that keep
 * their Hessian for several steps (one pass over the rows per step, instead
 * of a Hessian per step), halving a step until the objective does not rise.
 * The Hessian is worked out again when the steps stall before converging.
 */
function solveRidgeLogistic(d: Design, y: Float64Array, prior: Float64Array, lambda: number, start: Float64Array): Float64Array {
  const { x, dim } = d;
  const n = y.length;
  const objective = (w: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < dim; j++) z += x[i * dim + j]! * w[j]!;
      f += log1pExp(z) - y[i]! * z;
    }
    for (let j = 0; j < dim; j++) f += (lambda / 2) * (w[j]! - prior[j]!) ** 2;
    return f;
  };
  let w: Float64Array<ArrayBuffer> = Float64Array.from(start);
  let f = objective(w);
  const grad = new Float64Array(dim);
  for (let refresh = 0; refresh < 6; refresh++) {
    const factor = choleskyFactor(hessianAt(d, w, lambda), dim);
    if (!factor) throw new RangeError('refitTagsHead: the penalised Hessian is not positive definite');
    for (let step = 0; step < 12; step++) {
      for (let j = 0; j < dim; j++) grad[j] = lambda * (w[j]! - prior[j]!);
      for (let i = 0; i < n; i++) {
        let z = 0;
        for (let j = 0; j < dim; j++) z += x[i * dim + j]! * w[j]!;
        const r = 1 / (1 + Math.exp(-z)) - y[i]!;
        for (let j = 0; j < dim; j++) grad[j]! += r * x[i * dim + j]!;
      }
      const direction = choleskySubstitute(factor, grad, dim);
      let next: Float64Array<ArrayBuffer> | null = null;
      let fNext = f;
      for (let halvings = 0, t = 1; halvings < 30 && !next; halvings++, t /= 2) {
        const candidate = Float64Array.from(w, (v, j) => v - t * direction[j]!);
        const fc = objective(candidate);
        if (fc <= f) {
          next = candidate;
          fNext = fc;
        }
      }
      if (!next) break;
      let moved = 0;
      for (let j = 0; j < dim; j++) moved = Math.max(moved, Math.abs(next[j]! - w[j]!));
      const gain = f - fNext;
      w = next;
      f = fNext;
      if (moved < 1e-6 || gain < 1e-10 * Math.max(1, Math.abs(f))) return w;
    }
  }
  return w;
}

/**
 * Refits the `tags` head's output layer (see the module comment) and writes
 * the chosen weights into the model, unless the trained head does better on
 * the choosing pages.
 * @param model - a trained model; only `tags/*` weights change.
 * @param rows - the training rows; `trainRequests` index into them.
 * @param trainRequests - the requests that train (only those with a tag label are used).
 * @param spec - the feature spec of both row sets.
 * @param choosers - pages of other shoppers that choose the penalty.
 * @param lambdas - the penalties to try (default {@link TAG_REFIT_LAMBDAS}).
 * @throws {RangeError} when either set has no page with a tag label.
 */
export function refitTagsHead(
  model: RecommenderModel,
  rows: TrainingRows,
  trainRequests: readonly number[],
  spec: FeatureSpec,
  choosers: TagRefitChoosers,
  lambdas: readonly number[] = TAG_REFIT_LAMBDAS,
): TagRefitResult {
  const nTags = spec.vocab.tags.length;
  const D = model.config.shopperDim;
  const Ds = shopperDenseSize(spec);
  const width = D + Ds;
  const train = trainRequests.filter((q) => rows.tagMask[q]! > 0);
  const choose = choosers.requests.filter((q) => choosers.rows.tagMask[q]! > 0);
  if (train.length === 0 || choose.length === 0)
    throw new RangeError(`refitTagsHead: needs pages with a tag label to fit and to choose on; got ${train.length} and ${choose.length}.`);
  const trainRaw = rawInputs(model, rows, spec, train).x;
  const scaler = fitScaler(
    trainRaw,
    width,
    Int32Array.from({ length: train.length }, (_, i) => i),
  );
  const fit = design(trainRaw, width, scaler);
  const checkInputs = rawInputs(model, choosers.rows, spec, choose);
  const check = design(checkInputs.x, width, scaler);
  const yFit = tagLabels(rows, train, nTags);
  const yCheck = tagLabels(choosers.rows, choose, nTags);
  const trainedAuc = auc(checkInputs.trained, yCheck);

  const n = train.length;
  const labels = Array.from({ length: nTags }, (_, t) => Float64Array.from({ length: n }, (_, i) => yFit[i * nTags + t]!));
  // The intercept's penalty pulls it to the tag's smoothed base rate, the other weights to zero.
  const priors = labels.map((y) => {
    const rate = (y.reduce((a, b) => a + b, 0) + 0.5) / (n + 1);
    const prior = new Float64Array(fit.dim);
    prior[width] = Math.log(rate / (1 - rate));
    return prior;
  });
  const grid: TagRefitResult['grid'] = [];
  let best: { lambda: number; auc: number; weights: Float64Array[] } | null = null;
  let current: Float64Array[] = priors.map((p) => Float64Array.from(p));
  for (const lambda of lambdas) {
    current = current.map((start, t) => solveRidgeLogistic(fit, labels[t]!, priors[t]!, lambda, start));
    const score = auc(predict(check, current), yCheck);
    grid.push({ lambda, auc: score });
    if (!best || score > best.auc) best = { lambda, auc: score, weights: current };
  }
  const result = { trainedAuc, grid, trainPages: train.length, choosingPages: choose.length, source: choosers.source };
  if (!best || best.auc <= trainedAuc) return { lambda: null, ...result };

  // Back to the head's raw inputs: w·(x − mean)·inv + b = (w·inv)·x + (b − Σ w·mean·inv).
  const kernel = new Float32Array(D * nTags);
  const kernelDense = new Float32Array(Ds * nTags);
  const bias = new Float32Array(nTags);
  for (let t = 0; t < nTags; t++) {
    const w = best.weights[t]!;
    let b = w[width]!;
    for (let j = 0; j < width; j++) {
      const raw = w[j]! * scaler.inv[j]!;
      b -= raw * scaler.mean[j]!;
      if (j < D) kernel[j * nTags + t] = raw;
      else kernelDense[(j - D) * nTags + t] = raw;
    }
    bias[t] = b;
  }
  tf.tidy(() => {
    model.weights.get('tags/kernel')!.assign(tf.tensor2d(kernel, [D, nTags]));
    model.weights.get('tags/kernel_dense')!.assign(tf.tensor2d(kernelDense, [Ds, nTags]));
    model.weights.get('tags/bias')!.assign(tf.tensor1d(bias));
  });
  model.markChanged();
  return { lambda: best.lambda, ...result };
}
