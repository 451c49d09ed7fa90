import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG } from '../testing/fixture';
import { TOWERS, blockMask, buildModel, expertLayout, weightShapes, type RecommenderModel } from './build';
import { BOTTOMS, validateModelConfig, type ModelConfig } from './config';
import { ConfigError } from '../errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Mat = number[][];
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const relu = (x: number): number => Math.max(0, x);

/** Plain-JS forward pass of the whole network for one shopper and one candidate. */
function reference(
  model: RecommenderModel,
  inp: { recentItems: number[]; recentTypes: number[]; shopper: number[]; item: number; attrs: number[]; title: number[]; candidate: number[] },
) {
  const c = model.config;
  const W = (name: string): number[] => Array.from(model.weights.get(name)!.dataSync());
  const rows = (name: string, width: number): Mat => {
    const v = W(name);
    return Array.from({ length: v.length / width }, (_, r) => v.slice(r * width, r * width + width));
  };
  const vecMat = (x: number[], m: Mat): number[] => m[0]!.map((_, j) => x.reduce((s, xi, i) => s + xi * m[i]![j]!, 0));
  const add = (a: number[], b: number[]): number[] => a.map((v, i) => v + b[i]!);
  const mean = (vs: number[][]): number[] => vs[0]!.map((_, j) => vs.reduce((s, v) => s + v[j]!, 0) / vs.length);
  const itemE = rows('item_embedding', c.itemEmbedding);
  const typeE = rows('type_embedding', c.itemEmbedding);
  const pooled = mean(inp.recentItems.map((it, k) => add(itemE[it]!, typeE[inp.recentTypes[k]!]!)));
  const hidden = add(vecMat([...pooled, ...inp.shopper], rows('shopper_hidden/kernel', c.shopperHidden)), W('shopper_hidden/bias')).map(relu);
  const base = add(vecMat(hidden, rows('shopper_vector/kernel', c.shopperDim)), W('shopper_vector/bias')).map(relu);
  const vector = add(base, vecMat(base, rows('adapter/kernel', c.shopperDim)));
  const tags = add(add(vecMat(vector, rows('tags/kernel', c.inputs.tags)), vecMat(inp.shopper, rows('tags/kernel_dense', c.inputs.tags))), W('tags/bias')).map(
    sigmoid,
  );
  const attrE = rows('attribute_embedding', c.attributeEmbedding);
  const titleE = rows('title_embedding', c.titleEmbedding);
  const x = [...itemE[inp.item]!, ...inp.attrs.flatMap((a) => attrE[a]!), ...mean(inp.title.map((t) => titleE[t]!)), ...inp.candidate];
  const { experts: K, gateWidth: G, routes } = expertLayout(c);
  const U = c.expertUnits;
  const H = c.towerUnits;
  // The candidate kernels in two parts: rows for the item embeddings, rows for the dense features.
  const candidateKernel = (name: string, width: number): Mat => [...rows(`${name}_item`, width), ...rows(`${name}_dense`, width)];
  const experts = add(add(vecMat(x, candidateKernel('experts/kernel', K * U)), vecMat(vector, rows('experts/kernel_shopper', K * U))), W('experts/bias')).map(
    relu,
  );
  const gateLogits =
    G > 1
      ? add(
          add(vecMat(x, candidateKernel('gates/kernel', TOWERS.length * G)), vecMat(vector, rows('gates/kernel_shopper', TOWERS.length * G))),
          W('gates/bias'),
        )
      : TOWERS.map(() => 0);
  // Block-diagonal towers: task t's block at rows t*U.., columns t*H.. (and t*H.., column t for the output).
  const T = TOWERS.length;
  const tk = W('towers/kernel');
  const tb = W('towers/bias');
  const ok = W('towers/out_kernel');
  const ob = W('towers/out_bias');
  const pk = candidateKernel('personal/kernel', T);
  const logits = TOWERS.map((_, t) => {
    const g = gateLogits.slice(t * G, t * G + G);
    const z = g.map((v) => Math.exp(v - Math.max(...g)));
    const gate = z.map((v) => v / z.reduce((a, b) => a + b, 0));
    const mixed = Array.from({ length: U }, (_, u) => gate.reduce((s, ge, j) => s + ge * experts[routes[t]![j]! * U + u]!, 0));
    const tower = Array.from({ length: H }, (_, h) => relu(mixed.reduce((s, m, u) => s + m * tk[(t * U + u) * T * H + t * H + h]!, 0) + tb[t * H + h]!));
    const personal = x.reduce((s, xi, i) => s + xi * pk[i]![t]!, 0);
    return tower.reduce((s, v, h) => s + v * ok[(t * H + h) * T + t]!, 0) + ob[t]! + personal;
  });
  return { click: sigmoid(logits[0]!), purchase: sigmoid(logits[0]!) * sigmoid(logits[1]!), adClick: sigmoid(logits[2]!), tags };
}

describe('buildModel', () => {
  it('has the weights of its config and the same initial values for the same seed', () => {
    const a = buildModel(FIXTURE_CONFIG);
    const b = buildModel(FIXTURE_CONFIG);
    expect([...a.weights.keys()]).toEqual(weightShapes(FIXTURE_CONFIG).map(([n]) => n));
    for (const [name, v] of a.weights) expect(v.dataSync()).toEqual(b.weights.get(name)!.dataSync());
    const c = buildModel({ ...FIXTURE_CONFIG, seed: 4 });
    expect(c.weights.get('experts/kernel_item')!.dataSync()).not.toEqual(a.weights.get('experts/kernel_item')!.dataSync());
    [a, b, c].forEach((m) => m.dispose());
  });

  it.each(BOTTOMS)('computes what a plain-JS forward pass computes (%s bottom)', (bottom) => {
    const model = buildModel(validateModelConfig({ ...FIXTURE_CONFIG, bottom, sharedExperts: 1, taskExperts: 2 }));
    // Non-zero biases and adapter so every path is exercised.
    for (const [name, v] of model.weights) if (name.endsWith('bias')) v.assign(tf.fill(v.shape, 0.1));
    // Off-diagonal tower blocks get values too: the forward pass must ignore them.
    for (const name of ['adapter/kernel', 'personal/kernel_item', 'personal/kernel_dense', 'towers/kernel', 'towers/out_kernel'])
      model.weights.get(name)!.assign(tf.randomUniform(model.weights.get(name)!.shape, -0.2, 0.2, 'float32', 9));
    const s = model.config.inputs;
    const inp = {
      recentItems: [3, 5, 0, 0],
      recentTypes: [1, 2, 0, 0],
      shopper: Array.from({ length: s.shopperDense }, (_, i) => ((i * 37) % 11) / 10),
      item: 4,
      attrs: [2, 6, 9, s.attributes - 1],
      title: [1, 7, 30, 0],
      candidate: Array.from({ length: s.candidateDense }, (_, i) => ((i * 13) % 7) / 7),
    };
    const want = reference(model, inp);
    const [click, purchase, adClick, tags] = tf.tidy(() => {
      const enc = model.encode({
        recentItems: tf.tensor2d([inp.recentItems], undefined, 'int32'),
        recentTypes: tf.tensor2d([inp.recentTypes], undefined, 'int32'),
        shopper: tf.tensor2d([inp.shopper]),
      });
      const out = model.score(enc.vector, {
        item: tf.tensor1d([inp.item], 'int32'),
        attrs: tf.tensor2d([inp.attrs], undefined, 'int32'),
        title: tf.tensor2d([inp.title], undefined, 'int32'),
        candidate: tf.tensor2d([inp.candidate]),
      });
      return [tf.sigmoid(out.clickLogit), out.purchase, tf.sigmoid(out.adClickLogit), tf.sigmoid(enc.tagLogits)];
    });
    expect(click!.dataSync()[0]).toBeCloseTo(want.click, 5);
    expect(purchase!.dataSync()[0]).toBeCloseTo(want.purchase, 5);
    expect(adClick!.dataSync()[0]).toBeCloseTo(want.adClick, 5);
    Array.from(tags!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want.tags[i]!, 5));
    tf.dispose([click!, purchase!, adClick!, tags!]);
    model.dispose();
  });

  it('gives hand-computable outputs when every kernel is zero', () => {
    const model = buildModel(FIXTURE_CONFIG);
    for (const v of model.weights.values()) v.assign(tf.zerosLike(v));
    // Only the output biases speak: click = sigmoid(0) = 0.5, conversion = sigmoid(ln 3) = 0.75,
    // so ESMM purchase = 0.5 x 0.75 = 0.375.
    model.weights.get('towers/out_bias')!.assign(tf.tensor1d([0, Math.log(3), -Math.log(3)]));
    const s = FIXTURE_CONFIG.inputs;
    const out = tf.tidy(() => {
      const vector = tf.zeros([1, FIXTURE_CONFIG.shopperDim]) as tf.Tensor2D;
      const o = model.score(vector, {
        item: tf.tensor1d([2, 3], 'int32'),
        attrs: tf.zeros([2, 4], 'int32') as tf.Tensor2D,
        title: tf.zeros([2, s.titleTokens], 'int32') as tf.Tensor2D,
        candidate: tf.ones([2, s.candidateDense]) as tf.Tensor2D,
      });
      return [tf.sigmoid(o.clickLogit), o.purchase, tf.sigmoid(o.adClickLogit)];
    });
    expect(Array.from(out[0]!.dataSync())).toEqual([0.5, 0.5]);
    out[1]!.dataSync().forEach((v) => expect(v).toBeCloseTo(0.375, 6));
    out[2]!.dataSync().forEach((v) => expect(v).toBeCloseTo(0.25, 6));
    tf.dispose(out);
    model.dispose();
  });
});

describe('blockMask', () => {
  it('marks the diagonal blocks', () => {
    const m = blockMask(2, 1, 2);
    expect(m.arraySync()).toEqual([
      [1, 1, 0, 0],
      [0, 0, 1, 1],
    ]);
    m.dispose();
  });

  it('keeps the off-diagonal tower blocks at zero from the start', () => {
    const model = buildModel(FIXTURE_CONFIG);
    const c = FIXTURE_CONFIG;
    const k = model.weights.get('towers/kernel')!.arraySync() as number[][];
    const off = k.flatMap((row, r) => row.filter((_, col) => Math.floor(r / c.expertUnits) !== Math.floor(col / c.towerUnits)));
    expect(off.length).toBeGreaterThan(0);
    expect(off.every((v) => v === 0)).toBe(true);
    expect(k.flat().some((v) => v !== 0)).toBe(true);
    model.dispose();
  });
});

describe('expertLayout', () => {
  const base = { experts: 3, sharedExperts: 2, taskExperts: 1 };
  it('routes each bottom', () => {
    expect(expertLayout({ ...base, bottom: 'shared-bottom' })).toEqual({ experts: 1, gateWidth: 1, routes: [[0], [0], [0]], everyTaskReadsAll: true });
    expect(expertLayout({ ...base, bottom: 'mmoe' })).toEqual({
      experts: 3,
      gateWidth: 3,
      routes: [
        [0, 1, 2],
        [0, 1, 2],
        [0, 1, 2],
      ],
      everyTaskReadsAll: true,
    });
    expect(expertLayout({ ...base, bottom: 'ple' })).toEqual({
      experts: 5,
      gateWidth: 3,
      routes: [
        [0, 1, 2],
        [0, 1, 3],
        [0, 1, 4],
      ],
      everyTaskReadsAll: false,
    });
  });

  it('gives each bottom its own weights: no gates for a shared bottom, a log-variance per task when uncertainty-weighted', () => {
    const names = (c: Partial<ModelConfig>): string[] => weightShapes(validateModelConfig({ ...FIXTURE_CONFIG, ...c })).map(([n]) => n);
    expect(names({ bottom: 'shared-bottom' })).not.toContain('gates/bias');
    expect(names({ bottom: 'ple' })).toContain('gates/bias');
    const shapes = new Map(weightShapes(validateModelConfig({ ...FIXTURE_CONFIG, bottom: 'ple', sharedExperts: 1, taskExperts: 2 })));
    expect(shapes.get('experts/bias')).toEqual([7 * FIXTURE_CONFIG.expertUnits]);
    expect(shapes.get('gates/bias')).toEqual([3 * 3]);
    expect(names({ taskWeighting: 'fixed' })).not.toContain('loss/log_variance');
    expect(names({ taskWeighting: 'uncertainty' })).toContain('loss/log_variance');
  });
});

describe('validateModelConfig', () => {
  it('fills defaults without touching the input', () => {
    const input = { inputs: FIXTURE_CONFIG.inputs, experts: 3 };
    const frozen = structuredClone(input);
    const c = validateModelConfig(input);
    expect(c.experts).toBe(3);
    expect(c.expertUnits).toBe(32);
    expect(input).toEqual(frozen);
  });

  it('names the wrong field', () => {
    expect(() => validateModelConfig({ inputs: FIXTURE_CONFIG.inputs, experts: 0 })).toThrow(ConfigError);
    expect(() => validateModelConfig({ inputs: FIXTURE_CONFIG.inputs, experts: 0 })).toThrow(/experts/);
    expect(() => validateModelConfig({ inputs: { ...FIXTURE_CONFIG.inputs, tags: -1 } })).toThrow(/inputs\.tags/);
    expect(() => validateModelConfig({ inputs: FIXTURE_CONFIG.inputs, taskWeights: { click: Number.NaN } as never })).toThrow(/taskWeights\.click/);
    expect(() => validateModelConfig({ inputs: FIXTURE_CONFIG.inputs, bottom: 'moe' as never })).toThrow(/bottom must be one of shared-bottom, mmoe, ple/);
    expect(() => validateModelConfig({ inputs: FIXTURE_CONFIG.inputs, taskWeighting: 'dynamic' as never })).toThrow(/taskWeighting/);
    expect(() => validateModelConfig({ inputs: FIXTURE_CONFIG.inputs, taskWeights: { click: 0, purchase: 0, adClick: 0, tags: 0 } })).toThrow(
      /at least one task/,
    );
  });
});
