/**
 * The fused WebGPU scorer against the op-by-op scorer, on TF.js's WebGPU
 * backend in Node through Dawn. Without a GPU, Dawn runs on SwiftShader, the
 * Vulkan driver on the CPU that Debian's chromium package installs.
 */
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureEncoder } from '../features/encode';
import { emptyProfile } from '../features/profile';
import { FIXTURE_CATALOGUE, FIXTURE_CONFIG, FIXTURE_SPEC } from '../testing/fixture';
import { buildModel, itemSideFromParts, itemSideParts, type RecommenderModel } from './build';
import { BOTTOMS, validateModelConfig } from './config';
import { ItemSideCache } from './item-cache';
import { scoreOnDevice, scorerInputs } from './serve';
import { fusedScorerApplies, fusedScores, packScorer, releaseScorerPack, shopperPart } from './fused-scorer';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

beforeAll(async () => {
  // Linux: SwiftShader unless a Vulkan driver is named (the same scores on any machine).
  if (process.platform === 'linux' && !process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
  if (!(await navigator.gpu.requestAdapter()))
    throw new Error(
      `Dawn found no GPU adapter. On Linux install the Vulkan loader and Debian's chromium, whose SwiftShader driver these tests use (apt-get install libvulkan1 chromium: ${SWIFTSHADER}), or name a driver in VK_ICD_FILENAMES.`,
    );
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend did not start on Dawn');
}, 60_000);

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Random weights everywhere, the device-only ones (zero as shipped) included. */
function randomModel(bottom: (typeof BOTTOMS)[number], seed: number): RecommenderModel {
  const model = buildModel(validateModelConfig({ ...FIXTURE_CONFIG, bottom, sharedExperts: 1, taskExperts: 1 }));
  let k = seed;
  for (const [name, v] of model.weights)
    if (name.startsWith('adapter/') || name.startsWith('personal/')) v.assign(tf.randomNormal(v.shape, 0, 0.5, 'float32', k++));
  model.markChanged();
  return model;
}

const randomInts = (n: number, below: number, seed: number): Int32Array => {
  let s = seed;
  return Int32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % below;
  });
};

describe('fused WebGPU scorer', () => {
  it('runs on the webgpu backend', () => {
    expect(tf.getBackend()).toBe('webgpu');
    expect(fusedScorerApplies()).toBe(true);
  });

  for (const bottom of BOTTOMS) {
    it(`matches the op-by-op scorer to 1e-5 (${bottom})`, async () => {
      const model = randomModel(bottom, 11);
      const c = model.config;
      const s = c.inputs;
      const catalogueItems = 40;
      const rows = 128;
      const D = s.candidateDense;
      const sides = tf.tidy(() =>
        itemSideParts(
          model.itemSide({
            item: tf.tensor1d(randomInts(catalogueItems, s.items, 1), 'int32'),
            attrs: tf.tensor2d(randomInts(catalogueItems * 4, s.attributes, 2), [catalogueItems, 4], 'int32'),
            title: tf.tensor2d(randomInts(catalogueItems * s.titleTokens, s.titleBuckets, 3), [catalogueItems, s.titleTokens], 'int32'),
          }),
        ),
      );
      const pack = await packScorer(model, itemSideFromParts(sides), D);
      const before = tf.memory().numTensors;
      const rowIds = randomInts(rows, catalogueItems, 4);
      const recentItems = randomInts(s.recentLength, s.items, 5);
      const recentTypes = randomInts(s.recentLength, 6, 6);
      const shopperDense = Float32Array.from(randomInts(s.shopperDense, 1000, 7), (x) => x / 1000);
      // The shopper's side on the host, as the fused path serves it.
      const part = shopperPart(pack, recentItems, recentTypes, shopperDense);
      const [fused, ops] = tf.tidy(() => {
        const vector = model.shopperVector({
          recentItems: tf.tensor2d(recentItems, [1, s.recentLength], 'int32'),
          recentTypes: tf.tensor2d(recentTypes, [1, s.recentLength], 'int32'),
          shopper: tf.tensor2d(shopperDense, [1, s.shopperDense]),
        });
        const dense = tf.randomUniform([rows, D], 0, 1, 'float32', 8) as tf.Tensor2D;
        const index = tf.tensor1d(rowIds, 'int32');
        const f = fusedScores(pack, index, dense, tf.tensor2d(part, [1, part.length]));
        const out = model.scoreItems(vector, itemSideFromParts(sides.map((p) => tf.gather(p, index))), dense);
        return [f, tf.stack([tf.sigmoid(out.clickLogit), out.purchase, tf.sigmoid(out.adClickLogit)])];
      });
      const [a, b] = [await fused.data(), await ops.data()];
      expect(fused.shape).toEqual([3, rows]);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst).toBeLessThan(1e-5);
      // Not a constant: the candidates' scores differ.
      expect(new Set(Array.from(a.slice(0, rows), (x) => x.toFixed(6))).size).toBeGreaterThan(rows / 4);
      tf.dispose([fused, ops]);
      expect(tf.memory().numTensors).toBe(before);
      releaseScorerPack(pack);
      tf.dispose(sides);
      model.dispose();
    });
  }

  it('serves the engine: the same scores as the op-by-op path, and new ones after the weights change', async () => {
    const model = randomModel('mmoe', 5);
    const encoder = new FeatureEncoder(FIXTURE_SPEC, FIXTURE_CATALOGUE);
    const cache = new ItemSideCache(FIXTURE_CATALOGUE, encoder, FIXTURE_SPEC);
    const candidates = FIXTURE_CATALOGUE.items.map((item) => ({ item }));
    const inputs = scorerInputs(cache, encoder, emptyProfile(FIXTURE_SPEC), { now: 0, page: 'home' }, candidates);
    const compare = async (): Promise<Float32Array> => {
      const fused = await scoreOnDevice(model, cache, FIXTURE_SPEC, inputs, true);
      const ops = await scoreOnDevice(model, cache, FIXTURE_SPEC, inputs, false);
      for (const k of ['click', 'purchase', 'adClick'] as const)
        for (let i = 0; i < inputs.n; i++) expect(Math.abs(fused[k][i]! - ops[k][i]!)).toBeLessThan(1e-5);
      return Float32Array.from(fused.click);
    };
    const first = await compare();
    const tensors = tf.memory().numTensors;
    expect(await compare()).toEqual(first);
    expect(tf.memory().numTensors).toBe(tensors);
    // A fine-tuning round assigns weights and says so: the packed copy follows.
    const adapter = model.weights.get('adapter/kernel')!;
    adapter.assign(tf.randomNormal(adapter.shape, 0, 1, 'float32', 99));
    model.markChanged();
    const after = await compare();
    expect(Array.from(after)).not.toEqual(Array.from(first));
    cache.release();
    model.dispose();
  });

  it('says which shape the dense features must have', async () => {
    const model = randomModel('mmoe', 3);
    const inputs = { item: tf.tensor1d([1, 2], 'int32'), attrs: tf.zeros([2, 4], 'int32'), title: tf.zeros([2, model.config.inputs.titleTokens], 'int32') };
    const sides = model.itemSide(inputs as Parameters<RecommenderModel['itemSide']>[0]);
    tf.dispose(Object.values(inputs));
    const pack = await packScorer(model, sides, model.config.inputs.candidateDense);
    expect(() => tf.tidy(() => fusedScores(pack, tf.tensor1d([0, 1], 'int32'), tf.zeros([2, 3]), tf.zeros([1, 8])))).toThrow(/dense features must be \[2, /);
    releaseScorerPack(pack);
    tf.dispose(itemSideParts(sides));
    model.dispose();
  });
});
