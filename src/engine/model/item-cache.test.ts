import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../events/types';
import { FeatureEncoder } from '../features/encode';
import { applyEvent, emptyProfile, type Profile } from '../features/profile';
import { FIXTURE_CATALOGUE, FIXTURE_CONFIG, FIXTURE_SPEC } from '../testing/fixture';
import { buildModel, disposeItemSide, itemSideParts, type RecommenderModel } from './build';
import { BOTTOMS, validateModelConfig } from './config';
import { bucketSize, ItemSideCache } from './item-cache';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const encoder = new FeatureEncoder(FIXTURE_SPEC, FIXTURE_CATALOGUE);

/** A shopper who clicked a few items, so every dense feature is in play. */
function profile(): Profile {
  let p = emptyProfile(FIXTURE_SPEC);
  FIXTURE_CATALOGUE.items.slice(0, 3).forEach((item, i) => {
    const e: BehaviourEvent = { ts: 1_000 + i, shopper: 'local', type: i === 2 ? 'cart' : 'click', item: item.id, slot: i, request: 'r1', page: 'home' };
    p = applyEvent(p, e, item, FIXTURE_SPEC);
  });
  return p;
}

/** Scores by the straightforward path: the full scorer on every candidate's inputs. */
async function straight(model: RecommenderModel, p: Profile): Promise<number[][]> {
  const s = encoder.shopper(p, { now: 2_000, page: 'home' });
  const candidates = [...FIXTURE_CATALOGUE.items.map((item) => ({ item })), ...FIXTURE_CATALOGUE.ads.map((ad) => ({ item: encoder.item(ad.itemId)!, ad }))];
  const c = encoder.candidates(p, candidates);
  const R = FIXTURE_SPEC.recentLength;
  const out = tf.tidy(() => {
    const enc = model.encode({
      recentItems: tf.tensor2d(s.recentItems, [1, R], 'int32'),
      recentTypes: tf.tensor2d(s.recentTypes, [1, R], 'int32'),
      shopper: tf.tensor2d(s.dense, [1, s.dense.length]),
    });
    // No broadcast: the shopper vector copied once per candidate, as a naive scorer would.
    const o = model.score(tf.tile(enc.vector, [c.count, 1]), {
      item: tf.tensor1d(c.item, 'int32'),
      attrs: tf.tensor2d(c.attrs, [c.count, 4], 'int32'),
      title: tf.tensor2d(c.title, [c.count, FIXTURE_SPEC.titleTokens], 'int32'),
      candidate: tf.tensor2d(c.dense, [c.count, c.dense.length / c.count]),
    });
    return tf.stack([o.clickLogit, o.conversionLogit, o.adClickLogit]);
  });
  const v = (await out.array()) as number[][];
  out.dispose();
  return v;
}

/** Scores by the serving path: cached item sides gathered per candidate, padded to a bucket. */
async function cached(model: RecommenderModel, cache: ItemSideCache, p: Profile, onHost: boolean): Promise<number[][]> {
  const s = encoder.shopper(p, { now: 2_000, page: 'home' });
  const candidates = [...FIXTURE_CATALOGUE.items.map((item) => ({ item })), ...FIXTURE_CATALOGUE.ads.map((ad) => ({ item: encoder.item(ad.itemId)!, ad }))];
  const c = encoder.candidates(p, candidates);
  const n = c.count;
  const size = bucketSize(n);
  const width = c.dense.length / n;
  const rows = new Int32Array(size);
  candidates.forEach((cand, i) => (rows[i] = cache.row(cand.item.id)));
  const dense = new Float32Array(size * width);
  dense.set(c.dense);
  const R = FIXTURE_SPEC.recentLength;
  const sides = await cache.gather(model, rows, onHost);
  const out = tf.tidy(() => {
    const enc = model.encode({
      recentItems: tf.tensor2d(s.recentItems, [1, R], 'int32'),
      recentTypes: tf.tensor2d(s.recentTypes, [1, R], 'int32'),
      shopper: tf.tensor2d(s.dense, [1, s.dense.length]),
    });
    const o = model.scoreItems(enc.vector, sides, tf.tensor2d(dense, [size, width]));
    return tf.stack([o.clickLogit, o.conversionLogit, o.adClickLogit]);
  });
  disposeItemSide(sides);
  const v = ((await out.array()) as number[][]).map((row) => row.slice(0, n));
  out.dispose();
  return v;
}

function expectClose(a: number[][], b: number[][]): void {
  expect(a.map((r) => r.length)).toEqual(b.map((r) => r.length));
  a.forEach((row, t) => row.forEach((v, i) => expect(Math.abs(v - b[t]![i]!), `task ${t} candidate ${i}`).toBeLessThan(1e-5)));
}

describe('bucketSize', () => {
  it('pads to 64, then multiples of 128 up to 2048, then of 1024', () => {
    expect([1, 64, 65, 128, 129, 675, 1000, 2048, 2049, 10_000].map(bucketSize)).toEqual([64, 64, 128, 128, 256, 768, 1024, 2048, 3072, 10_240]);
  });
});

describe('ItemSideCache', () => {
  it.each(BOTTOMS)('scores like the straightforward full scorer, to 1e-5, with padding, gathering on the device or in JS (%s bottom)', async (bottom) => {
    const model = buildModel(validateModelConfig({ ...FIXTURE_CONFIG, bottom }));
    // Non-zero device-only weights, so the personal head's split is exercised too.
    for (const name of ['personal/kernel_item', 'personal/kernel_dense'])
      model.weights.get(name)!.assign(tf.randomUniform(model.weights.get(name)!.shape, -0.5, 0.5, 'float32', 3));
    model.markChanged();
    const cache = new ItemSideCache(FIXTURE_CATALOGUE, encoder, FIXTURE_SPEC);
    const p = profile();
    const expected = await straight(model, p);
    expectClose(await cached(model, cache, p, false), expected);
    expectClose(await cached(model, cache, p, true), expected);
    cache.release();
    model.dispose();
  });

  it.each(BOTTOMS)('scores on the wasm backend as on cpu, to 1e-5 (%s bottom)', async (bottom) => {
    // wasm's kernels differ: its fused matmul takes only a rank-1 bias.
    const model = buildModel(validateModelConfig({ ...FIXTURE_CONFIG, bottom }));
    const cache = new ItemSideCache(FIXTURE_CATALOGUE, encoder, FIXTURE_SPEC);
    const p = profile();
    const expected = await straight(model, p);
    try {
      await tf.setBackend('wasm');
      cache.release();
      expectClose(await cached(model, cache, p, true), expected);
      expectClose(await straight(model, p), expected);
    } finally {
      cache.release();
      await tf.setBackend('cpu');
    }
    model.dispose();
  });

  it('rebuilds after the weights change, and only then', async () => {
    const model = buildModel(FIXTURE_CONFIG);
    const cache = new ItemSideCache(FIXTURE_CATALOGUE, encoder, FIXTURE_SPEC);
    const first = cache.sides(model);
    expect(cache.sides(model)).toBe(first);
    const before = tf.memory().numTensors;
    const bias = model.weights.get('experts/bias')!;
    tf.tidy(() => bias.assign(tf.onesLike(bias)));
    model.markChanged();
    const second = cache.sides(model);
    expect(second).not.toBe(first);
    expect(itemSideParts(first).every((t) => t.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expectClose(await cached(model, cache, profile(), true), await straight(model, profile()));
    expectClose(await cached(model, cache, profile(), false), await straight(model, profile()));
    expect(cache.row('nope')).toBe(-1);
    cache.release();
    model.dispose();
  });
});
