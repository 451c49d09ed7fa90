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
 * The bottom is a set of experts and, per candidate task, a route: the
 * experts the task reads, mixed by the task's softmax gate (no gate when a
 * task reads one expert). {@link expertLayout} turns the config's `bottom`
 * (shared-bottom, MMoE, PLE) into that layout; the forward pass only knows
 * the layout. A small tower per task follows.
 */
import * as tf from '@tensorflow/tfjs';
import { TASK_NAMES, type ModelConfig } from './config';

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
 * The shopper-independent part of the scorer's first layer for N items: the
 * experts', gates' and personal head's pre-activations from the item's
 * embeddings (biases included). Computed once per model version and
 * catalogue, and gathered per request. Kept as separate tensors: splitting
 * one wide tensor by columns is a copy per request (on the cpu backend,
 * slower than the whole rest of the scorer).
 */
export interface ItemSide {
  /** `[N, K*U]`: every expert's first layer. */
  experts: tf.Tensor2D;
  /** `[N, T*G]`: every task's gate logits; `null` when each task reads one expert (shared-bottom). */
  gates: tf.Tensor2D | null;
  /** `[N, T]`: the personal head's linear term. */
  personal: tf.Tensor2D;
}

/**
 * `activation(a x b + bias)` for a `[N, k]` or `[1, k]` bias: one fused
 * dispatch where the backend's fused matmul takes a rank-2 bias (not wasm's).
 */
function matMulAdd(a: tf.Tensor2D, b: tf.Tensor, bias: tf.Tensor2D, activation: 'relu' | 'linear'): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.fused.matMul({ a, b: b as tf.Tensor2D, bias, activation }) as tf.Tensor2D;
  const sum = tf.add(tf.matMul(a, b as tf.Tensor2D), bias) as tf.Tensor2D;
  return activation === 'relu' ? tf.relu(sum) : sum;
}

/** The parts of an {@link ItemSide} that exist, in a fixed order. */
export function itemSideParts(side: ItemSide): tf.Tensor2D[] {
  return side.gates ? [side.experts, side.gates, side.personal] : [side.experts, side.personal];
}

/** The inverse of {@link itemSideParts}. */
export function itemSideFromParts(parts: readonly tf.Tensor2D[]): ItemSide {
  if (parts.length !== 2 && parts.length !== 3) throw new Error(`an item side has 2 or 3 parts, got ${parts.length}`);
  return { experts: parts[0]!, gates: parts.length === 3 ? parts[1]! : null, personal: parts[parts.length - 1]! };
}

/** Frees an {@link ItemSide}'s tensors. */
export function disposeItemSide(side: ItemSide): void {
  tf.dispose(itemSideParts(side));
}

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

/** The experts of a bottom and which of them each candidate task reads. */
export interface ExpertLayout {
  /** Number of experts, each `expertUnits` wide. */
  experts: number;
  /** Experts each task's gate mixes (the same for every task); 1 means no gate. */
  gateWidth: number;
  /** Per task in {@link TOWERS} order, the indices of the experts it reads. */
  routes: number[][];
  /** Every task reads every expert in order, so no expert needs gathering. */
  everyTaskReadsAll: boolean;
}

/**
 * The expert layout of a config's bottom.
 * @example expertLayout({ ...config, bottom: 'ple', sharedExperts: 2, taskExperts: 1 }).routes // [[0, 1, 2], [0, 1, 3], [0, 1, 4]]
 */
export function expertLayout(config: Pick<ModelConfig, 'bottom' | 'experts' | 'sharedExperts' | 'taskExperts'>): ExpertLayout {
  const T = TOWERS.length;
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  let experts: number;
  let routes: number[][];
  if (config.bottom === 'shared-bottom') {
    experts = 1;
    routes = TOWERS.map(() => [0]);
  } else if (config.bottom === 'mmoe') {
    experts = config.experts;
    routes = TOWERS.map(() => range(0, experts));
  } else {
    const S = config.sharedExperts;
    const P = config.taskExperts;
    experts = S + T * P;
    routes = TOWERS.map((_, t) => [...range(0, S), ...range(S + t * P, P)]);
  }
  const everyTaskReadsAll = routes.every((r) => r.length === experts && r.every((e, i) => e === i));
  return { experts, gateWidth: routes[0]!.length, routes, everyTaskReadsAll };
}

/** A built model: named weights and the two forward functions. */
export interface RecommenderModel {
  config: ModelConfig;
  /** Every weight by name, in a fixed order (the order of the weight file). */
  weights: Map<string, tf.Variable>;
  /** Runs the shopper encoder. Call inside `tf.tidy` or dispose the outputs. */
  encode(inputs: ShopperInputs): EncoderOutput;
  /** The shopper vector alone (`encode(inputs).vector` without the tags head): what ranking needs. */
  shopperVector(inputs: ShopperInputs): tf.Tensor2D;
  /**
   * Runs the candidate scorer. `vector` is [1, shopperDim] (broadcast over all
   * candidates) or [N, shopperDim] (one shopper per row, in training).
   */
  score(vector: tf.Tensor2D, inputs: CandidateInputs): ScorerOutput;
  /** The item side of N items ({@link ItemSide}). Dispose it ({@link disposeItemSide}) when done. */
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
  return name.endsWith('_embedding') || name.startsWith('shopper_') || name.startsWith('experts/') || name.startsWith('loss/');
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

/** Width of the item embeddings' part of a candidate row (item, four attributes, title). */
function itemWidthOf(c: ModelConfig): number {
  return c.itemEmbedding + 4 * c.attributeEmbedding + c.titleEmbedding;
}

/** Shapes of every weight of a config, in file order. */
export function weightShapes(config: ModelConfig): Array<[string, number[]]> {
  const c = config;
  const s = c.inputs;
  const T = TOWERS.length;
  const { experts: K, gateWidth: G } = expertLayout(c);
  const item = itemWidthOf(c);
  const KU = K * c.expertUnits;
  const shapes: Array<[string, number[]]> = [
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
    ['tags/kernel_dense', [s.shopperDense, s.tags]],
    ['tags/bias', [s.tags]],
    // The first layer's candidate kernels in two parts: the item embeddings'
    // rows (folded into the cached item side) and the dense features' rows.
    ['experts/kernel_shopper', [c.shopperDim, KU]],
    ['experts/kernel_item', [item, KU]],
    ['experts/kernel_dense', [s.candidateDense, KU]],
    ['experts/bias', [KU]],
  ];
  // A task that reads one expert needs no gate.
  if (G > 1) {
    shapes.push(
      ['gates/kernel_shopper', [c.shopperDim, T * G]],
      ['gates/kernel_item', [item, T * G]],
      ['gates/kernel_dense', [s.candidateDense, T * G]],
      ['gates/bias', [T * G]],
    );
  }
  // The towers as block-diagonal matrices (task t's block at rows t*U.., columns t*H..),
  // so all tasks run in one 2-D matmul; the off-diagonal blocks are masked to zero.
  shapes.push(
    ['towers/kernel', [T * c.expertUnits, T * c.towerUnits]],
    ['towers/bias', [T * c.towerUnits]],
    ['towers/out_kernel', [T * c.towerUnits, T]],
    ['towers/out_bias', [T]],
    ['personal/kernel_item', [item, T]],
    ['personal/kernel_dense', [s.candidateDense, T]],
  );
  // Learned uncertainty weighting: one log-variance per task, starting at 0 (weight 1).
  if (c.taskWeighting === 'uncertainty') shapes.push(['loss/log_variance', [TASK_NAMES.length]]);
  return shapes;
}

/**
 * The 0/1 mask of a block-diagonal [T*rows, T*cols] matrix.
 * @example blockMask(2, 1, 2) // [[1, 1, 0, 0], [0, 0, 1, 1]]
 */
export function blockMask(blocks: number, rows: number, cols: number): tf.Tensor2D {
  const m = new Float32Array(blocks * rows * blocks * cols);
  for (let t = 0; t < blocks; t++)
    for (let r = 0; r < rows; r++) m.fill(1, (t * rows + r) * blocks * cols + t * cols, (t * rows + r) * blocks * cols + (t + 1) * cols);
  return tf.tensor2d(m, [blocks * rows, blocks * cols]);
}

/**
 * Seeded initial value: small uniform for embeddings, Glorot uniform for
 * kernels (over one block of a block-diagonal kernel), zeros for biases.
 */
function initialValue(name: string, shape: number[], seed: number, block: [number, number] | null): tf.Tensor {
  // Biases start at zero; so does the shopper adapter, which makes it the identity.
  if (name.endsWith('bias') || name.startsWith('loss/') || isDeviceOnlyWeight(name)) return tf.zeros(shape);
  if (name.endsWith('_embedding')) return tf.randomUniform(shape, -0.05, 0.05, 'float32', seed);
  const [fanIn, fanOut] = block ?? [shape[shape.length - 2] ?? 1, shape[shape.length - 1] ?? 1];
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
  const T = TOWERS.length;
  const U = config.expertUnits;
  const H = config.towerUnits;
  // Constant masks of the block-diagonal tower kernels; released with the model.
  const masks: Record<string, tf.Tensor2D> = { 'towers/kernel': blockMask(T, U, H), 'towers/out_kernel': blockMask(T, H, 1) };
  const blocks: Record<string, [number, number]> = { 'towers/kernel': [U, H], 'towers/out_kernel': [H, 1] };
  const weights = new Map<string, tf.Variable>();
  weightShapes(config).forEach(([name, shape], i) => {
    const value = tf.tidy(() => {
      const v = initialValue(name, shape, config.seed * 1000 + i, blocks[name] ?? null);
      return masks[name] ? tf.mul(v, masks[name]) : v;
    });
    weights.set(name, tf.variable(value, true));
    value.dispose();
  });
  const w = (name: string): tf.Variable => {
    const v = weights.get(name);
    if (!v) throw new Error(`model has no weight ${name}`);
    return v;
  };
  /** A tower kernel with its off-diagonal blocks held at zero (they get no gradient). */
  const tower = (name: 'towers/kernel' | 'towers/out_kernel'): tf.Tensor2D => tf.mul(w(name), masks[name]!);
  const layout = expertLayout(config);
  const K = layout.experts;
  const G = layout.gateWidth;
  const flatRoutes = layout.routes.flat();

  /** The shopper vector; call inside `tf.tidy`. */
  const vectorOf = (inputs: ShopperInputs): tf.Tensor2D => {
    const sequence = tf.add(tf.gather(w('item_embedding'), inputs.recentItems), tf.gather(w('type_embedding'), inputs.recentTypes));
    const pooled = tf.mean(sequence, 1) as tf.Tensor2D;
    const joined = tf.concat([pooled, inputs.shopper], 1);
    const hidden = tf.fused.matMul({ a: joined, b: w('shopper_hidden/kernel'), bias: w('shopper_hidden/bias'), activation: 'relu' });
    const base = tf.fused.matMul({ a: hidden, b: w('shopper_vector/kernel'), bias: w('shopper_vector/bias'), activation: 'relu' });
    // The shopper adapter: a residual linear map, zero in the shipped model,
    // that on-device fine-tuning learns for this shopper.
    return tf.add(base, tf.matMul(base, w('adapter/kernel'))) as tf.Tensor2D;
  };

  const encode = (inputs: ShopperInputs): EncoderOutput =>
    tf.tidy(() => {
      const vector = vectorOf(inputs);
      // The tags head reads the shopper vector and, linearly, the dense shopper
      // features themselves (wide and deep): the vector is shaped by the
      // candidate tasks, and tag interest is close to linear in the counts.
      const tagLogits = tf.add(
        tf.fused.matMul({ a: vector, b: w('tags/kernel'), bias: w('tags/bias') }),
        tf.matMul(inputs.shopper, w('tags/kernel_dense')),
      ) as tf.Tensor2D;
      return { vector, tagLogits };
    });

  const TG = G > 1 ? T * G : 0;

  const itemSide = (inputs: ItemInputs): ItemSide => {
    const parts = tf.tidy((): tf.Tensor2D[] => {
      const n = inputs.item.shape[0];
      const item = tf.gather(w('item_embedding'), inputs.item);
      const attrs = tf.reshape(tf.gather(w('attribute_embedding'), inputs.attrs), [n, 4 * config.attributeEmbedding]);
      const title = tf.mean(tf.gather(w('title_embedding'), inputs.title), 1);
      const x = tf.concat([item, attrs, title], 1) as tf.Tensor2D;
      const experts = tf.fused.matMul({ a: x, b: w('experts/kernel_item'), bias: w('experts/bias') });
      const personal = tf.matMul(x, w('personal/kernel_item'));
      const gates = TG === 0 ? null : tf.fused.matMul({ a: x, b: w('gates/kernel_item'), bias: w('gates/bias') });
      return (gates ? [experts, gates, personal] : [experts, personal]) as tf.Tensor2D[];
    });
    return itemSideFromParts(parts);
  };

  const scoreItems = (vector: tf.Tensor2D, side: ItemSide, candidate: tf.Tensor2D): ScorerOutput =>
    tf.tidy(() => {
      const n = side.experts.shape[0];
      // A first layer = dense features x kernel + (item side (cached) +
      // shopper part), the sum in brackets as the fused matmul's bias: one
      // dispatch on GPU backends. The shopper part has 1 row when serving,
      // broadcast in the add (tiling it to N rows cost more than the rest of
      // the scorer on wasm), and N rows in training.
      const firstLayer = (name: 'experts' | 'gates', itemPart: tf.Tensor2D, activation: 'relu' | 'linear'): tf.Tensor2D =>
        matMulAdd(candidate, w(`${name}/kernel_dense`), tf.add(itemPart, tf.matMul(vector, w(`${name}/kernel_shopper`))), activation);
      const experts = tf.reshape(firstLayer('experts', side.experts, 'relu'), [n, K, U]);
      // What each task reads, side by side: [N, T*U]. The gate mix is one
      // batched matmul. A broadcast multiply and a sum over the experts' axis
      // was 0.3 ms faster on wasm but 27x slower on the cpu backend, and on
      // WebGPU the sum is a reduction of 4 values per workgroup of 64 threads.
      let mixed: tf.Tensor2D;
      if (!side.gates) {
        mixed = tf.reshape(tf.gather(experts, flatRoutes, 1), [n, T * U]);
      } else {
        const gates = tf.softmax(tf.reshape(firstLayer('gates', side.gates, 'linear'), [n, T, G])) as tf.Tensor3D;
        mixed = layout.everyTaskReadsAll
          ? tf.reshape(tf.matMul(gates, experts), [n, T * U])
          : tf.reshape(tf.matMul(tf.reshape(gates, [n * T, 1, G]), tf.reshape(tf.gather(experts, flatRoutes, 1), [n * T, G, U])), [n, T * U]);
      }
      // Every task's tower in one matmul with the block-diagonal kernel: [N, T*H].
      const towers = tf.fused.matMul({ a: mixed, b: tower('towers/kernel'), bias: w('towers/bias'), activation: 'relu' }) as tf.Tensor2D;
      // The personal head: a per-shopper linear term over the candidate's
      // item-side inputs, zero in the shipped model, learned on the device.
      const personal = matMulAdd(candidate, w('personal/kernel_dense'), tf.add(side.personal, w('towers/out_bias')) as tf.Tensor2D, 'linear');
      const logits = matMulAdd(towers, tower('towers/out_kernel'), personal, 'linear'); // [N, T]
      const [clickLogit, conversionLogit, adClickLogit] = tf.unstack(tf.transpose(logits)) as tf.Tensor1D[];
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
    shopperVector: (inputs: ShopperInputs) => tf.tidy(() => vectorOf(inputs)),
    score,
    itemSide,
    scoreItems,
    get version() {
      return version;
    },
    markChanged: () => {
      version++;
    },
    dispose: () => {
      weights.forEach((v) => v.dispose());
      Object.values(masks).forEach((m) => m.dispose());
    },
  };
}
