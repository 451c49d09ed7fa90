/**
 * How a shopper may order a list of products: as the engine ranked them for
 * them (the default), or by price. A price order keeps the engine's ads in
 * their places and its order among products of the same price; every slot
 * keeps the position it is shown at, so the impressions and clicks of a
 * price-ordered page carry where the shopper saw each product.
 */
import type { RankResult, RankedSlot } from '../engine/api';

/** The orders a listing offers. */
export type SortOrder = 'recommended' | 'price-asc' | 'price-desc';

/** Each order with its label, in the order the menu lists them. */
export const SORT_ORDERS: ReadonlyArray<{ value: SortOrder; label: string }> = [
  { value: 'recommended', label: 'Recommended for you' },
  { value: 'price-asc', label: 'Price: low to high' },
  { value: 'price-desc', label: 'Price: high to low' },
];

const isSortOrder = (v: string): v is SortOrder => SORT_ORDERS.some((o) => o.value === v);

/**
 * The order a URL's query asks for.
 * @param search - `location.search`, for example `?sort=price-asc`.
 * @returns `recommended` when it names none, or one the shop does not have.
 */
export function parseSort(search: string): SortOrder {
  const sort = new URLSearchParams(search).get('sort')?.trim().toLowerCase() ?? '';
  return isSortOrder(sort) ? sort : 'recommended';
}

/**
 * A path with its `sort` parameter set to `sort` (removed for the default
 * order), every other parameter kept.
 * @example withSort('/search?q=red', 'price-asc') // '/search?q=red&sort=price-asc'
 */
export function withSort(path: string, sort: SortOrder): string {
  const url = new URL(path, 'http://shop.invalid');
  if (sort === 'recommended') url.searchParams.delete('sort');
  else url.searchParams.set('sort', sort);
  return url.pathname + url.search;
}

/**
 * A page's slots in the order the shopper chose. Products are sorted by
 * price (stable: the engine's order breaks ties; products priced on request
 * last in both directions); ads stay at their positions; each slot takes
 * the `slot` number of the position it lands on.
 * @param result - The engine's page (or the default order).
 * @param priceOf - A product's price; `null` when priced on request or unknown.
 * @returns `result` itself for `recommended`, else a new result with the same request id.
 */
export function arrange(result: RankResult, sort: SortOrder, priceOf: (itemId: string) => number | null): RankResult {
  if (sort === 'recommended') return result;
  const sign = sort === 'price-asc' ? 1 : -1;
  const products = result.slots.filter((s) => s.kind === 'product');
  const byPrice = products
    .map((s, i) => ({ s, i, price: priceOf(s.itemId) }))
    .sort((a, b) => {
      if (a.price === null || b.price === null) return (a.price === null ? 1 : 0) - (b.price === null ? 1 : 0) || a.i - b.i;
      return sign * (a.price - b.price) || a.i - b.i;
    })
    .map((p) => p.s);
  let next = 0;
  const slots = result.slots.map((at): RankedSlot => (at.kind === 'ad' ? at : { ...byPrice[next++]!, slot: at.slot }));
  return { ...result, slots };
}
