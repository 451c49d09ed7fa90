/**
 * One trainer for the Node CLI and the device: batches rows into tensors,
 * sums the configured tasks' losses and steps an optimizer. It has no
 * model-specific branches: tasks and weights come from the config.
 */
import * as tf from '@tensorflow/tfjs';
import { candidateDenseSize, shopperDenseSize } from '../features/encode';
import type { FeatureSpec } from '../features/spec';
import type { RecommenderModel } from '../model/build';
import { TASK_NAMES } from '../model/config';
import { TASKS, type ForwardOutput, type TrainingBatch } from '../model/tasks';
import type { TrainingRows } from './dataset';

/** Progress of a training run. */
export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  /** Latest total loss read back (read every `lossEvery` steps). */
  loss: number;
}

/** Options of {@link trainModel}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Source of randomness for shuffling; seed it for reproducible runs. */
  random: () => number;
  /** Rows to train on (indices into the rows); default all. */
  indices?: Int32Array;
  /** Which weights learn; default all. */
  trainable?: (name: string) => boolean;
  /** Read the loss back every this many steps (each read waits for the device). Default 20. */
  lossEvery?: number;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

/**
 * Turns rows into a batch of tensors. The caller disposes it with {@link disposeBatch}.
 * @param rows - training rows.
 * @param spec - feature spec the rows were built with.
 * @param indices - which rows.
 */
export function makeBatch(rows: TrainingRows, spec: FeatureSpec, indices: ArrayLike<number>): TrainingBatch {
  const n = indices.length;
  const R = spec.recentLength;
  const Ds = shopperDenseSize(spec);
  const Dc = candidateDenseSize();
  const T = spec.titleTokens;
  const nTags = spec.vocab.tags.length;
  const recentItems = new Int32Array(n * R);
  const recentTypes = new Int32Array(n * R);
  const shopper = new Float32Array(n * Ds);
  const tags = new Float32Array(n * nTags);
  const tagMask = new Float32Array(n);
  const item = new Int32Array(n);
  const attrs = new Int32Array(n * 4);
  const title = new Int32Array(n * T);
  const candidate = new Float32Array(n * Dc);
  const click = new Float32Array(n);
  const purchase = new Float32Array(n);
  const adClick = new Float32Array(n);
  const ad = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const r = indices[k] as number;
    const q = rows.rowRequest[r] as number;
    recentItems.set(rows.recentItems.subarray(q * R, q * R + R), k * R);
    recentTypes.set(rows.recentTypes.subarray(q * R, q * R + R), k * R);
    shopper.set(rows.shopperDense.subarray(q * Ds, q * Ds + Ds), k * Ds);
    tags.set(rows.tagLabels.subarray(q * nTags, q * nTags + nTags), k * nTags);
    tagMask[k] = rows.tagMask[q] as number;
    item[k] = rows.item[r] as number;
    attrs.set(rows.attrs.subarray(r * 4, r * 4 + 4), k * 4);
    title.set(rows.title.subarray(r * T, r * T + T), k * T);
    candidate.set(rows.candidateDense.subarray(r * Dc, r * Dc + Dc), k * Dc);
    click[k] = rows.click[r] as number;
    purchase[k] = rows.purchase[r] as number;
    adClick[k] = rows.adClick[r] as number;
    ad[k] = rows.isAd[r] as number;
  }
  return {
    shopper: {
      recentItems: tf.tensor2d(recentItems, [n, R], 'int32'),
      recentTypes: tf.tensor2d(recentTypes, [n, R], 'int32'),
      shopper: tf.tensor2d(shopper, [n, Ds]),
    },
    candidates: {
      item: tf.tensor1d(item, 'int32'),
      attrs: tf.tensor2d(attrs, [n, 4], 'int32'),
      title: tf.tensor2d(title, [n, T], 'int32'),
      candidate: tf.tensor2d(candidate, [n, Dc]),
    },
    labels: {
      click: tf.tensor1d(click),
      purchase: tf.tensor1d(purchase),
      adClick: tf.tensor1d(adClick),
      tags: tf.tensor2d(tags, [n, nTags]),
    },
    masks: { product: tf.tensor1d(ad.map((a) => 1 - a)), ad: tf.tensor1d(ad), tags: tf.tensor1d(tagMask) },
  };
}

/** Disposes every tensor of a batch. */
export function disposeBatch(batch: TrainingBatch): void {
  tf.dispose([batch.shopper, batch.candidates, batch.labels, batch.masks] as unknown as tf.TensorContainer);
}

/** Forward pass over a batch (each row its own shopper vector). */
export function forward(model: RecommenderModel, batch: TrainingBatch): ForwardOutput {
  const encoder = model.encode(batch.shopper);
  const scorer = model.score(encoder.vector, batch.candidates);
  return { encoder, scorer };
}

/**
 * Weighted sum of the task losses of the model's config: `fixed` weights, or
 * learned uncertainty weighting (the config's `taskWeighting`).
 * @returns a scalar tensor; the caller disposes it.
 */
export function totalLoss(model: RecommenderModel, batch: TrainingBatch): tf.Scalar {
  return tf.tidy(() => {
    const out = forward(model, batch);
    const logVariance = model.weights.get('loss/log_variance');
    let loss: tf.Scalar = tf.scalar(0);
    TASK_NAMES.forEach((name, t) => {
      const weight = model.config.taskWeights[name];
      if (weight <= 0) return;
      let term = TASKS[name].loss(out, batch);
      if (logVariance) {
        const s = tf.squeeze(tf.slice(logVariance, [t], [1])) as tf.Scalar;
        term = tf.add(tf.mul(tf.exp(tf.neg(s)), term), tf.mul(s, 0.5));
      }
      loss = tf.add(loss, tf.mul(term, weight));
    });
    return loss;
  });
}

/**
 * Trains a model on rows with Adam.
 * @returns steps taken and the last loss read.
 * @throws {DOMException} `AbortError` when the signal aborts between steps.
 */
export async function trainModel(
  model: RecommenderModel,
  rows: TrainingRows,
  spec: FeatureSpec,
  options: TrainOptions,
): Promise<{ steps: number; loss: number }> {
  const all = options.indices ?? Int32Array.from({ length: rows.rows }, (_, i) => i);
  const vars = [...model.weights].filter(([name]) => options.trainable?.(name) ?? true).map(([, v]) => v);
  const optimizer = tf.train.adam(options.learningRate);
  const stepsPerEpoch = Math.ceil(all.length / options.batchSize);
  const lossEvery = options.lossEvery ?? 20;
  let loss = Number.NaN;
  let steps = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = Int32Array.from(all);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(options.random() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      for (let s = 0; s < stepsPerEpoch; s++) {
        options.signal?.throwIfAborted();
        const batch = makeBatch(rows, spec, order.subarray(s * options.batchSize, (s + 1) * options.batchSize));
        const cost = optimizer.minimize(() => totalLoss(model, batch), true, vars);
        disposeBatch(batch);
        steps++;
        if (cost) {
          if (steps % lossEvery === 0 || s === stepsPerEpoch - 1) {
            loss = (await cost.data())[0] as number;
            options.onProgress?.({ epoch, epochs: options.epochs, step: s + 1, steps: stepsPerEpoch, loss });
          }
          cost.dispose();
        }
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { steps, loss };
}

/** Predictions for rows: per-row `click`, `purchase`, `adClick` and per-request `tags`. */
export interface RowPredictions {
  click: Float32Array;
  purchase: Float32Array;
  adClick: Float32Array;
  /** [requests, tags]; rows of requests not in `indices` stay 0. */
  tags: Float32Array;
}

/**
 * Scores rows with the model in batches.
 * @param indices - rows to score (default all); other rows' predictions stay 0.
 */
export function predictRows(model: RecommenderModel, rows: TrainingRows, spec: FeatureSpec, indices?: Int32Array, batchSize = 2048): RowPredictions {
  const idx = indices ?? Int32Array.from({ length: rows.rows }, (_, i) => i);
  const nTags = spec.vocab.tags.length;
  const out: RowPredictions = {
    click: new Float32Array(rows.rows),
    purchase: new Float32Array(rows.rows),
    adClick: new Float32Array(rows.rows),
    tags: new Float32Array(rows.requests * nTags),
  };
  for (let s = 0; s < idx.length; s += batchSize) {
    const part = idx.subarray(s, s + batchSize);
    const batch = makeBatch(rows, spec, part);
    const [c, p, a, t] = tf.tidy(() => {
      const o = forward(model, batch);
      return [TASKS.click.predict(o), TASKS.purchase.predict(o), TASKS.adClick.predict(o), TASKS.tags.predict(o)];
    });
    const cv = c!.dataSync();
    const pv = p!.dataSync();
    const av = a!.dataSync();
    const tv = t!.dataSync();
    for (let k = 0; k < part.length; k++) {
      const r = part[k]!;
      out.click[r] = cv[k]!;
      out.purchase[r] = pv[k]!;
      out.adClick[r] = av[k]!;
      const q = rows.rowRequest[r]!;
      out.tags.set(tv.subarray(k * nTags, (k + 1) * nTags), q * nTags);
    }
    tf.dispose([c!, p!, a!, t!]);
    disposeBatch(batch);
  }
  return out;
}
