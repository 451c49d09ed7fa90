/**
 * The candidate scorer as one WebGPU compute shader: on a GPU each TF.js op
 * is a dispatch whose fixed cost (bind groups, uniforms, the submission)
 * dwarfs its arithmetic, and the op-by-op scorer is about 40 of them. Here
 * one thread scores one candidate: the first layer from the cached item side,
 * the shopper's part and the dense features, the gates' softmax, the mix,
 * the towers, the personal head, and the three probabilities, written as
 * `[3, N]` (pCTR, pCTCVR, ad pCTR) like the op-by-op path's stack.
 *
 * The weights it reads are packed into one buffer and the item sides into
 * another, once per model version ({@link packScorer}), so the shader binds
 * five inputs: under WebGPU's default of eight storage buffers per stage.
 *
 * The shopper's side (the encoder and its part of the first layer) is one
 * row: about 20,000 multiply-adds, a few microseconds in JS against ten
 * dispatches on the GPU, so it runs on the host from a copy of those weights
 * ({@link shopperPart}) and reaches the shader as one small upload.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { expertLayout, itemSideParts, TOWERS, type ItemSide, type RecommenderModel } from './build';
import type { ModelConfig } from './config';

/** The program shape `runWebGPUProgram` takes. */
type WebGPUProgram = Parameters<WebGPUBackend['runWebGPUProgram']>[0];

/** Threads per workgroup: one candidate each. */
const WORKGROUP = 64;

/** The sizes the shader is specialised for, from a model config and its dense width. */
interface Dims {
  /** Experts, units per expert, gate width, tower units, dense features, tasks. */
  K: number;
  U: number;
  G: number;
  H: number;
  D: number;
  T: number;
  /** Per task, the experts its gate mixes (flattened, `T * G`). */
  routes: number[];
  /** Gates exist (more than one expert per task). */
  gated: boolean;
}

function dimsOf(config: ModelConfig, denseWidth: number): Dims {
  const layout = expertLayout(config);
  return {
    K: layout.experts,
    U: config.expertUnits,
    G: layout.gateWidth,
    H: config.towerUnits,
    D: denseWidth,
    T: TOWERS.length,
    routes: layout.routes.flat(),
    gated: layout.gateWidth > 1,
  };
}

/** Offsets into the packed weights, in floats. */
interface WeightOffsets {
  expertsDense: number;
  gatesDense: number;
  towers: number;
  towersBias: number;
  personalDense: number;
  outBias: number;
  outKernel: number;
}

/** The shopper encoder's weights in JS memory, row-major, and its sizes. */
interface HostEncoder {
  itemEmbedding: Float32Array;
  typeEmbedding: Float32Array;
  hiddenKernel: Float32Array;
  hiddenBias: Float32Array;
  vectorKernel: Float32Array;
  vectorBias: Float32Array;
  adapter: Float32Array;
  /** `[shopperDim, K*U + T*G]`: the first layer's shopper rows, experts then gates. */
  shopperKernel: Float32Array;
  /** Embedding width, dense shopper features, hidden units, shopper vector, shopper part. */
  E: number;
  S: number;
  hidden: number;
  V: number;
  P: number;
}

/** What {@link packScorer} builds once per model version; release with {@link releaseScorerPack}. */
export interface ScorerPack {
  /** `[items, K*U + T*G + T]`: each catalogue item's expert, gate and personal parts side by side. */
  items: tf.Tensor2D;
  /** Every scorer weight the shader reads, flattened into one buffer. */
  weights: tf.Tensor1D;
  offsets: WeightOffsets;
  dims: Dims;
  host: HostEncoder;
}

/**
 * Whether the fused scorer serves on the active backend: WebGPU, where a
 * dispatch is dear. Elsewhere the op-by-op scorer runs (wasm and cpu have no
 * dispatch to save; WebGL would need its own shader).
 */
export function fusedScorerApplies(): boolean {
  return tf.getBackend() === 'webgpu';
}

/**
 * Packs a model's scorer weights and the cached item sides for the shader.
 * @param sides - the item sides of every catalogue item ({@link ItemSide}).
 * @param denseWidth - the candidate's dense features per row.
 */
export async function packScorer(model: RecommenderModel, sides: ItemSide, denseWidth: number): Promise<ScorerPack> {
  const dims = dimsOf(model.config, denseWidth);
  const w = (name: string): tf.Variable => {
    const v = model.weights.get(name);
    if (!v) throw new Error(`model has no weight ${name}`);
    return v;
  };
  const names = [
    'experts/kernel_dense',
    ...(dims.gated ? ['gates/kernel_dense'] : []),
    'towers/kernel',
    'towers/bias',
    'personal/kernel_dense',
    'towers/out_bias',
    'towers/out_kernel',
  ];
  const offsets: Record<string, number> = {};
  let at = 0;
  for (const name of names) {
    offsets[name] = at;
    at += w(name).size;
  }
  const hostNames = [
    'item_embedding',
    'type_embedding',
    'shopper_hidden/kernel',
    'shopper_hidden/bias',
    'shopper_vector/kernel',
    'shopper_vector/bias',
    'adapter/kernel',
    'experts/kernel_shopper',
    ...(dims.gated ? ['gates/kernel_shopper'] : []),
  ];
  const values = (await Promise.all(hostNames.map((n) => w(n).data()))) as Float32Array[];
  const [itemEmbedding, typeEmbedding, hiddenKernel, hiddenBias, vectorKernel, vectorBias, adapter, expertRows] = values as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const c = model.config;
  const V = c.shopperDim;
  const KU = dims.K * dims.U;
  const TG = dims.gated ? dims.T * dims.G : 0;
  // The shopper rows of the experts' and the gates' first layers side by side.
  const shopperKernel = new Float32Array(V * (KU + TG));
  for (let i = 0; i < V; i++) {
    shopperKernel.set(expertRows.subarray(i * KU, (i + 1) * KU), i * (KU + TG));
    if (TG > 0) shopperKernel.set(values[8]!.subarray(i * TG, (i + 1) * TG), i * (KU + TG) + KU);
  }
  // Tensors last: nothing to free if a read-back above fails.
  const [items, weights] = tf.tidy(() => [
    tf.concat(itemSideParts(sides), 1) as tf.Tensor2D,
    tf.concat(names.map((n) => tf.reshape(w(n), [-1]))) as tf.Tensor1D,
  ]) as [tf.Tensor2D, tf.Tensor1D];
  const host: HostEncoder = {
    itemEmbedding,
    typeEmbedding,
    hiddenKernel,
    hiddenBias,
    vectorKernel,
    vectorBias,
    adapter,
    shopperKernel,
    E: c.itemEmbedding,
    S: c.inputs.shopperDense,
    hidden: c.shopperHidden,
    V,
    P: KU + TG,
  };
  return {
    items,
    weights,
    host,
    offsets: {
      expertsDense: offsets['experts/kernel_dense']!,
      gatesDense: offsets['gates/kernel_dense'] ?? -1,
      towers: offsets['towers/kernel']!,
      towersBias: offsets['towers/bias']!,
      personalDense: offsets['personal/kernel_dense']!,
      outBias: offsets['towers/out_bias']!,
      outKernel: offsets['towers/out_kernel']!,
    },
    dims,
  };
}

/** `x [1, n] × m [n, k] + bias`, then ReLU when asked, in float64 arithmetic. */
function rowTimes(x: ArrayLike<number>, m: Float32Array, k: number, bias: Float32Array | null, relu: boolean): Float64Array {
  const out = new Float64Array(k);
  if (bias) for (let j = 0; j < k; j++) out[j] = bias[j]!;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * k;
    for (let j = 0; j < k; j++) out[j]! += xi * m[row + j]!;
  }
  if (relu) for (let j = 0; j < k; j++) out[j] = Math.max(0, out[j]!);
  return out;
}

/**
 * The shopper's part of the first layer, `[K*U + T*G]`, computed on the host:
 * the encoder (recent items pooled, the dense features, two ReLU layers, the
 * adapter) and the vector times the first layer's shopper rows (experts'
 * then gates').
 * @param recentItems - item indices, `recentLength` of them.
 * @param recentTypes - engagement types, same length.
 * @param dense - the dense shopper features.
 */
export function shopperPart(pack: ScorerPack, recentItems: Int32Array, recentTypes: Int32Array, dense: Float32Array): Float32Array {
  const h = pack.host;
  const R = recentItems.length;
  const joined = new Float64Array(h.E + h.S);
  for (let r = 0; r < R; r++) {
    const a = recentItems[r]! * h.E;
    const b = recentTypes[r]! * h.E;
    for (let j = 0; j < h.E; j++) joined[j]! += (h.itemEmbedding[a + j]! + h.typeEmbedding[b + j]!) / R;
  }
  joined.set(dense, h.E);
  const hidden = rowTimes(joined, h.hiddenKernel, h.hidden, h.hiddenBias, true);
  const base = rowTimes(hidden, h.vectorKernel, h.V, h.vectorBias, true);
  const adapted = rowTimes(base, h.adapter, h.V, null, false);
  for (let j = 0; j < h.V; j++) adapted[j]! += base[j]!;
  return Float32Array.from(rowTimes(adapted, h.shopperKernel, h.P, null, false));
}

export function releaseScorerPack(pack: ScorerPack): void {
  tf.dispose([pack.items, pack.weights]);
}

/** The shader: one thread per candidate row. Inputs: A rows, B item parts, C dense, E shopper part, W weights. */
function shaderCode(d: Dims, o: WeightOffsets): string {
  const KU = d.K * d.U;
  const TG = d.gated ? d.T * d.G : 0;
  const TH = d.T * d.H;
  const itemWidth = KU + TG + d.T;
  const gates = d.gated
    ? `
      var g : array<f32, ${d.G}>;
      var top = -3.4e38;
      for (var q = 0; q < ${d.G}; q++) {
        let j = t * ${d.G} + q;
        var s = B[ib + ${KU} + j] + E[${KU} + j];
        for (var k = 0; k < ${d.D}; k++) { s += C[db + k] * W[${o.gatesDense} + k * ${TG} + j]; }
        g[q] = s;
        top = max(top, s);
      }
      var total = 0.0;
      for (var q = 0; q < ${d.G}; q++) { g[q] = exp(g[q] - top); total += g[q]; }
      for (var u = 0; u < ${d.U}; u++) {
        var m = 0.0;
        for (var q = 0; q < ${d.G}; q++) { m += g[q] / total * e[routes[t * ${d.G} + q] * ${d.U} + u]; }
        mixed[u] = m;
      }`
    : `
      for (var u = 0; u < ${d.U}; u++) { mixed[u] = e[routes[t] * ${d.U} + u]; }`;
  return `
    fn sigmoidOf(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
    fn main(index : i32) {
      let n = uniforms.size / 3;
      if (index >= n) { return; }
      var routes = array<i32, ${d.routes.length}>(${d.routes.join(', ')});
      let ib = max(A[index], 0) * ${itemWidth};
      let db = index * ${d.D};
      var e : array<f32, ${KU}>;
      for (var j = 0; j < ${KU}; j++) {
        var s = B[ib + j] + E[j];
        for (var k = 0; k < ${d.D}; k++) { s += C[db + k] * W[${o.expertsDense} + k * ${KU} + j]; }
        e[j] = max(s, 0.0);
      }
      var logits : array<f32, ${d.T}>;
      var mixed : array<f32, ${d.U}>;
      for (var t = 0; t < ${d.T}; t++) {
        ${gates}
        var p = B[ib + ${KU + TG} + t] + W[${o.outBias} + t];
        for (var k = 0; k < ${d.D}; k++) { p += C[db + k] * W[${o.personalDense} + k * ${d.T} + t]; }
        for (var h = 0; h < ${d.H}; h++) {
          let col = t * ${d.H} + h;
          var s = W[${o.towersBias} + col];
          for (var u = 0; u < ${d.U}; u++) { s += mixed[u] * W[${o.towers} + (t * ${d.U} + u) * ${TH} + col]; }
          p += max(s, 0.0) * W[${o.outKernel} + col * ${d.T} + t];
        }
        logits[t] = p;
      }
      let click = sigmoidOf(logits[0]);
      result[index] = click;
      result[n + index] = click * sigmoidOf(logits[1]);
      result[2 * n + index] = sigmoidOf(logits[2]);
    }
  `;
}

/**
 * The scores of a padded batch: `[3, rows.size]` (pCTR, pCTCVR, ad pCTR).
 * Call inside `tf.tidy`.
 * @param rows - `[N]` int32 rows into the pack's items (padding may be 0).
 * @param dense - `[N, D]` the candidates' dense features.
 * @param shopperPart - `[1, K*U + T*G]` ({@link shopperPart}).
 */
export function fusedScores(pack: ScorerPack, rows: tf.Tensor1D, dense: tf.Tensor2D, shopperPart: tf.Tensor2D): tf.Tensor2D {
  const n = rows.shape[0];
  const d = pack.dims;
  if (dense.shape[0] !== n || dense.shape[1] !== d.D) throw new Error(`fused scorer: dense features must be [${n}, ${d.D}], got [${dense.shape.join(', ')}]`);
  const program: WebGPUProgram = {
    variableNames: ['A', 'B', 'C', 'E', 'W'],
    outputShape: [3, n],
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(n / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    shaderKey: `fusedScorer_${d.K}_${d.U}_${d.G}_${d.H}_${d.D}_${d.routes.join('.')}_${Object.values(pack.offsets).join('.')}`,
    getUserCode: () => shaderCode(d, pack.offsets),
  };
  const backend = tf.backend() as WebGPUBackend;
  const info = backend.runWebGPUProgram(program, [rows, pack.items, dense, shopperPart, pack.weights], 'float32');
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D;
}
