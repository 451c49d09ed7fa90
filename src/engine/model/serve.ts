/**
 * The serving path: the shopper encoder once, the items' sides from the
 * cache, the batch padded to a fixed bucket, and the three scores back in
 * one read. Split in two so each half can be timed: {@link scorerInputs}
 * (features, in JS) and {@link scoreOnDevice} (the backend's work and the read-back).
 */
import * as tf from '@tensorflow/tfjs';
import { CANDIDATE_DENSE_FIELDS, type Candidate, type FeatureContext, type FeatureEncoder, type ShopperFeatures } from '../features/encode';
import type { Profile } from '../features/profile';
import type { FeatureSpec } from '../features/spec';
import { disposeItemSide, type RecommenderModel, type ShopperInputs } from './build';
import { fusedScores, fusedScorerApplies, shopperPart, type ScorerPack } from './fused-scorer';
import { bucketSize, type ItemSideCache } from './item-cache';

/** One shopper's features as a batch of one; call inside `tf.tidy`. */
export function shopperTensors(f: ShopperFeatures, recentLength: number): ShopperInputs {
  return {
    recentItems: tf.tensor2d(f.recentItems, [1, recentLength], 'int32'),
    recentTypes: tf.tensor2d(f.recentTypes, [1, recentLength], 'int32'),
    shopper: tf.tensor2d(f.dense, [1, f.dense.length]),
  };
}

/** The three probabilities of each candidate, in candidate order. */
export interface CandidateScores {
  click: Float32Array;
  purchase: Float32Array;
  adClick: Float32Array;
}

/** What the scorer reads for one request, built in JS. */
export interface ScorerInputs {
  shopper: ShopperFeatures;
  /** Each candidate's row in the item cache, padded to `size` with row 0. */
  rows: Int32Array;
  /** The candidates' dense features, `[size, CANDIDATE_DENSE_FIELDS.length]` row-major. */
  dense: Float32Array;
  /** Candidates. */
  n: number;
  /** The padded batch ({@link bucketSize}). */
  size: number;
}

/** The features of one request: the shopper once, each candidate's cache row and dense features. */
export function scorerInputs(
  items: ItemSideCache,
  encoder: FeatureEncoder,
  profile: Profile,
  ctx: FeatureContext,
  candidates: readonly Candidate[],
): ScorerInputs {
  const shopper = encoder.shopper(profile, ctx);
  const n = candidates.length;
  const size = bucketSize(n);
  const rows = new Int32Array(size);
  candidates.forEach((cand, i) => (rows[i] = items.row(cand.item.id)));
  // Only the dense features: the item-side inputs are in the cache.
  const dense = encoder.candidateDense(profile, candidates, new Float32Array(size * CANDIDATE_DENSE_FIELDS.length));
  return { shopper, rows, dense, n, size };
}

/**
 * The scorer on the active backend: `[3, size]` (pCTR, pCVR·pCTR as
 * purchase, ad pCTR), not read back. The caller disposes it.
 * @param fused - one compute shader for the whole scorer ({@link fusedScores});
 *   by default on WebGPU only.
 */
export async function scoreTensor(
  model: RecommenderModel,
  items: ItemSideCache,
  spec: FeatureSpec,
  inputs: ScorerInputs,
  fused: boolean = fusedScorerApplies(),
): Promise<tf.Tensor2D> {
  const width = CANDIDATE_DENSE_FIELDS.length;
  if (fused) return fusedScoreTensor(await items.scorerPack(model, width), inputs);
  const sides = await items.gather(model, inputs.rows);
  try {
    return tf.tidy(() => {
      const vector = model.shopperVector(shopperTensors(inputs.shopper, spec.recentLength));
      const out = model.scoreItems(vector, sides, tf.tensor2d(inputs.dense, [inputs.size, width]));
      return tf.stack([tf.sigmoid(out.clickLogit), out.purchase, tf.sigmoid(out.adClickLogit)]) as tf.Tensor2D;
    });
  } finally {
    disposeItemSide(sides);
  }
}

/**
 * The fused path of {@link scoreTensor} once the pack is built: the shopper's
 * part on the host, then the one shader. Synchronous, so a GPU timer can wrap it.
 */
export function fusedScoreTensor(pack: ScorerPack, inputs: ScorerInputs): tf.Tensor2D {
  const width = CANDIDATE_DENSE_FIELDS.length;
  const part = shopperPart(pack, inputs.shopper.recentItems, inputs.shopper.recentTypes, inputs.shopper.dense);
  return tf.tidy(() =>
    fusedScores(pack, tf.tensor1d(inputs.rows, 'int32'), tf.tensor2d(inputs.dense, [inputs.size, width]), tf.tensor2d(part, [1, part.length])),
  );
}

/** {@link scoreTensor} and its one read-back, in candidate order. */
export async function scoreOnDevice(
  model: RecommenderModel,
  items: ItemSideCache,
  spec: FeatureSpec,
  inputs: ScorerInputs,
  fused: boolean = fusedScorerApplies(),
): Promise<CandidateScores> {
  const scores = await scoreTensor(model, items, spec, inputs, fused);
  try {
    const all = (await scores.data()) as Float32Array;
    const { n, size } = inputs;
    return { click: all.subarray(0, n), purchase: all.subarray(size, size + n), adClick: all.subarray(2 * size, 2 * size + n) };
  } finally {
    scores.dispose();
  }
}

/** The whole serving path for one request. */
export function scoreCandidates(
  model: RecommenderModel,
  items: ItemSideCache,
  encoder: FeatureEncoder,
  spec: FeatureSpec,
  profile: Profile,
  ctx: FeatureContext,
  candidates: readonly Candidate[],
): Promise<CandidateScores> {
  return scoreOnDevice(model, items, spec, scorerInputs(items, encoder, profile, ctx, candidates));
}
