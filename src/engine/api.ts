/**
 * The engine's public interface. A shop talks to the recommender only through
 * {@link Recommender}; the same interface is served in the page or from a worker.
 */
import type { BehaviourEvent, PageType } from './events/types';

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

/** A product in a product slot. */
export interface RankedProduct {
  kind: 'product';
  itemId: string;
  /** Position in the final grid (0-based). */
  slot: number;
  /** `null` in the default (non-personalised) order. */
  scores: ProductScores | null;
}

/** A sponsored product in an ad slot. */
export interface RankedAd {
  kind: 'ad';
  adId: string;
  itemId: string;
  slot: number;
  /** pAdClick and eCPM = bid x pAdClick x 1000; `null` in the default order. */
  scores: { adClick: number; ecpm: number } | null;
}

/** One grid position. */
export type RankedSlot = RankedProduct | RankedAd;

/** The answer to a {@link RankRequest}. */
export interface RankResult {
  /** Id that impressions and clicks of this page carry. */
  requestId: string;
  slots: RankedSlot[];
  /** True when the model ranked the page; false for the default order. */
  ranked: boolean;
  /** Wall time of the rerank (features + model + fusion + ads), ms. */
  elapsedMs: number;
}

/** An interest tag with the `tags` head's probability. */
export interface InterestTag {
  tag: string;
  score: number;
}

/** What the engine runs on; shown in the shop's model panel. */
export interface EngineInfo {
  backend: BackendName;
  /** GPU adapter description (vendor / architecture) or `null` off WebGPU. */
  adapter: string | null;
  modelVersion: string;
  /** Wall time of the last rerank in ms, or `null` before the first. */
  lastRankMs: number | null;
}

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
  /** The page in the shop's default order with ads in their slots; no model, returns at once. */
  defaultOrder(request: RankRequest): RankResult;
  /** Stores one event and updates the shopper profile in the same transaction. */
  record(event: EventInput): Promise<void>;
  /** Stores several events (for example a page's impressions) in one transaction. */
  recordMany(events: EventInput[]): Promise<void>;
  /** The shopper's top `k` interest tags from the `tags` head. */
  interests(k?: number): Promise<InterestTag[]>;
  /** Releases tensors, the model and the database connection. */
  dispose(): Promise<void>;
}
