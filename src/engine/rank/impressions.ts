/** The events a shown page logs. */
import type { EventInput, RankResult } from '../api';
import type { PageType } from '../events/types';

/**
 * One `impression` (or `ad_impression`) per slot of a shown page, carrying
 * the page's request id and each slot, so later clicks join to them.
 * @example await recommender.recordMany(impressionEvents(page, 'home'));
 */
export function impressionEvents(result: Pick<RankResult, 'requestId' | 'slots'>, page: PageType): EventInput[] {
  return result.slots.map((s) => ({ type: s.kind === 'ad' ? 'ad_impression' : 'impression', item: s.itemId, slot: s.slot, request: result.requestId, page }));
}
