/**
 * Runs on-device fine-tuning for one engine: when to start a round, where the
 * data comes from, checkpoints, and coordination between tabs.
 *
 * Rounds train a shadow copy of the model; the serving model only ever
 * receives weights that passed the guard, so a half-trained or diverging
 * model never ranks a page.
 *
 * Tabs: one tab per origin fine-tunes (it holds a Web Lock for its lifetime);
 * the others are followers. Every tab's events land in the same IndexedDB, so
 * the learner's rounds include them; followers announce their clicks and
 * everyone reloads the checkpoint the learner saves (BroadcastChannel).
 */
import { freshFineTuneStatus, type FineTuneRound, type FineTuneStatus } from '../api';
import type { Catalogue } from '../catalogue/types';
import type { BehaviourEvent } from '../events/types';
import { buildModel, type RecommenderModel } from '../model/build';
import type { ModelManifest } from '../model/manifest';
import type { PopularityPrior } from '../rank/prior';
import { LEARNED_THROUGH_KEY } from '../storage/schema';
import type { BehaviourStore } from '../storage/store';
import type { FineTuneConfig } from './config';
import { buildTrainingRows } from './dataset';
import { FineTuner, splitFeedback } from './finetune';

/** Name of the Web Lock the fine-tuning tab holds. */
export const FINE_TUNE_LOCK = 'shop-recommender:fine-tune';
/** Name of the BroadcastChannel the tabs of one shop talk on. */
export const ENGINE_CHANNEL = 'shop-recommender';

/**
 * Between the tabs of one shop: clicks a tab stored, a checkpoint the
 * learning tab saved, a round it finished (its mark stored), a reset.
 */
type ChannelMessage = { type: 'clicks'; count: number } | { type: 'checkpoint' } | { type: 'round' } | { type: 'reset' };

const HISTORY = 20;

/** The training loss of the newest round, or `null` when there is none (or it is not a number). */
const lastFiniteLoss = (history: readonly FineTuneRound[]): number | null => {
  const loss = history.at(-1)?.loss;
  return typeof loss === 'number' && Number.isFinite(loss) ? loss : null;
};
const CLICK_TYPES = new Set(['click', 'ad_click']);

/** How far fine-tuning has got, stored under {@link LEARNED_THROUGH_KEY} so a reload picks it up. */
export interface FineTuneMark {
  /** The shipped model version the rounds fine-tuned. */
  model: string;
  /** Pages requested after this time (ms) are new to the next round. */
  pagesAfter: number;
  /** Clicks stored after this time (ms) are pending feedback: the last round did not see them. */
  clicksAfter: number;
  /**
   * The panel's counters and chart as the last round left them: a round
   * whose weights are rolled back saves no checkpoint, and would otherwise
   * be forgotten on the next page load. Absent in marks of older engines.
   */
  progress?: Pick<FineTuneStatus, 'rounds' | 'rollbacks' | 'history'>;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const numberOrNull = (v: unknown): boolean => v === null || isNumber(v);
const optional = (v: unknown, ok: (v: unknown) => boolean): boolean => v === undefined || ok(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * A round of the chart's history as read back from JSON, which writes a
 * diverged round's NaN losses as `null`; `null` when it is not a round.
 */
function roundFromJson(value: unknown): FineTuneRound | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const nan = (v: unknown): unknown => (v === null ? NaN : v);
  const round = { ...r, loss: nan(r.loss), heldOutLossBefore: nan(r.heldOutLossBefore), heldOutLossAfter: nan(r.heldOutLossAfter) };
  const ok =
    isNumber(r.at) &&
    Number.isFinite(r.at) &&
    isNumber(r.steps) &&
    isNumber(round.loss) &&
    isNumber(round.heldOutLossBefore) &&
    isNumber(round.heldOutLossAfter) &&
    numberOrNull(r.aucBefore) &&
    numberOrNull(r.aucAfter) &&
    typeof r.accepted === 'boolean' &&
    (r.reason === null || typeof r.reason === 'string') &&
    optional(r.priorScale, isNumber) &&
    optional(r.priorScaleKept, (v) => typeof v === 'boolean') &&
    optional(r.revertedToShipped, (v) => typeof v === 'boolean') &&
    [r.heldOutLossShipped, r.heldOutOrderBefore, r.heldOutOrderAfter, r.heldOutOrderShipped].every((v) => optional(v, numberOrNull));
  return ok ? (round as unknown as FineTuneRound) : null;
}

/** The mark's progress, or `undefined` when it is absent or malformed (the checkpoint's then stands). */
function progressFromJson(value: unknown): FineTuneMark['progress'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { rounds, rollbacks, history } = value as Record<string, unknown>;
  if (!isCount(rounds) || !isCount(rollbacks) || rollbacks > rounds || !Array.isArray(history) || history.length > rounds) return undefined;
  const read = history.map(roundFromJson);
  return read.every((r): r is FineTuneRound => r !== null) ? { rounds, rollbacks, history: read } : undefined;
}

/**
 * Reads a stored fine-tuning mark.
 * @returns the mark, or `null` when it is missing, malformed or belongs to another model version.
 * @example readMark('{"model":"1.0.0","pagesAfter":5,"clicksAfter":7}', '1.0.0') // { model: '1.0.0', pagesAfter: 5, clicksAfter: 7 }
 */
export function readMark(value: unknown, modelVersion: string): FineTuneMark | null {
  if (typeof value !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { model, pagesAfter, clicksAfter, progress } = parsed as Record<string, unknown>;
  const time = (t: unknown): t is number => isNumber(t) && Number.isFinite(t);
  if (model !== modelVersion || !time(pagesAfter) || !time(clicksAfter)) return null;
  const counters = progressFromJson(progress);
  return counters ? { model, pagesAfter, clicksAfter, progress: counters } : { model, pagesAfter, clicksAfter };
}

/** Options of {@link Learner}. */
export interface LearnerOptions {
  serving: RecommenderModel;
  manifest: ModelManifest;
  /** The manifest's popularity prior, validated; null for none. */
  prior: PopularityPrior | null;
  catalogue: Pick<Catalogue, 'items' | 'ads'>;
  store: BehaviourStore;
  config: FineTuneConfig;
  now: () => number;
  /** Called whenever the status changes. */
  onStatus: (status: FineTuneStatus) => void;
  /** Database name, so tabs of different shops on one origin do not mix. */
  scope: string;
}

function copyWeights(from: RecommenderModel, to: RecommenderModel, names: Iterable<string>): void {
  for (const n of names) to.weights.get(n)!.assign(from.weights.get(n)!);
  to.markChanged();
}

/** On-device fine-tuning for one engine. */
export class Learner {
  private readonly shadow: RecommenderModel;
  private readonly tuner: FineTuner;
  private readonly channel: BroadcastChannel | null;
  private state: FineTuneStatus;
  private lastRoundAt = 0;
  private running: Promise<FineTuneStatus> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private releaseLock: (() => void) | null = null;
  private disposed = false;
  /** Personalisation is paused: no rounds start. */
  private paused = false;
  /** The last round found too little feedback; only new clicks or a timer start another. */
  private starved = false;
  /** A following tab's reading of what the learning tab stored, in message order. */
  private followed: Promise<void> = Promise.resolve();

  private constructor(private readonly o: LearnerOptions) {
    this.shadow = buildModel(o.manifest.config);
    copyWeights(o.serving, this.shadow, o.serving.weights.keys());
    this.tuner = new FineTuner(this.shadow, o.manifest.featureSpec, o.config, o.prior);
    this.state = freshFineTuneStatus('follower');
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${ENGINE_CHANNEL}:${o.scope}`);
    this.channel?.addEventListener('message', (e: MessageEvent<ChannelMessage>) => void this.onMessage(e.data));
  }

  /**
   * Starts a learner: loads the newest good checkpoint of this model version
   * and joins the race for the fine-tuning lock.
   */
  static async start(o: LearnerOptions): Promise<Learner> {
    const learner = new Learner(o);
    await learner.loadCheckpoint();
    await learner.loadMark();
    learner.claimLock();
    return learner;
  }

  /** The scale on the popularity prior's weight that ranks now (1 as shipped). */
  get priorScale(): number {
    return this.state.priorScale;
  }

  /** The current status (a copy). */
  get status(): FineTuneStatus {
    return { ...this.state, history: [...this.state.history] };
  }

  private update(patch: Partial<FineTuneStatus>): void {
    this.state = { ...this.state, ...patch };
    this.o.onStatus(this.status);
  }

  private claimLock(): void {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) {
      // No Web Locks (Node, old browsers): this is the only tab there is.
      this.update({ mode: 'learning' });
      this.scheduleCarried();
      return;
    }
    void locks
      .request(FINE_TUNE_LOCK + ':' + this.o.scope, () => {
        if (this.disposed) return undefined;
        // Held until dispose: the tab that has it is the one that learns.
        return new Promise<void>((resolve) => {
          this.releaseLock = resolve;
          // The tab that learnt before may have moved the mark since this one started.
          void this.loadMark().finally(() => {
            this.update({ mode: 'learning' });
            this.scheduleCarried();
          });
        });
      })
      .catch((e: unknown) => this.update({ lastError: `Could not take the fine-tuning lock: ${(e as Error).message}` }));
  }

  private async loadCheckpoint(): Promise<void> {
    for (const record of await this.o.store.loadCheckpoints(this.o.manifest.version)) {
      const scale = record.priorScale ?? 1;
      if (this.tuner.isPriorScale(scale) && this.tuner.importWeights(record.weights)) {
        this.tuner.setPriorScale(scale);
        this.tuner.setShippedTally(record.shippedTally);
        copyWeights(this.shadow, this.o.serving, Object.keys(record.weights));
        this.lastRoundAt = record.savedAt;
        this.state = {
          ...this.state,
          acceptedSteps: record.acceptedSteps,
          rounds: record.rounds,
          rollbacks: record.rollbacks,
          history: record.history.slice(-HISTORY),
          // The last round's loss, as the panel showed it before the reload.
          lastLoss: lastFiniteLoss(record.history),
          checkpoint: { savedAt: record.savedAt, acceptedSteps: record.acceptedSteps },
          priorScale: scale,
        };
        this.o.onStatus(this.status);
        return;
      }
      // A damaged checkpoint: fall back to the previous one, then to the shipped weights.
      this.state.lastError = `A saved checkpoint (${record.slot}) was damaged and was skipped.`;
    }
  }

  /**
   * Picks up where fine-tuning left off before this page loaded: the stored
   * mark, and the clicks after it as pending feedback, so clicks spread over
   * page loads (a shop whose pages are separate documents, a reload) still
   * start a round. Without a mark of this model version, the checkpoint's time
   * (or the start of the log) stands.
   */
  private async loadMark(): Promise<void> {
    try {
      const mark = readMark(await this.o.store.getSetting(LEARNED_THROUGH_KEY), this.o.manifest.version);
      if (mark) this.lastRoundAt = mark.pagesAfter;
      // A round reads the newest `recentEvents` events only: older clicks cannot start one.
      const after = await this.o.store.eventsAfter(mark?.clicksAfter ?? this.lastRoundAt, this.o.config.recentEvents);
      const clicks = after.filter((e) => CLICK_TYPES.has(e.type)).length;
      // Rounds rolled back since the last checkpoint are in the mark only.
      const saved = mark?.progress;
      const progress =
        saved && saved.rounds >= this.state.rounds ? { ...saved, history: saved.history.slice(-HISTORY), lastLoss: lastFiniteLoss(saved.history) } : {};
      this.state = { ...this.state, ...progress, pendingFeedback: clicks };
      this.o.onStatus(this.status);
    } catch (e) {
      // Unreadable: the clicks of this visit still count, as they always do.
      // (A tab closing while it reads closes its database: nothing to say then.)
      if (!this.disposed) console.warn('[engine] could not read the fine-tuning mark:', e);
    }
  }

  /**
   * Stores the mark with the counters and chart as they stand; a failed
   * write only means some clicks count again, and rolled-back rounds are not
   * shown, after a reload.
   * @param clicksAfter - the newest event the round read (or now, on a reset).
   */
  private saveMark(clicksAfter: number): Promise<void> {
    const { rounds, rollbacks, history } = this.state;
    const mark: FineTuneMark = { model: this.o.manifest.version, pagesAfter: this.lastRoundAt, clicksAfter, progress: { rounds, rollbacks, history } };
    return this.o.store.setSetting(LEARNED_THROUGH_KEY, JSON.stringify(mark)).catch((e: unknown) => {
      console.warn('[engine] could not store the fine-tuning mark:', e);
    });
  }

  private async onMessage(m: ChannelMessage): Promise<void> {
    if (this.disposed) return;
    if (m.type === 'clicks') this.addPending(m.count);
    else if ((m.type === 'checkpoint' || m.type === 'round') && this.state.mode !== 'learning') {
      // The learning tab has trained on the clicks this tab announced: show
      // what it stored, kept weights or a rolled-back round, one message at a time.
      const refresh = this.followed.then(async () => {
        if (m.type === 'checkpoint') await this.loadCheckpoint();
        await this.loadMark();
      });
      this.followed = refresh;
      await refresh;
    } else if (m.type === 'reset') {
      if (this.state.mode === 'learning') {
        // Another tab reset: a round of this tab may still save weights
        // trained before the reset, so wait for it and clear again.
        await this.running?.catch(() => undefined);
        await this.o.store.clearCheckpoints().catch(() => undefined);
      }
      this.applyReset();
    }
  }

  /**
   * Stops or resumes rounds (personalisation paused by the shopper).
   * @param paused - true to stop starting rounds.
   */
  suspend(paused: boolean): void {
    this.paused = paused;
    if (paused) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
    } else if (this.state.pendingFeedback > 0) this.schedule();
  }

  private addPending(count: number): void {
    if (count <= 0) return;
    this.starved = false;
    this.update({ pendingFeedback: this.state.pendingFeedback + count });
    if (this.state.mode === 'learning') this.schedule();
  }

  /** Tells the learner about newly stored events (from this tab). */
  noteEvents(events: readonly BehaviourEvent[]): void {
    const clicks = events.filter((e) => CLICK_TYPES.has(e.type)).length;
    if (clicks === 0) return;
    this.channel?.postMessage({ type: 'clicks', count: clicks } satisfies ChannelMessage);
    this.addPending(clicks);
  }

  /**
   * Feedback this tab did not see arrive (from before the page loaded, or
   * announced while another tab learnt) starts a round after the idle time,
   * so the page's first ranking goes first.
   */
  private scheduleCarried(): void {
    if (this.state.pendingFeedback === 0 || this.state.mode !== 'learning' || this.disposed || this.paused) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.run(), this.o.config.idleMs);
  }

  private schedule(): void {
    if (this.state.mode !== 'learning' || this.disposed || this.paused) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.state.pendingFeedback >= this.o.config.clickThreshold) void this.run();
    else this.idleTimer = setTimeout(() => void this.run(), this.o.config.idleMs);
  }

  /**
   * Runs a round now (or joins the one that runs).
   * @returns the status after the round.
   */
  run(): Promise<FineTuneStatus> {
    if (this.state.mode === 'off' || this.state.mode === 'ranking-only' || this.disposed || this.paused) return Promise.resolve(this.status);
    this.running ??= this.round().finally(() => {
      this.running = null;
      // Clicks that arrived during the round start the next one: at once when
      // there are enough, else after the idle time.
      if (!this.starved && this.state.pendingFeedback > 0) this.schedule();
    });
    return this.running;
  }

  private async round(): Promise<FineTuneStatus> {
    const cfg = this.o.config;
    const pendingAtStart = this.state.pendingFeedback;
    this.starved = false;
    this.update({ running: true, progress: 0 });
    try {
      const events = await this.o.store.recentEvents(cfg.recentEvents);
      const rows = buildTrainingRows(events, this.o.catalogue, this.o.manifest.featureSpec);
      const split = splitFeedback(rows, this.lastRoundAt, cfg, Math.random, this.o.now());
      if (!split) {
        // Not enough settled feedback yet: wait for the next click or the idle timer.
        this.starved = true;
        this.update({ running: false, progress: null });
        if (this.state.mode === 'learning' && !this.disposed) {
          if (this.idleTimer) clearTimeout(this.idleTimer);
          this.idleTimer = setTimeout(() => void this.run(), Math.max(cfg.idleMs, cfg.settleMs));
        }
        return this.status;
      }
      // Start from what is serving now (the last accepted weights and scale).
      copyWeights(this.o.serving, this.shadow, this.tuner.trainableNames);
      this.tuner.setPriorScale(this.state.priorScale);
      const result = await this.tuner.round(rows, split, Math.random, this.o.now, (done, total) => this.update({ progress: done / total }));
      this.lastRoundAt = Math.max(...Array.from(rows.requestTs));
      await this.finish(result, pendingAtStart);
      await this.saveMark(events.at(-1)?.ts ?? this.lastRoundAt);
      this.channel?.postMessage({ type: 'round' } satisfies ChannelMessage);
    } catch (e) {
      const message = (e as Error).message;
      // A backend without the kernels training needs can still rank.
      const cannotTrain = /kernel|not (yet )?implemented|not registered/i.test(message);
      this.update({
        running: false,
        progress: null,
        mode: cannotTrain ? 'ranking-only' : this.state.mode,
        lastError: cannotTrain ? `This backend only ranks; it cannot fine-tune (${message}).` : `Fine-tuning failed: ${message}`,
      });
    }
    return this.status;
  }

  private async finish(result: FineTuneRound, pendingAtStart: number): Promise<void> {
    const history = [...this.state.history, result].slice(-HISTORY);
    const acceptedSteps = this.state.acceptedSteps + (result.accepted ? result.steps : 0);
    const rounds = this.state.rounds + 1;
    const rollbacks = this.state.rollbacks + (result.accepted ? 0 : 1);
    let checkpoint = this.state.checkpoint;
    let lastError = this.state.lastError;
    // A rolled-back round may still keep a better crowd weight, or have gone back to the shipped weights.
    const changed = result.accepted || result.priorScaleKept === true || result.revertedToShipped === true;
    const priorScale = changed ? this.tuner.priorScale : this.state.priorScale;
    if (changed) {
      if (result.accepted || result.revertedToShipped) copyWeights(this.shadow, this.o.serving, this.tuner.trainableNames);
      try {
        await this.o.store.saveCheckpoint({
          modelVersion: this.o.manifest.version,
          savedAt: result.at,
          acceptedSteps,
          rounds,
          rollbacks,
          history,
          weights: await this.tuner.exportWeights(),
          priorScale,
          shippedTally: this.tuner.shippedTally,
        });
        checkpoint = { savedAt: result.at, acceptedSteps };
        lastError = null;
        this.channel?.postMessage({ type: 'checkpoint' } satisfies ChannelMessage);
      } catch (e) {
        // The better weights still rank in this session; they are just not saved.
        lastError = `The fine-tuned weights could not be saved: ${(e as Error).message}`;
      }
    }
    this.update({
      running: false,
      progress: null,
      acceptedSteps,
      rounds,
      rollbacks,
      history,
      checkpoint,
      priorScale,
      lastError,
      lastLoss: result.loss,
      pendingFeedback: Math.max(0, this.state.pendingFeedback - pendingAtStart),
    });
  }

  private applyReset(): void {
    this.tuner.restoreShipped();
    copyWeights(this.shadow, this.o.serving, this.o.serving.weights.keys());
    this.lastRoundAt = this.o.now();
    // Counters, history, checkpoint and scale as on a fresh start; the mode stays.
    this.update(freshFineTuneStatus(this.state.mode));
    void this.saveMark(this.lastRoundAt);
  }

  /** Drops fine-tuned weights and checkpoints; the shipped weights rank again. */
  async reset(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.running?.catch(() => undefined);
    await this.o.store.clearCheckpoints();
    this.applyReset();
    this.channel?.postMessage({ type: 'reset' } satisfies ChannelMessage);
  }

  /** Stops timers, leaves the lock and the channel, frees the shadow model. */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.running?.catch(() => undefined);
    this.releaseLock?.();
    this.channel?.close();
    this.tuner.dispose();
    this.shadow.dispose();
  }
}
