/**
 * config -> model. The network is written as two functions over named
 * variables, so the expensive part of a request is done once:
 *
 * - {@link RecommenderModel.encode}: recent items, their types and the dense
 *   shopper features -> shopper vector and the `tags` head. Run once per request.
 * - {@link RecommenderModel.score}: shopper vector + candidate inputs ->
 *   `click`, `purchase` (ESMM) and `adClick`. The first layer is split into a
 *   shopper part and a candidate part, so one shopper vector is broadcast over
 *   all N candidates instead of being copied N times.
 *
 * The bottom is an MMoE: E experts shared by the candidate tasks and one
 * softmax gate per task, followed by a small tower per task.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';

/** Shopper-side inputs, batch B (1 when serving). */
export interface ShopperInputs {
  /** [B, recentLength] int32 item indices. */
  recentItems: tf.Tensor2D;
  /** [B, recentLength] int32 engagement types. */
  recentTypes: tf.Tensor2D;
  /** [B, shopperDense] float32. */
  shopper: tf.Tensor2D;
}

/** Candidate-side inputs, batch N. */
export interface CandidateInputs {
  /** [N] int32 item indices. */
  item: tf.Tensor1D;
  /** [N, 4] int32 attribute indices. */
  attrs: tf.Tensor2D;
  /** [N, titleTokens] int32 hashed title tokens. */
  title: tf.Tensor2D;
  /** [N, candidateDense] float32. */
  candidate: tf.Tensor2D;
}

/** Output of the shopper encoder. */
export interface EncoderOutput {
  /** [B, shopperDim]. */
  vector: tf.Tensor2D;
  /** [B, tags] logits of the `tags` head. */
  tagLogits: tf.Tensor2D;
}

/** The item-side inputs of candidates: what does not depend on the shopper. */
export type ItemInputs = Pick<CandidateInputs, 'item' | 'attrs' | 'title'>;

/**
 * The shopper-independent part of the scorer's first layer for N items:
 * `[N, E*U + T*E + T]` = the experts', gates' and personal head's
 * pre-activations from the item's embeddings (biases included). Computed once
 * per model version and catalogue, and gathered per request.
 */
export type ItemSide = tf.Tensor2D;

/** Output of the candidate scorer; every tensor is [N]. */
export interface ScorerOutput {
  /** Logit of pCTR. */
  clickLogit: tf.Tensor1D;
  /** Logit of pCVR (purchase given click). */
  conversionLogit: tf.Tensor1D;
  /** Logit of pAdClick. */
  adClickLogit: tf.Tensor1D;
  /** pCTCVR = pCTR x pCVR. */
  purchase: tf.Tensor1D;
}

/** Candidate tasks in tower order. */
export const TOWERS = ['click', 'conversion', 'adClick'] as const;

/** A built model: named weights and the two forward functions. */
export interface RecommenderModel {
  config: ModelConfig;
  /** Every weight by name, in a fixed order (the order of the weight file). */
  weights: Map<string, tf.Variable>;
  /** Runs the shopper encoder. Call inside `tf.tidy` or dispose the outputs. */
  encode(inputs: ShopperInputs): EncoderOutput;
  /**
   * Runs the candidate scorer. `vector` is [1, shopperDim] (broadcast over all
   * candidates) or [N, shopperDim] (one shopper per row, in training).
   */
  score(vector: tf.Tensor2D, inputs: CandidateInputs): ScorerOutput;
  /** The item side of N items ({@link ItemSide}). Call inside `tf.tidy` or dispose the output. */
  itemSide(inputs: ItemInputs): ItemSide;
  /**
   * The scorer from precomputed item sides: `score(v, c)` equals
   * `scoreItems(v, itemSide(c), c.candidate)`; only the per-candidate
   * arithmetic (the shopper-dependent dense features, the shopper part of the
   * first layer, gates, towers) runs per request.
   */
  scoreItems(vector: tf.Tensor2D, itemSide: ItemSide, candidate: tf.Tensor2D): ScorerOutput;
  /**
   * A number that changes whenever weights are assigned through
   * {@link markChanged}, so caches built from the weights know when they are stale.
   */
  readonly version: number;
  /** Says the weights were assigned (a loaded file, an accepted fine-tuning round). */
  markChanged(): void;
  /** Releases every weight. */
  dispose(): void;
}

/**
 * Names of the base weights (embeddings, shopper encoder, experts) that stay
 * frozen while fine-tuning on a device; the adapter, gates, towers and tags learn.
 */
export function isBaseWeight(name: string): boolean {
  return name.endsWith('_embedding') || name.startsWith('shopper_') || name.startsWith('experts/');
}

/**
 * Weights that exist only on the device: the shopper adapter (a residual map
 * on the shopper vector) and the personal head (a linear term over the
 * candidate's item-side inputs). Both start at zero, so a model without them
 * is the shipped model; pretraining leaves them alone.
 */
export function isDeviceOnlyWeight(name: string): boolean {
  return name.startsWith('adapter/') || name.startsWith('personal/');
}

/** Shapes of every weight of a config, in file order. */
export function weightShapes(config: ModelConfig): Array<[string, number[]]> {
  const c = config;
  const s = c.inputs;
  const T = TOWERS.length;
  const E = c.experts;
  const candidateIn = c.itemEmbedding + 4 * c.attributeEmbedding + c.titleEmbedding + s.candidateDense;
  return [
    ['item_embedding', [s.items, c.itemEmbedding]],
    ['type_embedding', [6, c.itemEmbedding]],
    ['attribute_embedding', [s.attributes, c.attributeEmbedding]],
    ['title_embedding', [s.titleBuckets, c.titleEmbedding]],
    ['shopper_hidden/kernel', [c.itemEmbedding + s.shopperDense, c.shopperHidden]],
    ['shopper_hidden/bias', [c.shopperHidden]],
    ['shopper_vector/kernel', [c.shopperHidden, c.shopperDim]],
    ['shopper_vector/bias', [c.shopperDim]],
    ['adapter/kernel', [c.shopperDim, c.shopperDim]],
    ['tags/kernel', [c.shopperDim, s.tags]],
    ['tags/bias', [s.tags]],
    ['experts/kernel_shopper', [c.shopperDim, E * c.expertUnits]],
    ['experts/kernel_candidate', [candidateIn, E * c.expertUnits]],
    ['experts/bias', [E * c.expertUnits]],
    ['gates/kernel_shopper', [c.shopperDim, T * E]],
    ['gates/kernel_candidate', [candidateIn, T * E]],
    ['gates/bias', [T * E]],
    ['towers/kernel', [T, c.expertUnits, c.towerUnits]],
    ['towers/bias', [T, 1, c.towerUnits]],
    ['towers/out_kernel', [T, c.towerUnits, 1]],
    ['towers/out_bias', [T, 1, 1]],
    ['personal/kernel', [candidateIn, T]],
  ];
}

/** Seeded initial value: small uniform for embeddings, Glorot uniform for kernels, zeros for biases. */
function initialValue(name: string, shape: number[], seed: number): tf.Tensor {
  // Biases start at zero; so does the shopper adapter, which makes it the identity.
  if (name.endsWith('bias') || isDeviceOnlyWeight(name)) return tf.zeros(shape);
  if (name.endsWith('_embedding')) return tf.randomUniform(shape, -0.05, 0.05, 'float32', seed);
  const fanIn = shape[shape.length - 2] ?? 1;
  const fanOut = shape[shape.length - 1] ?? 1;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
}

/**
 * Builds the model with freshly initialised weights. Pure in its config: the
 * same config (seed included) gives the same weights.
 * @param config - a validated config (see `validateModelConfig`).
 * @returns the model; call `dispose()` when done.
 * @example
 * const model = buildModel(validateModelConfig({ inputs: modelInputSizes(spec) }));
 */
export function buildModel(config: ModelConfig): RecommenderModel {
  const weights = new Map<string, tf.Variable>();
  weightShapes(config).forEach(([name, shape], i) => {
    const value = initialValue(name, shape, config.seed * 1000 + i);
    weights.set(name, tf.variable(value, true));
    value.dispose();
  });
  const w = (name: string): tf.Variable => {
    const v = weights.get(name);
    if (!v) throw new Error(`model has no weight ${name}`);
    return v;
  };
  const E = config.experts;
  const U = config.expertUnits;
  const T = TOWERS.length;

  const encode = (inputs: ShopperInputs): EncoderOutput =>
    tf.tidy(() => {
      const sequence = tf.add(tf.gather(w('item_embedding'), inputs.recentItems), tf.gather(w('type_embedding'), inputs.recentTypes));
      const pooled = tf.mean(sequence, 1) as tf.Tensor2D;
      const joined = tf.concat([pooled, inputs.shopper], 1);
      const hidden = tf.fused.matMul({ a: joined, b: w('shopper_hidden/kernel'), bias: w('shopper_hidden/bias'), activation: 'relu' });
      const base = tf.fused.matMul({ a: hidden, b: w('shopper_vector/kernel'), bias: w('shopper_vector/bias'), activation: 'relu' });
      // The shopper adapter: a residual linear map, zero in the shipped model,
      // that on-device fine-tuning learns for this shopper.
      const vector = tf.add(base, tf.matMul(base, w('adapter/kernel'))) as tf.Tensor2D;
      const tagLogits = tf.fused.matMul({ a: vector, b: w('tags/kernel'), bias: w('tags/bias') }) as tf.Tensor2D;
      return { vector, tagLogits };
    });

  /** Width of the item embeddings' part of a candidate row: the first rows of the candidate kernels. */
  const itemWidth = config.itemEmbedding + 4 * config.attributeEmbedding + config.titleEmbedding;
  const EU = E * U;
  const TE = T * E;
  // Kernels split into the item-embedding rows and the dense-feature rows.
  const split = (name: string): [tf.Tensor2D, tf.Tensor2D] => {
    const k = w(name);
    return [tf.slice(k, [0, 0], [itemWidth, -1]), tf.slice(k, [itemWidth, 0], [-1, -1])] as [tf.Tensor2D, tf.Tensor2D];
  };

  const itemSide = (inputs: ItemInputs): ItemSide =>
    tf.tidy(() => {
      const n = inputs.item.shape[0];
      const item = tf.gather(w('item_embedding'), inputs.item);
      const attrs = tf.reshape(tf.gather(w('attribute_embedding'), inputs.attrs), [n, 4 * config.attributeEmbedding]);
      const title = tf.mean(tf.gather(w('title_embedding'), inputs.title), 1);
      const x = tf.concat([item, attrs, title], 1) as tf.Tensor2D;
      const experts = tf.fused.matMul({ a: x, b: split('experts/kernel_candidate')[0], bias: w('experts/bias') });
      const gates = tf.fused.matMul({ a: x, b: split('gates/kernel_candidate')[0], bias: w('gates/bias') });
      const personal = tf.matMul(x, split('personal/kernel')[0]);
      return tf.concat([experts, gates, personal], 1) as tf.Tensor2D;
    });

  const scoreItems = (vector: tf.Tensor2D, side: ItemSide, candidate: tf.Tensor2D): ScorerOutput =>
    tf.tidy(() => {
      const n = side.shape[0];
      const [sideExperts, sideGates, sidePersonal] = tf.split(side, [EU, TE, T], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      // The first layer = item side (cached) + dense features + shopper part
      // ([1 or N] rows, broadcast in the add).
      // Broadcasting adds, not tiles: tiling the shopper row to N rows cost
      // more than the rest of the scorer on wasm.
      const experts = tf.relu(
        tf.add(tf.add(sideExperts, tf.matMul(candidate, split('experts/kernel_candidate')[1])), tf.matMul(vector, w('experts/kernel_shopper'))),
      );
      const gateLogits = tf.add(tf.add(sideGates, tf.matMul(candidate, split('gates/kernel_candidate')[1])), tf.matMul(vector, w('gates/kernel_shopper')));
      const gates = tf.softmax(tf.reshape(gateLogits, [n, T, E])); // [N, T, E]
      const mixed = tf.matMul(gates, tf.reshape(experts, [n, E, U])); // [N, T, U]
      const perTask = tf.transpose(mixed, [1, 0, 2]); // [T, N, U]
      const tower = tf.relu(tf.add(tf.matMul(perTask, w('towers/kernel')), w('towers/bias'))); // [T, N, H]
      // The personal head: a per-shopper linear term over the candidate's
      // item-side inputs, zero in the shipped model, learned on the device.
      const personalLogits = tf.add(sidePersonal, tf.matMul(candidate, split('personal/kernel')[1]));
      const personal = tf.reshape(tf.transpose(personalLogits), [T, n, 1]); // [T, N, 1]
      const logits = tf.add(tf.add(tf.matMul(tower, w('towers/out_kernel')), w('towers/out_bias')), personal); // [T, N, 1]
      const [clickLogit, conversionLogit, adClickLogit] = tf.unstack(tf.reshape(logits, [T, n])) as tf.Tensor1D[];
      // ESMM: pCTCVR = pCTR x pCVR, trained on all impressions.
      const purchase = tf.mul(tf.sigmoid(clickLogit!), tf.sigmoid(conversionLogit!)) as tf.Tensor1D;
      return { clickLogit: clickLogit!, conversionLogit: conversionLogit!, adClickLogit: adClickLogit!, purchase };
    });

  const score = (vector: tf.Tensor2D, inputs: CandidateInputs): ScorerOutput => tf.tidy(() => ({ ...scoreItems(vector, itemSide(inputs), inputs.candidate) }));

  let version = 0;
  return {
    config,
    weights,
    encode,
    score,
    itemSide,
    scoreItems,
    get version() {
      return version;
    },
    markChanged: () => {
      version++;
    },
    dispose: () => weights.forEach((v) => v.dispose()),
  };
}
