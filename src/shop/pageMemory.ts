/**
 * The grids this tab has shown, by history entry: Back and Forward bring the
 * shopper to the page they left, in the same order and with the same request
 * id, rather than to a fresh rerank under their restored scroll position.
 * Memory only; a reload ranks afresh.
 */
import type { RankResult } from '../engine/api';

/** Most grids kept; the oldest goes first. */
const MAX_PAGES = 40;

const pages = new Map<string, RankResult>();

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

/** The grid the entry showed for the request, if this tab still has it. */
export function recalledPage(entry: string, request: string): RankResult | undefined {
  return pages.get(keyOf(entry, request));
}

/** Forgets every grid (after an erase: the old orders came from erased behaviour). */
export function forgetPages(): void {
  pages.clear();
}
