import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../events/types';
import { FeatureEncoder } from '../features/encode';
import { emptyProfile } from '../features/profile';
import { buildModel } from '../model/build';
import { FIXTURE_CATALOGUE, FIXTURE_CONFIG, FIXTURE_SPEC } from '../testing/fixture';
import { buildTrainingRows } from './dataset';
import { installFastSegmentSum } from './kernels';
import { disposeBatch, forward, makeBatch, predictRows, totalLoss, trainModel } from './trainer';
import { BOTTOMS, TASK_NAMES, validateModelConfig } from '../model/config';
import { TASKS } from '../model/tasks';

const T0 = Date.UTC(2026, 10, 1);
const e = (ts: number, type: BehaviourEvent['type'], item: string, slot: number | null, request: string | null, shopper = 's1'): BehaviourEvent => ({
  ts,
  shopper,
  type,
  item,
  slot,
  request,
  page: 'home',
});

const log: BehaviourEvent[] = [
  e(T0, 'impression', 'p1', 0, 'r1'),
  e(T0, 'impression', 'p5', 1, 'r1'),
  e(T0, 'ad_impression', 'p6', 2, 'r1'),
  e(T0 + 1000, 'click', 'p5', 1, 'r1'),
  e(T0 + 2000, 'ad_click', 'p6', 2, 'r1'),
  e(T0 + 5000, 'cart', 'p5', 1, 'r1'),
  e(T0 + 9000, 'purchase', 'p5', 1, 'r1'),
  e(T0 + 60_000, 'impression', 'p2', 0, 'r2'),
  e(T0 + 60_000, 'impression', 'p7', 1, 'r2'),
  // Another shopper's page, logged in between.
  e(T0 + 30_000, 'impression', 'p3', 0, 'r9', 's2'),
  // A malformed join: a click on a request that was never shown still counts as behaviour only.
  e(T0 + 61_000, 'click', 'p8', 3, 'r-unknown'),
];

describe('buildTrainingRows', () => {
  const rows = buildTrainingRows(log, FIXTURE_CATALOGUE, FIXTURE_SPEC);

  it('makes one row per impression and one request per page', () => {
    expect(rows.rows).toBe(6);
    expect(rows.requests).toBe(3);
    expect(rows.rowItem).toEqual(['p1', 'p5', 'p6', 'p2', 'p7', 'p3']);
  });

  it('joins labels by request id and item', () => {
    expect(Array.from(rows.click)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(Array.from(rows.purchase)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(Array.from(rows.adClick)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(rows.isAd)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('takes shopper features as they were just before each page', () => {
    const encoder = new FeatureEncoder(FIXTURE_SPEC, FIXTURE_CATALOGUE);
    const R = FIXTURE_SPEC.recentLength;
    // First page: nothing happened before it.
    const first = encoder.shopper(emptyProfile(FIXTURE_SPEC), { now: T0, page: 'home' });
    expect(Array.from(rows.shopperDense.subarray(0, first.dense.length))).toEqual(Array.from(first.dense));
    // Second page of s1: the purchase, cart, ad click and click are the recent sequence, newest first.
    const second = Array.from(rows.recentItems.subarray(R, 2 * R));
    expect(second).toEqual([encoder.itemIndex('p5'), encoder.itemIndex('p5'), encoder.itemIndex('p6'), encoder.itemIndex('p5')]);
  });

  it("counts the shopper's actions before each page, as the popularity prior is weighted", () => {
    // r1: none yet; r2: click, ad click, cart, purchase; r9 (s2): none.
    expect(Array.from(rows.requestActions)).toEqual([0, 4, 0]);
  });

  it('labels interest tags with what the shopper engaged with next', () => {
    const tags = FIXTURE_SPEC.vocab.tags;
    const first = Array.from(rows.tagLabels.subarray(0, tags.length));
    // Within the 7-day window after page r1: p5 (home-office, minimalist), p6 (minimalist), p8 (outdoor).
    expect(tags.filter((_, i) => first[i] === 1).sort()).toEqual(['home-office', 'minimalist', 'outdoor']);
    // s1's second page is followed by a click on p8 (outdoor).
    expect(tags.filter((_, i) => rows.tagLabels[tags.length + i] === 1)).toEqual(['outdoor']);
    // s2 engaged with nothing: no tag label.
    expect(rows.tagMask[2]).toBe(0);
  });
});

describe('trainModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    installFastSegmentSum();
  });

  it.each(BOTTOMS)('learns the rows and leaks no tensors (%s bottom)', async (bottom) => {
    const rows = buildTrainingRows(log, FIXTURE_CATALOGUE, FIXTURE_SPEC);
    const model = buildModel(validateModelConfig({ ...FIXTURE_CONFIG, bottom }));
    const before = tf.memory().numTensors;
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const first = await trainModel(model, rows, FIXTURE_SPEC, { epochs: 1, batchSize: 6, learningRate: 0.05, random, lossEvery: 1 });
    const last = await trainModel(model, rows, FIXTURE_SPEC, { epochs: 60, batchSize: 6, learningRate: 0.05, random, lossEvery: 1 });
    expect(last.loss).toBeLessThan(first.loss * 0.5);
    const p = predictRows(model, rows, FIXTURE_SPEC);
    // The clicked impression now scores above the unclicked products.
    expect(p.click[1]).toBeGreaterThan(Math.max(p.click[0]!, p.click[3]!, p.click[4]!));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('weighs task losses by learned uncertainty: exp(-s) x loss + s / 2, and learns s', async () => {
    const rows = buildTrainingRows(log, FIXTURE_CATALOGUE, FIXTURE_SPEC);
    const fixed = buildModel(FIXTURE_CONFIG);
    const learned = buildModel(validateModelConfig({ ...FIXTURE_CONFIG, taskWeighting: 'uncertainty' }));
    const batch = makeBatch(
      rows,
      FIXTURE_SPEC,
      Int32Array.from({ length: rows.rows }, (_, i) => i),
    );
    const perTask = tf.tidy(() => {
      const out = forward(fixed, batch);
      return TASK_NAMES.map((t) => TASKS[t].loss(out, batch).dataSync()[0]!);
    });
    const s = [0.5, -0.25, 1, 0];
    learned.weights.get('loss/log_variance')!.assign(tf.tensor1d(s));
    const want = TASK_NAMES.reduce((sum, t, i) => sum + FIXTURE_CONFIG.taskWeights[t] * (Math.exp(-s[i]!) * perTask[i]! + s[i]! / 2), 0);
    const got = tf.tidy(() => totalLoss(learned, batch).dataSync()[0]!);
    expect(got).toBeCloseTo(want, 5);
    const fixedSum = TASK_NAMES.reduce((sum, t, i) => sum + FIXTURE_CONFIG.taskWeights[t] * perTask[i]!, 0);
    expect(tf.tidy(() => totalLoss(fixed, batch).dataSync()[0]!)).toBeCloseTo(fixedSum, 5);
    disposeBatch(batch);
    await trainModel(learned, rows, FIXTURE_SPEC, { epochs: 3, batchSize: 6, learningRate: 0.05, random: () => 0.5 });
    expect(Array.from(learned.weights.get('loss/log_variance')!.dataSync())).not.toEqual(s);
    fixed.dispose();
    learned.dispose();
  });

  it('only changes the weights it is allowed to', async () => {
    const rows = buildTrainingRows(log, FIXTURE_CATALOGUE, FIXTURE_SPEC);
    const model = buildModel(FIXTURE_CONFIG);
    const frozen = model.weights.get('item_embedding')!.dataSync().slice();
    const towers = model.weights.get('towers/kernel')!.dataSync().slice();
    await trainModel(model, rows, FIXTURE_SPEC, {
      epochs: 3,
      batchSize: 6,
      learningRate: 0.05,
      random: () => 0.5,
      trainable: (n) => !n.endsWith('_embedding'),
    });
    expect(model.weights.get('item_embedding')!.dataSync()).toEqual(frozen);
    expect(model.weights.get('towers/kernel')!.dataSync()).not.toEqual(towers);
    model.dispose();
  });

  it('stops when aborted', async () => {
    const rows = buildTrainingRows(log, FIXTURE_CATALOGUE, FIXTURE_SPEC);
    const model = buildModel(FIXTURE_CONFIG);
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainModel(model, rows, FIXTURE_SPEC, { epochs: 1, batchSize: 6, learningRate: 0.05, random: () => 0.5, signal: controller.signal }),
    ).rejects.toThrow();
    model.dispose();
  });
});
