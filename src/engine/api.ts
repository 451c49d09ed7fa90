/**
 * The engine's public interface. A shop talks to the recommender only through
 * {@link Recommender}; the same interface is served in the page or from a worker.
 */
import type { BehaviourEvent, EventType, PageType } from './events/types';
import type { RetentionConfig, StoreExport } from './storage/store';

/** Backends the engine can run on, in the order it tries them by default. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** One of {@link BACKEND_ORDER}. */
export type BackendName = (typeof BACKEND_ORDER)[number];

/** A ranking request for one page. */
export interface RankRequest {
  page: PageType;
  /** Category slug on category pages. */
  category?: string;
  /** Product ids that may fill the product slots, in the shop's default order. */
  candidates: string[];
  /** Number of product slots on the page (ads come on top of these). */
  productSlots: number;
  /**
   * Grid positions (0-based, counted over the final grid of products and ads)
   * reserved for ads. Positions past the end of the grid are ignored. Default: none.
   */
  adPositions?: number[];
}

/** Per-head scores of a product, each a probability. */
export interface ProductScores {
  /** pCTR from the `click` head. */
  click: number;
  /** pCTCVR = pCTR x pCVR from the ESMM `purchase` head. */
  purchase: number;
  /** The fused ranking score. */
  fused: number;
}

/** One reason a ranked product was shown, for the "Why this?" popover. */
export interface ExplanationReason {
  /**
   * What matched: an attribute of the product the shopper engages with
   * (`category`, `brand`, `colour`, `tag`), its price within the shopper's
   * one usual price range (`price`, one or two neighbouring bands), where its price
   * stands in its category matching where the shopper's picks usually stand
   * (`pricePosition`), the product itself among the shopper's recent
   * engagements (`recent`), or nothing it can name (`popular`: what the
   * model expects shoppers like this one to open; for a shopper who has not
   * engaged yet, what shoppers in general open).
   */
  kind: 'category' | 'brand' | 'colour' | 'tag' | 'recent' | 'price' | 'pricePosition' | 'popular';
  /**
   * Human words: the category's name, the brand, the colour, the tag
   * capitalised, the usual price range (`"€25 to €45"`, `"over €67"`), the price position
   * (`"dearer than most Lamps"`); for `recent` and `popular` a
   * whole phrase (`"You looked at this recently"`, `"Popular with shoppers"`).
   */
  label: string;
  /**
   * How strong the match is, in [0, 1]: the matched value's share of the
   * shopper's decayed engagement in its dimension (for `recent`, of the recent
   * engagements; for `pricePosition`, how consistent the shopper's price
   * position is: 1 − its standard deviation; 1 for `popular`).
   */
  share: number;
  /**
   * How many different products the shopper engaged with back it, among their
   * recent engagements (the feature spec's `recentLength` at most): for
   * `colour` and `tag` those with the value, for `popular` all of them (0: a
   * shopper who has not engaged yet). Absent for the other kinds. The popover
   * words a reason by it: one product is no habit.
   */
  count?: number;
}

/** Why a ranked product or ad is on the page; plain data, it crosses `postMessage`. */
export interface Explanation {
  /** True in an ad slot: an advertiser paid for the place. */
  sponsored: boolean;
  /**
   * The model's probabilities for this shopper: `click` (opens it), `purchase`
   * (opens and buys it, `null` when not scored) and `adClick` (opens the ad;
   * `null` outside ad slots).
   */
  scores: { click: number; purchase: number | null; adClick: number | null };
  /** At most 3, strongest first; one `popular` reason when nothing matched. */
  reasons: ExplanationReason[];
}

/** A product in a product slot. */
export interface RankedProduct {
  kind: 'product';
  itemId: string;
  /** Position in the final grid (0-based). */
  slot: number;
  /** `null` in the default (non-personalised) order. */
  scores: ProductScores | null;
  /** Why the model put it here; `null` in the default order. */
  why: Explanation | null;
}

/** A sponsored product in an ad slot. */
export interface RankedAd {
  kind: 'ad';
  adId: string;
  itemId: string;
  slot: number;
  /** pAdClick and eCPM = bid x pAdClick x 1000; `null` in the default order. */
  scores: { adClick: number; ecpm: number } | null;
  /** Why the model put it here; `null` in the default order. */
  why: Explanation | null;
}

/** One grid position. */
export type RankedSlot = RankedProduct | RankedAd;

/**
 * The shop's popularity, shipped with the model (the popularity prior's
 * table: each product's click rate in the shop's logs): what the default
 * order sorts products by. Nothing in it is about the shopper. Plain data, it
 * crosses `postMessage`.
 */
export interface PopularOrder {
  /** Each product's click-rate logit, by item id; higher comes first. */
  clickLogit: Record<string, number>;
  /** The logit of a product the table does not list. */
  defaultLogit: number;
  /** The ranking's category cap (at most this many products of one category in the first 12), so one category cannot fill the top. */
  categoryCap: number;
}

/** The answer to a {@link RankRequest}. */
export interface RankResult {
  /** Id that impressions and clicks of this page carry. */
  requestId: string;
  slots: RankedSlot[];
  /** True when the model ranked the page for this shopper (`order` is `personal`); false for the default order. */
  ranked: boolean;
  /**
   * How the products were ordered: `personal` (the model, with the shopper's
   * behaviour), `popular` (the default order by the shop's popularity,
   * {@link PopularOrder}) or `given` (the default order, candidates as given).
   */
  order: 'personal' | 'popular' | 'given';
  /** Wall time of the rerank (features + model + fusion + ads), ms. */
  elapsedMs: number;
}

/** An interest tag with the `tags` head's probability. */
export interface InterestTag {
  tag: string;
  score: number;
}

/** A backend's time for a small rerank when the engine measured them; `null` when it did not start or failed. */
export interface BackendTiming {
  backend: BackendName;
  ms: number | null;
  /** Why there is no time. */
  note?: string;
}

/**
 * How the backend was chosen: `forced` (a list was given: the first that
 * starts), `measured` (every backend timed on this visit, the fastest kept for
 * the engines that start after it), `remembered` (measured on an earlier visit
 * with the same browser, GPU adapter and model) or `provisional` (nothing
 * remembered yet: the engine started on {@link PROVISIONAL_ORDER}'s first
 * backend that starts while the backends are timed in the background; it
 * becomes `measured` when their times arrive).
 */
export interface BackendChoiceInfo {
  how: 'forced' | 'measured' | 'remembered' | 'provisional';
  timings: BackendTiming[];
  measuredAt: number | null;
}

/**
 * Where an engine starts before the backends are timed: the CPU backends
 * first, since they start in milliseconds and compile nothing, while a GPU
 * backend's first rerank compiles its shaders (seconds on a software GPU).
 */
export const PROVISIONAL_ORDER: readonly BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

/**
 * The fastest backend that produced a time.
 * @returns its name, or `null` when none did.
 * @example pickFastest([{ backend: 'webgpu', ms: 90 }, { backend: 'wasm', ms: 3 }]) // 'wasm'
 */
export function pickFastest(timings: readonly BackendTiming[]): BackendName | null {
  let best: { backend: BackendName; ms: number } | null = null;
  for (const t of timings) if (t.ms !== null && Number.isFinite(t.ms) && (best === null || t.ms < best.ms)) best = { backend: t.backend, ms: t.ms };
  return best?.backend ?? null;
}

/** What the engine runs on; shown in the shop's model panel. */
export interface EngineInfo {
  backend: BackendName;
  /** GPU adapter description (vendor / architecture) or `null` off WebGPU. */
  adapter: string | null;
  /** How {@link EngineInfo.backend} was chosen. */
  backendChoice: BackendChoiceInfo;
  modelVersion: string;
  /** Wall time of the last rerank in ms, or `null` before the first. */
  lastRankMs: number | null;
  /** True while the shopper has paused personalisation: nothing is stored and pages keep the default order ({@link Recommender.defaultOrder}). */
  paused: boolean;
  /**
   * Where the weights came from: `shipped` (downloaded and verified this visit)
   * or `device-copy` (the shipped files failed; the last good copy saved on this device ranks).
   */
  modelSource: 'shipped' | 'device-copy';
  /** Things that went wrong and what the engine did about them, for the model panel; oldest first. */
  notices: string[];
  /**
   * How much of pCTR the popularity prior made up at the last rerank (0 to 1;
   * it fades as the shopper clicks, carts and buys), or `null` when the model
   * ships no prior or nothing was ranked yet.
   */
  popularityShare: number | null;
  /**
   * The shopper's own actions (clicks, carts, purchases, ad clicks) the
   * engine knew of at the last rerank (or at its start), or `null` before
   * either; 0 for a shopper the shop knows nothing of yet.
   */
  shopperActions: number | null;
}

/** One fine-tuning round, as the model panel charts it. */
export interface FineTuneRound {
  /** End of the round, ms since the epoch. */
  at: number;
  /** Optimiser steps taken in the round. */
  steps: number;
  /** Training loss of the last step. */
  loss: number;
  /** Click log loss on the held-back feedback with the weights before and after the round. */
  heldOutLossBefore: number;
  heldOutLossAfter: number;
  /** Click AUC on the held-back feedback before and after; `null` when it has only one class. */
  aucBefore: number | null;
  aucAfter: number | null;
  /** True when the new weights were kept; false when the round was rolled back. */
  accepted: boolean;
  /** Why a round was rolled back. */
  reason: string | null;
  /** The scale on the popularity prior's weight after the round (1 as shipped; absent in rounds saved before it was recorded). */
  priorScale?: number;
  /**
   * True when the round set a newly fitted scale: with the new weights, or
   * alone when the weights were rolled back but the scale refitted on the
   * old weights did better on the held-back feedback than the old scale.
   */
  priorScaleKept?: boolean;
  /** Click log loss on the held-back feedback with the shipped weights; `null` when the weights were the shipped ones (absent in older rounds). */
  heldOutLossShipped?: number | null;
  /** True when the round started again from the shipped weights, which had done better so far on feedback neither had learned from. */
  revertedToShipped?: boolean;
  /**
   * Page-order loss on the held-back pages with a click (how low the clicked
   * products ranked on their pages; lower is better) with the weights before
   * the round, after it, and the shipped weights; `null` without a clicked
   * page or a comparison (absent in older rounds).
   */
  heldOutOrderBefore?: number | null;
  heldOutOrderAfter?: number | null;
  heldOutOrderShipped?: number | null;
}

/**
 * What fine-tuning is doing.
 * - `learning`: this engine fine-tunes from the shopper's feedback.
 * - `follower`: another tab of the shop holds the fine-tuning lock; this one
 *   ranks with the weights that tab saves.
 * - `ranking-only`: the backend cannot train (the reason is in `lastError`).
 * - `off`: fine-tuning is disabled by config.
 */
export interface FineTuneStatus {
  mode: 'learning' | 'follower' | 'ranking-only' | 'off';
  /** True while a round runs. */
  running: boolean;
  /** Progress of the running round in [0, 1], or `null`. */
  progress: number | null;
  /** Optimiser steps of all accepted rounds since the shipped weights. */
  acceptedSteps: number;
  rounds: number;
  rollbacks: number;
  lastLoss: number | null;
  /** Clicks recorded since the last round. */
  pendingFeedback: number;
  /** The latest rounds, oldest first (at most 20). */
  history: FineTuneRound[];
  /** The saved checkpoint the engine ranks with, or `null` for the shipped weights. */
  checkpoint: { savedAt: number; acceptedSteps: number } | null;
  /**
   * The learned scale on the popularity prior's blend weight: 1 as shipped,
   * below 1 for a shopper whose clicks follow the crowd less.
   */
  priorScale: number;
  lastError: string | null;
}

/**
 * The status of an engine that has not fine-tuned yet.
 * @param mode - what fine-tuning does on this engine.
 */
export function freshFineTuneStatus(mode: FineTuneStatus['mode']): FineTuneStatus {
  return {
    mode,
    running: false,
    progress: null,
    acceptedSteps: 0,
    rounds: 0,
    rollbacks: 0,
    lastLoss: null,
    pendingFeedback: 0,
    history: [],
    checkpoint: null,
    priorScale: 1,
    lastError: null,
  };
}

/** What the engine keeps about the shopper on this device; the privacy page shows it. */
export interface DataSummary {
  /** Stored events, by type. */
  events: number;
  byType: Record<EventType, number>;
  /** Time of the oldest and newest stored event (ms since the epoch), or `null` with none. */
  oldest: number | null;
  newest: number | null;
  /** Stored records that are not valid events (corrupt or foreign); skipped everywhere. */
  skippedRecords: number;
  /** Events waiting in memory because the browser's storage was full. */
  unsaved: number;
  /** Bytes of fine-tuned weights in checkpoints. */
  checkpointBytes: number;
  /** Bytes of the model copy kept for when the shop's files fail. */
  modelCacheBytes: number;
  /** The interest tags the model reads from this behaviour. */
  interests: InterestTag[];
  paused: boolean;
  retention: RetentionConfig;
}

/** Everything the engine stores about the shopper, as one JSON-serialisable object. */
export type DataExport = StoreExport & { modelVersion: string; interests: InterestTag[] };

/** What a {@link Recommender} tells its listeners. */
/**
 * What the engine tells its listeners: new info, fine-tuning progress, and
 * that the shopper's data was erased (`at`, ms since the epoch), here or in
 * another tab, so a shop can drop what it kept from that data.
 */
export type EngineEvent = { type: 'info'; info: EngineInfo } | { type: 'finetune'; status: FineTuneStatus } | { type: 'erased'; at: number };

/** An event as the shop reports it; the engine stamps time and shopper. */
export type EventInput = Omit<BehaviourEvent, 'ts' | 'shopper'> & { ts?: number };

/** The on-device recommender. */
export interface Recommender {
  /** Backend, adapter and model version. */
  info(): EngineInfo;
  /**
   * Ranks a page with the model and the shopper's stored behaviour.
   * @throws {EngineError} when the request names no candidates it knows.
   */
  rank(request: RankRequest): Promise<RankResult>;
  /**
   * The page in the shop's default order with ads in their slots: products by
   * the shop's popularity where the model ships it ({@link popularity}), else
   * as given. Nothing about the shopper is used; no model runs, it returns at
   * once. A paused engine's `rank` answers with it.
   */
  defaultOrder(request: RankRequest): RankResult;
  /** The shop's popularity the default order sorts by, or `null` when the model ships none. */
  popularity(): PopularOrder | null;
  /** Stores one event and updates the shopper profile in the same transaction. */
  record(event: EventInput): Promise<void>;
  /** Stores several events (for example a page's impressions) in one transaction. */
  recordMany(events: EventInput[]): Promise<void>;
  /**
   * The shopper's top `k` interest tags from the `tags` head; none until the
   * shopper has acted (clicked, added to the cart, bought), since the head's
   * answer for a shopper it knows nothing of is everyone's interests, not theirs.
   */
  interests(k?: number): Promise<InterestTag[]>;
  /**
   * The products the shopper engaged with last (opened, opened from an ad,
   * added to the cart, bought), newest first, each once, read from the
   * profile on the device: at most `k` (default 6) of its recent engagements'
   * products that are still in the catalogue. None while paused.
   */
  recentlyViewed(k?: number): Promise<string[]>;
  /** Where fine-tuning stands. */
  fineTuneStatus(): FineTuneStatus;
  /**
   * Runs a fine-tuning round now if there is new feedback (rounds also start
   * by themselves after enough clicks or when the shopper is idle).
   * @returns the status after the round.
   */
  fineTune(): Promise<FineTuneStatus>;
  /** Drops the fine-tuned weights and their checkpoints and ranks with the shipped model again; behaviour is kept. */
  resetPersonalisation(): Promise<void>;
  /** What is stored about the shopper (counts, dates, sizes, interests). */
  dataSummary(): Promise<DataSummary>;
  /** Everything stored about the shopper, for a download. */
  exportData(): Promise<DataExport>;
  /**
   * Erases everything the engine stored (events, profile, checkpoints, the
   * model copy) in every tab; the shipped weights rank again. A pause stays paused.
   */
  eraseData(): Promise<void>;
  /**
   * Pauses or resumes personalisation, remembered across visits and shared
   * with the shop's other tabs. While paused no event is stored, pages keep
   * the default order and fine-tuning stops.
   */
  setPaused(paused: boolean): Promise<void>;
  /**
   * Fault drill: on WebGPU and WebGL, loses the GPU device or context as a
   * driver reset would, and the next request re-initialises on another
   * backend; on wasm and cpu, which have no GPU, resets the backend, and the
   * next request starts it again. Either way that request is still answered;
   * `info().notices` says what happened.
   */
  simulateDeviceLoss(): Promise<void>;
  /**
   * Listens to info and fine-tuning changes.
   * @returns a function that stops listening.
   */
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Releases tensors, the model and the database connection. */
  dispose(): Promise<void>;
}
