import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { auc } from '../src/engine/learn/metrics';
import { buildModel, type RecommenderModel } from '../src/engine/model/build';
import { modelInputSizes, validateModelConfig } from '../src/engine/model/config';
import { shopperDenseSize } from '../src/engine/features/encode';
import { buildProtocol } from './protocol';
import { refitTagsHead } from './tags-refit';

const data = buildProtocol({ seed: 5, shoppers: 30, heldOutShoppers: 4, validationShoppers: 10, sessions: 2, newItemShare: 0.1, trainShare: 0.8 });
const { rows, spec } = data;
const nTags = spec.vocab.tags.length;
const trainRequests = [...new Set(Array.from(data.train, (r) => rows.rowRequest[r]!))];
const validation = data.validation!;
const choosers = { rows: validation.rows, requests: Array.from({ length: validation.rows.requests }, (_, q) => q), source: 'validation shoppers' };
const LAMBDAS = [3000, 300, 30];

/** Tag probabilities of the model's own encoder for every request of some rows. */
function encoderTags(model: RecommenderModel, requests: number): Float32Array {
  const R = spec.recentLength;
  const Ds = shopperDenseSize(spec);
  const r = validation.rows;
  return tf.tidy(
    () =>
      tf
        .sigmoid(
          model.encode({
            recentItems: tf.tensor2d(r.recentItems.subarray(0, requests * R), [requests, R], 'int32'),
            recentTypes: tf.tensor2d(r.recentTypes.subarray(0, requests * R), [requests, R], 'int32'),
            shopper: tf.tensor2d(r.shopperDense.subarray(0, requests * Ds), [requests, Ds]),
          }).tagLogits,
        )
        .dataSync() as Float32Array,
  );
}

function snapshot(model: RecommenderModel): Map<string, Float32Array> {
  return new Map([...model.weights].map(([name, v]) => [name, v.dataSync() as Float32Array]));
}

describe('refitTagsHead', () => {
  let model: RecommenderModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = buildModel(validateModelConfig({ inputs: modelInputSizes(spec), seed: 3 }));
  });

  it('replaces an untrained tags head with the penalty that ranks the validation pages best, and changes nothing else', () => {
    const before = snapshot(model);
    const tensors = tf.memory().numTensors;
    const version = model.version;
    const result = refitTagsHead(model, rows, trainRequests, spec, choosers, LAMBDAS);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.grid.map((g) => g.lambda)).toEqual(LAMBDAS);
    const best = result.grid.reduce((a, b) => (b.auc > a.auc ? b : a));
    expect(result.lambda).toBe(best.lambda);
    expect(best.auc).toBeGreaterThan(result.trainedAuc);
    expect(result.choosingPages).toBeGreaterThan(10);
    expect(result.trainPages).toBeGreaterThan(10);
    expect(model.version).not.toBe(version);
    // The weights written back into the head (raw inputs) give the AUC the refit measured (standardised inputs).
    const labelled = validation.rows.tagMask;
    const mask = Float32Array.from({ length: validation.rows.requests * nTags }, (_, i) => (labelled[Math.floor(i / nTags)]! > 0 ? 1 : 0));
    expect(auc(encoderTags(model, validation.rows.requests), validation.rows.tagLabels, mask)).toBeCloseTo(best.auc, 4);
    const after = snapshot(model);
    for (const [name, values] of before) {
      if (name.startsWith('tags/')) expect(after.get(name)).not.toEqual(values);
      else expect(after.get(name)).toEqual(values);
    }
  });

  it('keeps the trained head when no penalty beats it on the validation pages', () => {
    const before = snapshot(model);
    const version = model.version;
    // After the refit above, an intercept-only head (an enormous penalty) cannot rank the pages as well.
    const result = refitTagsHead(model, rows, trainRequests, spec, choosers, [1e12]);
    expect(result.lambda).toBeNull();
    expect(result.grid[0]!.auc).toBeLessThan(result.trainedAuc);
    expect(model.version).toBe(version);
    expect(snapshot(model)).toEqual(before);
  });

  it('says so when there is no labelled page to fit or to choose on', () => {
    expect(() => refitTagsHead(model, rows, trainRequests, spec, { ...choosers, requests: [] }, LAMBDAS)).toThrow(
      /refitTagsHead: needs pages with a tag label.*got \d+ and 0/,
    );
    expect(() => refitTagsHead(model, rows, [], spec, choosers, LAMBDAS)).toThrow(RangeError);
  });
});
