/**
 * Remembers, for this tab, which grid request and slot last led to each
 * product, so a product page opened without history state (a link from the
 * cart, say) can still attribute `cart` events. History state wins when present.
 */
import type { Attribution, NavState } from './router';

const lastClick = new Map<string, Attribution>();
const NONE: Attribution = { request: null, slot: null };

/** Stores the attribution of a click on `itemId`. */
export function rememberClick(itemId: string, from: Attribution): void {
  lastClick.set(itemId, from);
}

/**
 * The attribution for a product page visit.
 * @param itemId - The product shown.
 * @param state - The page's history state.
 * @returns History state's attribution, else the last click on the item, else nulls.
 */
export function attributionFor(itemId: string, state: NavState): Attribution {
  return state.from ?? lastClick.get(itemId) ?? NONE;
}
