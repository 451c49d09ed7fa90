import { describe, expect, it } from 'vitest';
import { attributeSizes, candidateDenseSize, shopperDenseSize } from '../src/engine/features/encode';
import { FIRST_ID } from '../src/engine/features/spec';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { auc, logLoss } from '../src/engine/learn/metrics';
import { FIXTURE_SPEC } from '../src/engine/testing/fixture';
import { Rng } from '../src/sim/random';
import { logisticRegressionBaseline } from './logistic';

const spec = FIXTURE_SPEC;
const Ds = shopperDenseSize(spec);
const Dc = candidateDenseSize();
const nTags = spec.vocab.tags.length;
/** Candidate dense column that drives clicks (any column works; the LR does not know which). */
const CLICK_COLUMN = 8;
/** Shopper dense column that drives tag 0. */
const TAG_COLUMN = 3;

/**
 * Synthetic rows with a known signal: a product is clicked with probability
 * sigmoid(8·(dense[CLICK_COLUMN] − 0.5) + 3 if its category is the first one,
 * else −1); an ad is clicked likewise; tag 0 is on when the shopper's
 * dense[TAG_COLUMN] plus a little noise is positive. Every fifth row is an ad.
 */
function syntheticRows(requests: number, perPage: number, seed: number): TrainingRows {
  const rng = new Rng(seed);
  const Q = requests;
  const N = requests * perPage;
  const sizes = attributeSizes(spec);
  const offsets = [0, sizes[0], sizes[0] + sizes[1], sizes[0] + sizes[1] + sizes[2]];
  const rows: TrainingRows = {
    requests: Q,
    rows: N,
    requestShopper: Array.from({ length: Q }, (_, q) => `s${q % 17}`),
    requestTs: Float64Array.from({ length: Q }, (_, q) => q * 1000),
    requestActions: new Int32Array(Q),
    recentItems: new Int32Array(Q * spec.recentLength),
    recentTypes: new Int32Array(Q * spec.recentLength),
    shopperDense: Float32Array.from({ length: Q * Ds }, () => rng.normal()),
    tagLabels: new Float32Array(Q * nTags),
    tagMask: Float32Array.from({ length: Q }, (_, q) => (q % 10 === 0 ? 0 : 1)),
    rowRequest: Int32Array.from({ length: N }, (_, r) => Math.floor(r / perPage)),
    rowItem: Array.from({ length: N }, (_, r) => `p${r % 23}`),
    rowSlot: Int32Array.from({ length: N }, (_, r) => r % perPage),
    item: new Int32Array(N),
    attrs: new Int32Array(N * 4),
    title: new Int32Array(N * spec.titleTokens),
    candidateDense: Float32Array.from({ length: N * Dc }, () => rng.next()),
    isAd: Float32Array.from({ length: N }, (_, r) => (r % 5 === 4 ? 1 : 0)),
    click: new Float32Array(N),
    purchase: new Float32Array(N),
    adClick: new Float32Array(N),
  };
  for (let r = 0; r < N; r++) {
    for (let k = 0; k < 4; k++) rows.attrs[r * 4 + k] = offsets[k]! + rng.int(sizes[k]!);
    const firstCategory = rows.attrs[r * 4] === FIRST_ID;
    const z = 8 * (rows.candidateDense[r * Dc + CLICK_COLUMN]! - 0.5) + (firstCategory ? 3 : -1);
    const clicked = rng.chance(1 / (1 + Math.exp(-z))) ? 1 : 0;
    if (rows.isAd[r] === 1) rows.adClick[r] = clicked;
    else {
      rows.click[r] = clicked;
      rows.purchase[r] = clicked && rng.chance(0.3) ? 1 : 0;
    }
  }
  for (let q = 0; q < Q; q++) {
    rows.tagLabels[q * nTags] = rows.shopperDense[q * Ds + TAG_COLUMN]! + 0.3 * rng.normal() > 0 ? 1 : 0;
    for (let t = 1; t < nTags; t++) rows.tagLabels[q * nTags + t] = rng.chance(0.2) ? 1 : 0;
  }
  return rows;
}

const rows = syntheticRows(400, 10, 3);
// First 70 % of pages train, the rest are held out.
const cut = 280 * 10;
const train = Int32Array.from({ length: cut }, (_, r) => r);
const heldOutProducts = Float32Array.from({ length: rows.rows }, (_, r) => (r >= cut && rows.isAd[r] === 0 ? 1 : 0));
const heldOutAds = Float32Array.from({ length: rows.rows }, (_, r) => (r >= cut && rows.isAd[r] === 1 ? 1 : 0));

describe('logisticRegressionBaseline', () => {
  const lr = logisticRegressionBaseline(rows, train, spec, { seed: 5 });

  it('learns the dense and attribute signal of the candidate heads on held-out rows', () => {
    expect(auc(lr.click, rows.click, heldOutProducts)).toBeGreaterThan(0.85);
    expect(auc(lr.adClick, rows.adClick, heldOutAds)).toBeGreaterThan(0.85);
    // A purchase is a click that won a 30 % coin flip: the true probability itself
    // only reaches AUC ≈ 0.74 on these rows (0.93 for clicks).
    expect(auc(lr.purchase, rows.purchase, heldOutProducts)).toBeGreaterThan(0.65);
  });

  it('beats a constant score at the training base rate', () => {
    let clicks = 0;
    let products = 0;
    for (const r of train) {
      if (rows.isAd[r] === 0) {
        products++;
        clicks += rows.click[r]!;
      }
    }
    const constant = new Float32Array(rows.rows).fill(clicks / products);
    // A constant ranks nothing (AUC 0.5) and its log loss is the label entropy.
    expect(auc(constant, rows.click, heldOutProducts)).toBe(0.5);
    expect(logLoss(lr.click, rows.click, heldOutProducts)).toBeLessThan(logLoss(constant, rows.click, heldOutProducts) - 0.1);
  });

  it('learns the shopper signal of a tag on held-out requests', () => {
    const Q = rows.requests;
    const heldOutTag0 = Float32Array.from({ length: Q * nTags }, (_, i) =>
      i % nTags === 0 && Math.floor(i / nTags) >= 280 && rows.tagMask[Math.floor(i / nTags)]! > 0 ? 1 : 0,
    );
    expect(auc(lr.tags, rows.tagLabels, heldOutTag0)).toBeGreaterThan(0.85);
  });

  it('returns finite scores strictly inside (0, 1) for every row and request', () => {
    expect(lr.click).toHaveLength(rows.rows);
    expect(lr.tags).toHaveLength(rows.requests * nTags);
    const outside = [lr.click, lr.purchase, lr.adClick, lr.tags].flatMap((scores) => Array.from(scores).filter((s) => !(s > 0 && s < 1)));
    expect(outside).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    const again = logisticRegressionBaseline(rows, train, spec, { seed: 5 });
    expect(Array.from(again.click)).toEqual(Array.from(lr.click));
    expect(Array.from(again.tags)).toEqual(Array.from(lr.tags));
    const other = logisticRegressionBaseline(rows, train, spec, { seed: 6 });
    expect(Array.from(other.click)).not.toEqual(Array.from(lr.click));
  });

  it('rejects bad options and rows built with another spec', () => {
    expect(() => logisticRegressionBaseline(rows, train, spec, { epochs: 0 })).toThrow(RangeError);
    expect(() => logisticRegressionBaseline(rows, train, spec, { learningRate: -1 })).toThrow(/learningRate/);
    const otherSpec = { ...spec, recentLength: spec.recentLength + 1 };
    expect(() => logisticRegressionBaseline(rows, train, otherSpec)).toThrow(/shopperDense.*same feature spec/);
  });
});
