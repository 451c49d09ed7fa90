/**
 * Tasks own their label, mask, loss and metric. The trainer sums
 * `weight x loss` over the tasks of a config and knows nothing else about them.
 */
import * as tf from '@tensorflow/tfjs';
import type { CandidateInputs, EncoderOutput, ScorerOutput, ShopperInputs } from './build';
import type { TaskName } from './config';

/** Labels of a training batch; every tensor has one row per candidate row. */
export interface BatchLabels {
  /** [N] 1 when the product impression was clicked. */
  click: tf.Tensor1D;
  /** [N] 1 when the product impression led to a purchase. */
  purchase: tf.Tensor1D;
  /** [N] 1 when the ad impression was clicked. */
  adClick: tf.Tensor1D;
  /** [N, tags] interest tags of what the shopper engaged with next. */
  tags: tf.Tensor2D;
}

/** Which rows each task learns from; 1 = counts, 0 = ignored. */
export interface BatchMasks {
  /** [N] product impressions (`click`, `purchase`). */
  product: tf.Tensor1D;
  /** [N] ad impressions (`adClick`). */
  ad: tf.Tensor1D;
  /** [N] rows whose shopper engaged with something afterwards (`tags`). */
  tags: tf.Tensor1D;
}

/** One training batch: N rows, each a shopper state and a candidate. */
export interface TrainingBatch {
  shopper: ShopperInputs;
  candidates: CandidateInputs;
  labels: BatchLabels;
  masks: BatchMasks;
}

/** The forward pass of a batch. */
export interface ForwardOutput {
  encoder: EncoderOutput;
  scorer: ScorerOutput;
}

/** A head of the model: how it learns and how it is scored. */
export interface Task {
  name: TaskName;
  /** Scalar loss of the task over its masked rows. */
  loss(out: ForwardOutput, batch: TrainingBatch): tf.Scalar;
  /** Predicted probabilities, [N] (or [N, tags] for `tags`). */
  predict(out: ForwardOutput): tf.Tensor;
  /** The label tensor of the batch. */
  label(batch: TrainingBatch): tf.Tensor;
  /** The row mask of the batch. */
  mask(batch: TrainingBatch): tf.Tensor1D;
}

const EPS = 1e-7;

/** Mean of `values` over rows where `mask` is 1; 0 when no row counts. */
export function maskedMean(values: tf.Tensor1D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar);
}

/** Per-row binary cross-entropy from logits, numerically stable. */
export function bceWithLogits(labels: tf.Tensor1D, logits: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.softplus(tf.neg(tf.abs(logits)))) as tf.Tensor1D);
}

/** Per-row binary cross-entropy from probabilities (clipped to [1e-7, 1-1e-7]). */
export function bceWithProbabilities(labels: tf.Tensor1D, p: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, EPS, 1 - EPS);
    return tf.neg(tf.add(tf.mul(labels, tf.log(q)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, q))))) as tf.Tensor1D;
  });
}

/** `click`: pCTR on every product impression. */
export const clickTask: Task = {
  name: 'click',
  loss: (out, b) => tf.tidy(() => maskedMean(bceWithLogits(b.labels.click, out.scorer.clickLogit), b.masks.product)),
  predict: (out) => tf.sigmoid(out.scorer.clickLogit),
  label: (b) => b.labels.click,
  mask: (b) => b.masks.product,
};

/** `purchase`: ESMM pCTCVR = pCTR x pCVR, learned on every product impression. */
export const purchaseTask: Task = {
  name: 'purchase',
  loss: (out, b) => tf.tidy(() => maskedMean(bceWithProbabilities(b.labels.purchase, out.scorer.purchase), b.masks.product)),
  predict: (out) => tf.clone(out.scorer.purchase),
  label: (b) => b.labels.purchase,
  mask: (b) => b.masks.product,
};

/** `adClick`: pAdClick on every ad impression. */
export const adClickTask: Task = {
  name: 'adClick',
  loss: (out, b) => tf.tidy(() => maskedMean(bceWithLogits(b.labels.adClick, out.scorer.adClickLogit), b.masks.ad)),
  predict: (out) => tf.sigmoid(out.scorer.adClickLogit),
  label: (b) => b.labels.adClick,
  mask: (b) => b.masks.ad,
};

/** `tags`: multi-label interest tags, from the shopper encoder alone. */
export const tagsTask: Task = {
  name: 'tags',
  loss: (out, b) =>
    tf.tidy(() => {
      const logits = out.encoder.tagLogits;
      const y = b.labels.tags;
      const perTag = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.softplus(tf.neg(tf.abs(logits))));
      return maskedMean(tf.mean(perTag, 1) as tf.Tensor1D, b.masks.tags);
    }),
  predict: (out) => tf.sigmoid(out.encoder.tagLogits),
  label: (b) => b.labels.tags,
  mask: (b) => b.masks.tags,
};

/** Every task by name. */
export const TASKS: Readonly<Record<TaskName, Task>> = {
  click: clickTask,
  purchase: purchaseTask,
  adClick: adClickTask,
  tags: tagsTask,
};
