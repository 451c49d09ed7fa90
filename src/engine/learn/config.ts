/**
 * On-device fine-tuning config. Plain data; {@link validateFineTuneConfig}
 * copies it, fills defaults and names a bad field.
 */
import { ConfigError } from '../errors';

/** How and when the engine fine-tunes on the device. */
export interface FineTuneConfig {
  /** Start a round after this many new clicks (product or ad). */
  clickThreshold: number;
  /** Or after the shopper has been idle this long (ms) with at least one new click. */
  idleMs: number;
  /** Optimiser steps per round. */
  stepsPerRound: number;
  /** Rows per step. */
  batchSize: number;
  learningRate: number;
  /** Weight of the L2 pull toward the shipped weights. */
  anchor: number;
  /** Share of the newest pages held back to judge a round (never trained on in that round). */
  heldOutFraction: number;
  /** A page without a click counts as negatives only once it is this old (ms). */
  settleMs: number;
  /** Rows kept in the reservoir of older feedback. */
  reservoirSize: number;
  /** How many of the newest stored events a round reads. */
  recentEvents: number;
  /**
   * What learns: `personal` = only the device-only weights (the shopper
   * adapter and the personal head); `heads` = those plus the MMoE gates, the
   * towers and the tags head; `all` = every weight, embeddings included.
   */
  scope: 'personal' | 'heads' | 'all';
  /**
   * The personal head's feature weights (one linear term per task over the
   * candidate's features) are solved exactly each round, by ridge logistic
   * regression on everything but the held-back pages, with this prior
   * strength λ pulling them to the shipped weights (in units of one row's
   * loss). 0 = they take gradient steps with the other weights instead.
   */
  personalPrior: number;
  /**
   * Each round also learns how much this shopper follows the crowd: a scale
   * on the popularity prior's blend weight (1 = as shipped, 0 = no prior),
   * fitted to the shopper's own clicks with this strength λ pulling it to 1
   * (in units of one row's loss). 0 = the scale stays 1.
   */
  priorScaleStrength: number;
  /**
   * Each round first scores its held-back pages, which neither has learned
   * from, with the weights that serve and with the shipped ones, and keeps a
   * running sum of both losses (see `judge`). Once it covers this many product
   * rows and the shipped weights have done better, the round starts again
   * from the shipped weights. 0 = never. The sums are saved with each
   * checkpoint, so rounds that save none add to them only until the page closes.
   */
  shippedCheckRows: number;
  /**
   * What judges a round against the weights it must beat, on held-back pages:
   * - `logLoss`: the click log loss of every product row;
   * - `pageOrder`: how well the scores order each page that has a click (the
   *   softmax log loss of the clicked products among their page's), blind to
   *   how many clicks the shopper makes in all;
   * - `both`: neither may get worse.
   * Without a clicked page the log loss decides. The running comparison with
   * the shipped weights (`shippedCheckRows`) sums the page order, or with
   * `logLoss` the log loss.
   */
  judge: 'logLoss' | 'pageOrder' | 'both';
}

/** Defaults of {@link FineTuneConfig}. */
export const DEFAULT_FINE_TUNE: FineTuneConfig = {
  clickThreshold: 3,
  idleMs: 5_000,
  stepsPerRound: 12,
  batchSize: 64,
  learningRate: 0.01,
  anchor: 0.01,
  heldOutFraction: 0.25,
  settleMs: 10_000,
  reservoirSize: 2_048,
  recentEvents: 5_000,
  scope: 'personal',
  personalPrior: 0,
  priorScaleStrength: 1,
  shippedCheckRows: 40,
  judge: 'both',
};

/**
 * Copies a fine-tune config, fills defaults and checks every field.
 * @throws {ConfigError} naming the invalid field.
 */
export function validateFineTuneConfig(input: Partial<FineTuneConfig> = {}): FineTuneConfig {
  const c = { ...DEFAULT_FINE_TUNE, ...input };
  const positiveInt = ['clickThreshold', 'stepsPerRound', 'batchSize', 'reservoirSize', 'recentEvents'] as const;
  if (!Number.isInteger(c.shippedCheckRows) || c.shippedCheckRows < 0)
    throw new ConfigError(`fine-tune config: shippedCheckRows must be an integer >= 0, got ${JSON.stringify(c.shippedCheckRows)}`);
  for (const k of positiveInt) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new ConfigError(`fine-tune config: ${k} must be a positive integer, got ${JSON.stringify(c[k])}`);
  }
  for (const k of ['idleMs', 'settleMs', 'learningRate', 'anchor', 'personalPrior', 'priorScaleStrength'] as const) {
    if (typeof c[k] !== 'number' || !Number.isFinite(c[k]) || c[k] < 0)
      throw new ConfigError(`fine-tune config: ${k} must be a finite number >= 0, got ${JSON.stringify(c[k])}`);
  }
  if (!(c.heldOutFraction > 0 && c.heldOutFraction < 1))
    throw new ConfigError(`fine-tune config: heldOutFraction must be in (0, 1), got ${JSON.stringify(c.heldOutFraction)}`);
  if (!['logLoss', 'pageOrder', 'both'].includes(c.judge))
    throw new ConfigError(`fine-tune config: judge must be "logLoss", "pageOrder" or "both", got ${JSON.stringify(c.judge)}`);
  if (!['personal', 'heads', 'all'].includes(c.scope))
    throw new ConfigError(`fine-tune config: scope must be "personal", "heads" or "all", got ${JSON.stringify(c.scope)}`);
  return c;
}
