/**
 * A listing's filters (a category page's, search results'): one category,
 * brand or colour, or several. They narrow the products the engine ranks
 * (the page is ranked, and its ads picked, among the products that pass),
 * and live in the URL (`?category=…&brand=…&colour=…`), so a reload or a
 * shared link keeps them.
 */
import type { CatalogueItem } from '../engine/catalogue/types';

/** The filters of a listing; a filter that is not set is `null`. */
export interface Filters {
  /** A category slug. */
  category: string | null;
  brand: string | null;
  colour: string | null;
}

/** What a filter's menu offers: each value of the listing, and how many products have it. */
export interface FacetOption {
  value: string;
  /** Products with this value that pass the other filters. */
  count: number;
}

type Facet = keyof Filters;
const FACETS: readonly Facet[] = ['category', 'brand', 'colour'];

/** No filter. */
export const NO_FILTERS: Filters = { category: null, brand: null, colour: null };

/**
 * The filters a URL's query asks for (values as given, trimmed; empty means any).
 * @param search - `location.search`, for example `?brand=Northvale&colour=navy`.
 */
export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const read = (name: Facet): string | null => params.get(name)?.trim() || null;
  return { category: read('category'), brand: read('brand'), colour: read('colour') };
}

/** True when some filter is set. */
export const isFiltered = (f: Filters): boolean => FACETS.some((k) => f[k] !== null);

/**
 * A path with its filter parameters set to `filters` (a filter of `null`
 * removed), every other parameter kept.
 * @example withFilters('/c/shoes?sort=price-asc', { brand: 'Northvale', colour: null }) // '/c/shoes?sort=price-asc&brand=Northvale'
 */
export function withFilters(path: string, filters: Filters): string {
  const url = new URL(path, 'http://shop.invalid');
  for (const k of FACETS) {
    const v = filters[k];
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return url.pathname + url.search;
}

/** True when `item` passes `filters` (a product without a brand or colour passes only "any" of it). */
export function passes(item: CatalogueItem, filters: Filters): boolean {
  return FACETS.every((k) => filters[k] === null || item[k] === filters[k]);
}

/**
 * Each filter's values among `items`, by name, with the count of products
 * that would show if it were chosen (the other filters as they are). A value
 * the URL asks for that no product has is listed too, with a count of 0, so
 * the menu can show what is set.
 */
export function facetOptions(items: readonly CatalogueItem[], filters: Filters): Record<Facet, FacetOption[]> {
  const options = (facet: Facet): FacetOption[] => {
    const others: Filters = { ...filters, [facet]: null };
    const counts = new Map<string, number>();
    for (const item of items) {
      const v = item[facet];
      if (v === null) continue;
      counts.set(v, (counts.get(v) ?? 0) + (passes(item, others) ? 1 : 0));
    }
    const chosen = filters[facet];
    if (chosen !== null && !counts.has(chosen)) counts.set(chosen, 0);
    return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));
  };
  return { category: options('category'), brand: options('brand'), colour: options('colour') };
}
