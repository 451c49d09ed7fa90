/**
 * The grids this tab has shown, by history entry: Back and Forward bring the
 * shopper to the page they left, in the same order, rather than to a fresh
 * rerank under their restored scroll position. A page shown again is a new
 * view of it: it gets a new request id, so its impressions and the clicks
 * on it are its own. Memory only; a reload ranks afresh.
 */
import type { RankResult } from '../engine/api';

/** Most grids kept; the oldest goes first. */
const MAX_PAGES = 40;

const pages = new Map<string, RankResult>();
let views = 0;
/**
 * A new view's request id: the first view's id (the engine's, which names the
 * engine that ranked it) with a view number, unique in this tab.
 */
const viewId = (requestId: string): string => `${requestId.split('.')[0]}.${++views}`;

const keyOf = (entry: string, request: string): string => `${entry}\u0000${request}`;

/**
 * Keeps the grid a history entry showed for a request.
 * @param entry - The history entry ({@link currentEntry}).
 * @param request - The request's key (`requestKey`).
 */
export function rememberPage(entry: string, request: string, result: RankResult): void {
  const key = keyOf(entry, request);
  pages.delete(key);
  pages.set(key, result);
  while (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
}

/** The grid the entry showed for the request, as a new view (same slots, a new request id), if this tab still has it. */
export function recalledPage(entry: string, request: string): RankResult | undefined {
  const page = pages.get(keyOf(entry, request));
  return page && { ...page, requestId: viewId(page.requestId) };
}

/** Forgets every grid (after an erase: the old orders came from erased behaviour). */
export function forgetPages(): void {
  pages.clear();
}
