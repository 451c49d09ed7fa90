/**
 * The shop's own default order, shown before the engine has started (and if it
 * never does). It fills the grid the way `Recommender.defaultOrder` documents:
 * candidates in the given order, ads from the catalogue in the reserved slots.
 */
import type { RankRequest, RankResult } from '../engine/api';
import type { Catalogue } from '../engine/catalogue/types';
import { defaultPage } from '../engine/rank/rank';

// Results made here, by identity: their request ids are not the engine's, so
// the shop never logs impressions for them and clicks carry no request id.
const local = new WeakSet<RankResult>();
let counter = 0;

/**
 * Lays out a page without the engine.
 * @param catalogue - Supplies the ads.
 * @param request - The page's request.
 * @returns An unranked result that {@link isLocalResult} recognises.
 * @example localDefaultOrder(catalogue, { page: 'home', candidates: ['p1', 'p2'], productSlots: 24 })
 */
export function localDefaultOrder(catalogue: Catalogue, request: RankRequest): RankResult {
  const slots = defaultPage(request, catalogue.ads);
  const result: RankResult = { requestId: `local-${++counter}`, slots, ranked: false, order: 'given', elapsedMs: 0 };
  local.add(result);
  return result;
}

/**
 * Marks a result made from another (the same page in another order) as
 * local when its source is, so it is not logged either.
 * @returns `derived`.
 */
export function keepLocal(source: RankResult, derived: RankResult): RankResult {
  if (local.has(source)) local.add(derived);
  return derived;
}

/** True for a result that came from {@link localDefaultOrder}, not the engine. */
export const isLocalResult = (r: RankResult): boolean => local.has(r);
