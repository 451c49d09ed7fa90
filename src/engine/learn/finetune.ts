/**
 * On-device fine-tuning: a few optimiser steps on the shopper's own feedback,
 * judged on held-back feedback before the new weights may rank anything.
 *
 * - Data: the newest stored events become rows (the same code as pretraining).
 *   Pages since the last round are "recent"; the newest of them are held back
 *   to judge the round; older pages enter as a reservoir sample, so each batch
 *   mixes new feedback with old.
 * - What learns: the shopper adapter, gates, towers and the tags head. The
 *   base (embeddings, shopper encoder, experts) stays frozen unless the config
 *   says otherwise, which keeps steps cheap and needs no embedding gradient.
 * - An L2 pull toward the shipped weights keeps the model near what was
 *   validated offline.
 * - The popularity prior's blend weight gets a per-shopper scale, fitted to
 *   the shopper's clicks with a pull toward 1: a shopper whose clicks the
 *   crowd explains badly leans on it less (`priorScaleStrength`).
 * - Optionally (`personalPrior` > 0) the personal head's feature weights are
 *   not stepped but solved exactly each round: ridge logistic regression on
 *   everything but the held-back pages, the rest of the model as the offset.
 * - Guard: three candidates are judged on the held-back pages (pCTR as
 *   served, the prior blended in): the weights and scale from before the
 *   round, the scale alone refitted on the old weights, and the round's new
 *   weights with their scale. By default ({@link FineTuneConfig.judge}) the
 *   new weights are kept only when neither the click log loss nor the page
 *   order ({@link pageOrderLoss}) is worse than the others'; otherwise the
 *   weights are restored, and the scale alone is kept when it beats the old
 *   one. A non-finite result restores everything.
 * - Across rounds: each round's held-back pages are new to the weights that
 *   serve and to the shipped ones, so both are scored on them and their
 *   page-order losses (or log losses) summed since the weights left the
 *   shipped ones. Once the sums cover `shippedCheckRows` product rows and the
 *   shipped weights are ahead, the round starts again from them
 *   (`revertedToShipped`).
 */
import * as tf from '@tensorflow/tfjs';
import type { FineTuneRound } from '../api';
import type { FeatureSpec } from '../features/spec';
import { isBaseWeight, isDeviceOnlyWeight, type RecommenderModel } from '../model/build';
import { blendClick, priorLogitOf, priorWeight, type PopularityPrior } from '../rank/prior';
import type { StoredWeight } from '../storage/schema';
import type { FineTuneConfig } from './config';
import type { TrainingRows } from './dataset';
import { auc, logLoss, pageOrderLoss } from './metrics';
import { solveOffsetLogistic } from './newton';
import { disposeBatch, forward, makeBatch, totalLoss } from './trainer';

/** The personal head's feature weights: `[candidate features, towers]`. */
const PERSONAL_DENSE = 'personal/kernel_dense';

/** Rows of one round, split by role. */
export interface FeedbackSplit {
  /** Rows of pages since the last round, not held back. */
  recent: Int32Array;
  /** A reservoir sample of rows of older pages. */
  older: Int32Array;
  /** Rows of the newest pages, used only to judge the round. */
  heldOut: Int32Array;
}

/**
 * Splits rows into recent, older (reservoir-sampled) and held-back rows.
 * @param rows - rows built from the newest events.
 * @param since - time of the last round; pages after it are recent.
 * @param cfg - held-back share and reservoir size.
 * @param random - source of randomness for the reservoir sample.
 * @param now - the current time (pages younger than `settleMs` without a click wait).
 * @returns the split, or `null` when there is too little new feedback (fewer
 *   than two recent pages, or no click among them).
 */
export function splitFeedback(
  rows: TrainingRows,
  since: number,
  cfg: Pick<FineTuneConfig, 'heldOutFraction' | 'reservoirSize' | 'settleMs'>,
  random: () => number,
  now: number,
): FeedbackSplit | null {
  // A page just shown with no click yet is not a negative yet: the shopper may
  // still click. It waits for a later round.
  const clicked = new Uint8Array(rows.requests);
  for (let r = 0; r < rows.rows; r++) if (rows.click[r]! + rows.adClick[r]! > 0) clicked[rows.rowRequest[r]!] = 1;
  const settled = (q: number): boolean => clicked[q] === 1 || now - rows.requestTs[q]! >= cfg.settleMs;
  const recentPages: number[] = [];
  for (let q = 0; q < rows.requests; q++) if (rows.requestTs[q]! > since && settled(q)) recentPages.push(q);
  recentPages.sort((a, b) => rows.requestTs[a]! - rows.requestTs[b]!);
  if (recentPages.length < 2) return null;
  const nHeld = Math.max(1, Math.floor(recentPages.length * cfg.heldOutFraction));
  const held = new Set(recentPages.slice(recentPages.length - nHeld));
  const recentSet = new Set(recentPages);
  const unsettled = (q: number): boolean => rows.requestTs[q]! > since && !settled(q);
  const recent: number[] = [];
  const heldOut: number[] = [];
  const reservoir: number[] = [];
  let seen = 0;
  let clicks = 0;
  for (let r = 0; r < rows.rows; r++) {
    const q = rows.rowRequest[r]!;
    if (unsettled(q)) continue;
    if (held.has(q)) heldOut.push(r);
    else if (recentSet.has(q)) {
      recent.push(r);
      clicks += rows.click[r]! + rows.adClick[r]!;
    } else {
      // Reservoir sampling (algorithm R): every older row equally likely.
      seen++;
      if (reservoir.length < cfg.reservoirSize) reservoir.push(r);
      else {
        const j = Math.floor(random() * seen);
        if (j < cfg.reservoirSize) reservoir[j] = r;
      }
    }
  }
  if (clicks === 0) return null;
  return { recent: Int32Array.from(recent), older: Int32Array.from(reservoir), heldOut: Int32Array.from(heldOut) };
}

/**
 * Held-back evidence of the weights that served and of the shipped weights,
 * on pages neither had learned from: their page-order losses summed over
 * clicks (with `judge: 'logLoss'`, their click log losses summed over rows),
 * and the product rows seen.
 */
export interface ShippedTally {
  rows: number;
  personal: number;
  shipped: number;
  /** What the sums add up: page-order losses, or click log losses (tallies saved without it). */
  measure?: 'pageOrder' | 'logLoss';
}

/** What a set of weights scored on some rows ({@link FineTuner.judge}). */
export interface Judged {
  loss: number;
  rows: number;
  order: number;
  clicks: number;
  auc: number | null;
}

/** Which measures judge rows like `a`'s: the page order needs a clicked page. */
function measuresOf(judge: FineTuneConfig['judge'], a: Judged): { byLoss: boolean; byOrder: boolean } {
  return { byLoss: judge !== 'pageOrder' || a.clicks === 0, byOrder: judge !== 'logLoss' && a.clicks > 0 };
}

/**
 * Why `a` (new weights) is worse than `b` (the weights to beat) on the same
 * held-back rows, by `judge`; null when it is not. Without a clicked page the
 * page order says nothing, and the log loss decides alone.
 * @example worseBy('both', { ...b, order: b.order + 0.1 }, b) // 'ordered the held-back pages worse'
 */
export function worseBy(judge: FineTuneConfig['judge'], a: Judged, b: Judged): string | null {
  const { byLoss, byOrder } = measuresOf(judge, a);
  if (byLoss && a.loss > b.loss) return 'worse on the held-back feedback';
  if (byOrder && a.order > b.order) return 'ordered the held-back pages worse';
  return null;
}

/** Whether `a` does better than `b` on the same held-back rows by `judge`: no worse by any of its measures and better by one. */
export function beatsBy(judge: FineTuneConfig['judge'], a: Judged, b: Judged): boolean {
  if (worseBy(judge, a, b) !== null) return false;
  const { byLoss, byOrder } = measuresOf(judge, a);
  return (byLoss && a.loss < b.loss) || (byOrder && a.order < b.order);
}

/** A finite number, else null. */
const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A tally with no evidence yet. */
const noTally = (): ShippedTally => ({ rows: 0, personal: 0, shipped: 0 });

/** What a tally sums under a judge. */
const tallyMeasure = (judge: FineTuneConfig['judge']): NonNullable<ShippedTally['measure']> => (judge === 'logLoss' ? 'logLoss' : 'pageOrder');

function isShippedTally(t: unknown): t is ShippedTally {
  if (typeof t !== 'object' || t === null) return false;
  const { rows, personal, shipped, measure } = t as Record<string, unknown>;
  if (measure !== undefined && measure !== 'pageOrder' && measure !== 'logLoss') return false;
  return [rows, personal, shipped].every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
}

/** Whether a weight learns under a fine-tuning scope. */
export function trainsIn(scope: FineTuneConfig['scope'], name: string): boolean {
  if (scope === 'all') return true;
  if (scope === 'heads') return !isBaseWeight(name);
  return isDeviceOnlyWeight(name);
}

/** Progress of a round: steps done out of steps planned. */
export type RoundProgress = (done: number, total: number) => void;

/**
 * Fine-tunes one model in place and can always go back to the shipped weights.
 */
export class FineTuner {
  private readonly shipped = new Map<string, tf.Tensor>();
  private readonly trainable: string[];
  /** The trainable weights that take optimiser steps (the rest are solved). */
  private readonly stepped: string[];
  /** Whether the personal head's feature weights are solved exactly. */
  private readonly solvesPersonal: boolean;
  /** The scale on the prior's weight that goes with the current weights. */
  private scale = 1;
  /** The current weights and scale are the shipped ones (nothing to weigh them against). */
  private atShipped = true;
  /** Held-back evidence, since the weights left the shipped ones, of the current weights against the shipped. */
  private tally: ShippedTally = noTally();

  /**
   * @param model - the model to tune; its current weights are taken as the shipped ones.
   * @param spec - the feature spec of the rows.
   * @param config - steps, batch size, learning rate, anchor, what learns.
   * @param prior - the shipped popularity prior, blended into pCTR when serving; null for none.
   */
  constructor(
    private readonly model: RecommenderModel,
    private readonly spec: FeatureSpec,
    private readonly config: FineTuneConfig,
    private readonly prior: PopularityPrior | null = null,
  ) {
    for (const [name, v] of model.weights) this.shipped.set(name, tf.clone(v));
    this.trainable = [...model.weights.keys()].filter((n) => trainsIn(config.scope, n));
    this.solvesPersonal = config.personalPrior > 0 && this.trainable.includes(PERSONAL_DENSE);
    this.stepped = this.solvesPersonal ? this.trainable.filter((n) => n !== PERSONAL_DENSE) : this.trainable;
  }

  /** Names of the weights a round may change. */
  get trainableNames(): readonly string[] {
    return this.trainable;
  }

  /** The largest scale: the prior's blend weight may reach 1, not more. */
  private get maxScale(): number {
    return this.prior && this.prior.weight > 0 ? 1 / this.prior.weight : 1;
  }

  /** Whether rounds learn the scale on the prior's weight. */
  private get learnsScale(): boolean {
    return this.prior !== null && this.prior.weight > 0 && this.config.priorScaleStrength > 0;
  }

  /** The scale on the popularity prior's blend weight that goes with the current weights (1 as shipped). */
  get priorScale(): number {
    return this.scale;
  }

  /** Whether a scale (from a checkpoint) is a number in [0, 1 / prior weight]. */
  isPriorScale(scale: unknown): scale is number {
    return typeof scale === 'number' && scale >= 0 && scale <= this.maxScale + 1e-9;
  }

  /**
   * Sets the scale (from a checkpoint or the serving engine).
   * @returns false (and changes nothing) when it is not {@link isPriorScale}.
   */
  setPriorScale(scale: number): boolean {
    if (!this.isPriorScale(scale)) return false;
    this.scale = scale;
    return true;
  }

  /** The evidence so far of the personal weights against the shipped ones (saved with a checkpoint). */
  get shippedTally(): ShippedTally {
    return { ...this.tally };
  }

  /**
   * Restores the evidence saved with a checkpoint whose weights were just
   * imported; a malformed tally, or one that sums another measure than this
   * engine's judge, starts again from nothing.
   */
  setShippedTally(tally: unknown): void {
    this.tally = isShippedTally(tally) && (tally.measure ?? 'logLoss') === tallyMeasure(this.config.judge) ? { ...tally } : noTally();
  }

  /** The network's click logits on some rows (no prior). */
  private async clickLogits(rows: TrainingRows, indices: Int32Array): Promise<Float32Array> {
    const batch = makeBatch(rows, this.spec, indices);
    const z = tf.tidy(() => forward(this.model, batch).scorer.clickLogit);
    // Never dataSync here: a synchronous read-back on WebGPU (Chromium) can
    // lose the device, after which nothing on the page can rank.
    const out = (await z.data()) as Float32Array;
    z.dispose();
    disposeBatch(batch);
    return out;
  }

  /** The prior's blend weight (scale 1) and logit for each of some rows. */
  private priorTerms(rows: TrainingRows, indices: Int32Array): { weight: Float64Array; logit: Float64Array } {
    const prior = this.prior!;
    return {
      weight: Float64Array.from(indices, (r) => priorWeight(prior, rows.requestActions[rows.rowRequest[r]!]!)),
      logit: Float64Array.from(indices, (r) => priorLogitOf(prior, rows.rowItem[r]!)),
    };
  }

  /**
   * Click log loss, page order and AUC of the current weights on some rows,
   * of pCTR as served: with the prior blended in at `scale` times its weight.
   */
  async judge(rows: TrainingRows, indices: Int32Array, scale = this.scale): Promise<Judged> {
    return this.judgeLogits(rows, indices, await this.clickLogits(rows, indices), scale);
  }

  /**
   * {@link judge} from the network's click logits `z` on those rows, already
   * read: the click log loss of the product rows (`loss`, over `rows`) and
   * how well the scores order each page with a click (`order`, the
   * {@link pageOrderLoss} over `clicks`; NaN without one).
   */
  private judgeLogits(rows: TrainingRows, indices: Int32Array, z: Float32Array, scale: number): Judged {
    const scores = Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
    if (this.prior) {
      const t = this.priorTerms(rows, indices);
      for (let k = 0; k < scores.length; k++) scores[k] = blendClick(scores[k]!, t.logit[k]!, scale * t.weight[k]!);
    }
    const labels = Float32Array.from(indices, (r) => rows.click[r]!);
    const mask = Float32Array.from(indices, (r) => 1 - rows.isAd[r]!);
    const a = auc(scores, labels, mask);
    const logits = Float64Array.from(scores, (p) => {
      const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
      return Math.log(q / (1 - q));
    });
    const order = pageOrderLoss(
      logits,
      labels,
      Int32Array.from(indices, (r) => rows.rowRequest[r]!),
      mask,
    );
    return {
      loss: logLoss(scores, labels, mask),
      rows: mask.reduce((k, m) => k + m, 0),
      order: order.loss,
      clicks: order.clicks,
      auc: Number.isNaN(a) ? null : a,
    };
  }

  /**
   * Runs one round: judge, train, judge again, keep or roll back.
   * @param rows - rows built from the newest events.
   * @param split - which rows train and which are held back.
   * @param random - source of randomness for batches.
   * @param now - clock for the round's time stamp.
   * @param onProgress - called after every step.
   * @returns what happened; the model holds the better weights afterwards.
   */
  async round(rows: TrainingRows, split: FeedbackSplit, random: () => number, now: () => number, onProgress?: RoundProgress): Promise<FineTuneRound> {
    const cfg = this.config;
    // The old weights' held-back logits judge both the old scale and the scale alone.
    let heldLogits = await this.clickLogits(rows, split.heldOut);
    let before = this.judgeLogits(rows, split.heldOut, heldLogits, this.scale);
    let snapshot = new Map<string, tf.Tensor>(this.trainable.map((n) => [n, tf.clone(this.model.weights.get(n)!)]));
    /** The weights that served before the round, as reported (`before` becomes the shipped ones' after going back). */
    const served = before;
    // The held-back pages are new to the current weights and to the shipped
    // ones alike: add them to the running comparison of the two, and go back
    // to the shipped weights when personalising has done worse so far.
    let heldOutLossShipped: number | null = null;
    let heldOutOrderShipped: number | null = null;
    let revertedToShipped = false;
    if (!this.atShipped && cfg.shippedCheckRows > 0) {
      this.assignShipped();
      let shippedLogits: Float32Array;
      try {
        shippedLogits = await this.clickLogits(rows, split.heldOut);
      } catch (e) {
        // The weights that served go back before the error leaves the round.
        for (const [n, t] of snapshot) this.model.weights.get(n)!.assign(t);
        tf.dispose([...snapshot.values()]);
        throw e;
      }
      const shipped = this.judgeLogits(rows, split.heldOut, shippedLogits, 1);
      heldOutLossShipped = shipped.loss;
      heldOutOrderShipped = orNull(shipped.order);
      // The page order is summed over clicks, the log loss over rows; either way `rows` counts product rows.
      const measure = tallyMeasure(cfg.judge);
      const [w, mine, theirs] = measure === 'pageOrder' ? [shipped.clicks, before.order, shipped.order] : [shipped.rows, before.loss, shipped.loss];
      if (w > 0 && Number.isFinite(mine) && Number.isFinite(theirs)) {
        this.tally = {
          rows: this.tally.rows + shipped.rows,
          personal: this.tally.personal + w * mine,
          shipped: this.tally.shipped + w * theirs,
          measure,
        };
      }
      if (this.tally.rows >= cfg.shippedCheckRows && this.tally.personal > this.tally.shipped) {
        revertedToShipped = true;
        tf.dispose([...snapshot.values()]);
        snapshot = new Map(this.trainable.map((n) => [n, tf.clone(this.shipped.get(n)!)]));
        this.scale = 1;
        this.atShipped = true;
        this.tally = noTally();
        heldLogits = shippedLogits;
        before = shipped;
      } else {
        for (const [n, t] of snapshot) this.model.weights.get(n)!.assign(t);
      }
    }
    const scaleBefore = this.scale;
    const training = Int32Array.from([...split.recent, ...split.older]);
    // The scale alone, refitted on the weights as they are: what the round
    // keeps when its new weights do not pay off on the held-back feedback.
    const scaleAlone = this.learnsScale ? await this.fitPriorScale(rows, training) : null;
    const scaleAloneJudged = scaleAlone === null ? null : this.judgeLogits(rows, split.heldOut, heldLogits, scaleAlone);
    const vars = this.stepped.map((n) => this.model.weights.get(n)!);
    const anchors = this.stepped.map((n) => this.shipped.get(n)!);
    const optimizer = tf.train.adam(cfg.learningRate);
    const pick = (from: Int32Array, k: number, out: number[]): void => {
      for (let i = 0; i < k && from.length > 0; i++) out.push(from[Math.floor(random() * from.length)]!);
    };
    let loss = Number.NaN;
    let finite = true;
    try {
      for (let step = 0; step < cfg.stepsPerRound; step++) {
        // Half new feedback, half the reservoir of older feedback.
        const idx: number[] = [];
        const fromOlder = split.older.length > 0 ? Math.floor(cfg.batchSize / 2) : 0;
        pick(split.recent, cfg.batchSize - fromOlder, idx);
        pick(split.older, fromOlder, idx);
        const batch = makeBatch(rows, this.spec, idx);
        // The loss is read back once, after the last step: a read waits for
        // the device, and a non-finite loss at any step leaves non-finite
        // weights, which the last loss (and the guard) catch.
        const last = step === cfg.stepsPerRound - 1;
        const cost = optimizer.minimize(
          () =>
            tf.tidy(() => {
              const pull = vars.reduce<tf.Scalar>((s, v, i) => tf.add(s, tf.sum(tf.square(tf.sub(v, anchors[i]!)))), tf.scalar(0));
              return tf.add(totalLoss(this.model, batch), tf.mul(pull, cfg.anchor)) as tf.Scalar;
            }),
          last,
          vars,
        );
        disposeBatch(batch);
        if (last) {
          loss = cost ? ((await cost.data())[0] as number) : Number.NaN;
          finite = Number.isFinite(loss);
        }
        cost?.dispose();
        onProgress?.(step + 1, cfg.stepsPerRound);
      }
    } finally {
      optimizer.dispose();
    }
    if (finite && this.solvesPersonal) {
      const objective = await this.solvePersonal(rows, training);
      finite = Number.isFinite(objective);
    }
    if (finite && this.learnsScale) this.scale = await this.fitPriorScale(rows, training);
    const after: Judged = finite ? await this.judge(rows, split.heldOut) : { loss: Number.NaN, rows: 0, order: Number.NaN, clicks: 0, auc: null };
    let reason: string | null = null;
    if (!finite || !Number.isFinite(after.loss)) reason = 'the loss became non-finite';
    else reason = worseBy(cfg.judge, after, before);
    if (reason === null && scaleAloneJudged && worseBy(cfg.judge, after, scaleAloneJudged) !== null)
      reason = 'the bestseller weight alone did better on the held-back feedback';
    // The scale alone stands when the new weights go and it beats the old scale.
    const aloneWins = reason !== null && scaleAlone !== null && scaleAloneJudged !== null && beatsBy(cfg.judge, scaleAloneJudged, before);
    if (reason) {
      for (const [n, t] of snapshot) this.model.weights.get(n)!.assign(t);
      this.scale = aloneWins ? scaleAlone : scaleBefore;
    }
    if (reason === null || aloneWins) this.atShipped = false;
    tf.dispose([...snapshot.values()]);
    return {
      at: now(),
      steps: cfg.stepsPerRound,
      loss,
      heldOutLossBefore: served.loss,
      heldOutLossAfter: after.loss,
      aucBefore: served.auc,
      aucAfter: reason ? (aloneWins ? scaleAloneJudged.auc : before.auc) : after.auc,
      accepted: reason === null,
      reason,
      priorScale: this.scale,
      priorScaleKept: aloneWins || (reason === null && this.learnsScale),
      heldOutLossShipped,
      heldOutOrderBefore: orNull(served.order),
      heldOutOrderAfter: orNull(after.order),
      heldOutOrderShipped,
      revertedToShipped,
    };
  }

  /**
   * Solves the personal head's feature weights for the click and ad-click
   * towers on some rows, given everything else the model says (the offset),
   * with the prior pulling them to the shipped weights.
   * @returns the mean objective per row (NaN when a logit was not finite; the
   *   weights are then left as they were).
   */
  private async solvePersonal(rows: TrainingRows, indices: Int32Array): Promise<number> {
    const batch = makeBatch(rows, this.spec, indices);
    const logits = tf.tidy(() => {
      const out = forward(this.model, batch).scorer;
      return tf.stack([out.clickLogit, out.adClickLogit], 1);
    });
    const [l, current, shipped] = await Promise.all([logits.data(), this.model.weights.get(PERSONAL_DENSE)!.data(), this.shipped.get(PERSONAL_DENSE)!.data()]);
    logits.dispose();
    disposeBatch(batch);
    if (!l.every(Number.isFinite)) return Number.NaN;
    const n = indices.length;
    const [dim, towers] = this.model.weights.get(PERSONAL_DENSE)!.shape as [number, number];
    const x = new Float32Array(n * dim);
    for (let k = 0; k < n; k++) x.set(rows.candidateDense.subarray(indices[k]! * dim, indices[k]! * dim + dim), k * dim);
    const next = Float32Array.from(current);
    let objective = 0;
    // Column 0 is the click tower (product rows), column 2 the ad-click tower (ad rows).
    const heads = [
      { column: 0, logit: 0, labels: rows.click, isAd: 0 },
      { column: 2, logit: 1, labels: rows.adClick, isAd: 1 },
    ];
    for (const h of heads) {
      const column = (w: ArrayLike<number>): Float64Array => Float64Array.from({ length: dim }, (_, j) => w[j * towers + h.column]!);
      const now = column(current);
      const offset = new Float64Array(n);
      const labels = new Float64Array(n);
      const mask = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        let z = l[k * 2 + h.logit]!;
        for (let j = 0; j < dim; j++) z -= x[k * dim + j]! * now[j]!;
        offset[k] = z;
        labels[k] = h.labels[indices[k]!]!;
        mask[k] = rows.isAd[indices[k]!] === h.isAd ? 1 : 0;
      }
      if (!mask.some((m) => m > 0)) continue;
      const solved = solveOffsetLogistic({ x, dim, offset, labels, mask, prior: column(shipped), lambda: this.config.personalPrior }, now);
      objective += solved.objective;
      for (let j = 0; j < dim; j++) next[j * towers + h.column] = solved.w[j]!;
    }
    if (!Number.isFinite(objective) || !next.every(Number.isFinite)) return Number.NaN;
    const t = tf.tensor(next, [dim, towers]);
    this.model.weights.get(PERSONAL_DENSE)!.assign(t);
    t.dispose();
    return objective / n;
  }

  /**
   * Fits the scale on the prior's weight to the product clicks of some rows,
   * the network's current logits held fixed. Served logit at scale s:
   * (1 - s w) z + s w p = z + s · w (p - z), affine in s, so this is a
   * one-feature ridge logistic regression with its prior centred on 1.
   * @returns the scale, within [0, 1 / prior weight]; the current one when
   *   the rows give no answer.
   */
  private async fitPriorScale(rows: TrainingRows, indices: Int32Array): Promise<number> {
    const z = await this.clickLogits(rows, indices);
    const t = this.priorTerms(rows, indices);
    const n = indices.length;
    const x = Float64Array.from({ length: n }, (_, k) => t.weight[k]! * (t.logit[k]! - z[k]!));
    const mask = Float64Array.from(indices, (r) => 1 - rows.isAd[r]!);
    const labels = Float64Array.from(indices, (r) => rows.click[r]!);
    if (!x.every(Number.isFinite) || !mask.some((m) => m > 0)) return this.scale;
    const { w } = solveOffsetLogistic({ x, dim: 1, offset: z, labels, mask, prior: [1], lambda: this.config.priorScaleStrength }, [this.scale]);
    const s = w[0]!;
    return Number.isFinite(s) ? Math.min(this.maxScale, Math.max(0, s)) : this.scale;
  }

  /** The weights a round may change, as plain arrays for a checkpoint. */
  async exportWeights(): Promise<Record<string, StoredWeight>> {
    const out: Record<string, StoredWeight> = {};
    for (const n of this.trainable) {
      const v = this.model.weights.get(n)!;
      out[n] = { shape: [...v.shape], values: (await v.data()) as Float32Array };
    }
    return out;
  }

  /**
   * Loads checkpoint weights.
   * @returns false (and changes nothing) when a weight is unknown, has the
   *   wrong shape or holds a non-finite value.
   */
  importWeights(weights: Record<string, StoredWeight>): boolean {
    for (const [n, w] of Object.entries(weights)) {
      const v = this.model.weights.get(n);
      if (!v || !w || !(w.values instanceof Float32Array) || w.shape.join(',') !== v.shape.join(',') || w.values.length !== v.size) return false;
      if (!w.values.every(Number.isFinite)) return false;
    }
    for (const [n, w] of Object.entries(weights)) {
      const t = tf.tensor(w.values, w.shape);
      this.model.weights.get(n)!.assign(t);
      t.dispose();
    }
    this.atShipped = false;
    this.tally = noTally();
    return true;
  }

  /** The shipped values of the trainable weights, into the model. */
  private assignShipped(): void {
    for (const n of this.trainable) this.model.weights.get(n)!.assign(this.shipped.get(n)!);
  }

  /** Puts the shipped weights (and a scale of 1) back. */
  restoreShipped(): void {
    for (const [n, t] of this.shipped) this.model.weights.get(n)!.assign(t);
    this.scale = 1;
    this.atShipped = true;
    this.tally = noTally();
  }

  /** Releases the copy of the shipped weights. */
  dispose(): void {
    tf.dispose([...this.shipped.values()]);
    this.shipped.clear();
  }
}
