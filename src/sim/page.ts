/**
 * What passes between a simulated shopper and whoever ranks their pages: a
 * page request going out, a filled grid coming back. The shapes match the
 * engine's {@link RankRequest} and {@link RankResult}, so the real engine can
 * rank simulated pages without adapters.
 */
import type { RankRequest } from '../engine/api';

/** Home pages: 24 product slots with ads at grid positions 3, 12 and 21. */
export const HOME_LAYOUT = { productSlots: 24, adPositions: [3, 12, 21] } as const;

/** Category pages: 24 product slots with ads at grid positions 5 and 17. */
export const CATEGORY_LAYOUT = { productSlots: 24, adPositions: [5, 17] } as const;

/** A page the simulated shopper is about to see; a {@link RankRequest} plus simulation context. */
export interface SimPageRequest extends RankRequest {
  page: 'home' | 'category';
  /** Candidate product ids, bestsellers first (the shop's default order). A fresh copy per request. */
  candidates: string[];
  adPositions: number[];
  /** Id the page's events carry, `r<shopper>-<n>`, unless the grid brings its own. */
  requestId: string;
  /** Shopper id. */
  shopper: string;
  /** When the page is shown, ms since the epoch. */
  ts: number;
}

/** An organic product at a grid position. */
export interface SimProductSlot {
  kind: 'product';
  itemId: string;
  /** 0-based grid position. */
  slot: number;
}

/** A sponsored creative at a grid position. */
export interface SimAdSlot {
  kind: 'ad';
  adId: string;
  /** The creative's product id. */
  itemId: string;
  /** 0-based grid position. */
  slot: number;
}

/** One filled grid position. */
export type SimSlot = SimProductSlot | SimAdSlot;

/** A ranked page. An engine `RankResult` is one. */
export interface SimGrid {
  slots: readonly SimSlot[];
  /** When set, the page's events carry this request id instead of the simulator's. */
  requestId?: string;
}
