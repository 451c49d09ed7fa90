/**
 * Product search over the catalogue, on the device: which products match a
 * query. Ranking the matches is the engine's job, like any other grid.
 */
import type { Catalogue, CatalogueItem } from '../engine/catalogue/types';

/** The longest query the shop reads; the rest is ignored. */
export const MAX_QUERY_LENGTH = 100;

/**
 * Lower-case words without accents, each cut to a stem: a trailing "es"
 * after s, x, z, ch or sh, or a trailing "s" (not "ss"), comes off words of
 * four letters or more, so "watches" finds "watch" and "boots" finds "boot".
 * @example words('Red Wool Scarves') // ['red', 'wool', 'scarve']
 */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map(stem);
}

function stem(w: string): string {
  if (w.length < 4) return w;
  if (/(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** What a product can be found by: its title, brand, category (slug and name), colour and tags. */
function itemWords(item: CatalogueItem, categoryName: string | undefined): string[] {
  return words([item.title, item.brand ?? '', item.category, categoryName ?? '', item.colour ?? '', ...item.tags].join(' '));
}

/**
 * The products that match every word of the query, each word as the start of
 * one of the product's words, in the catalogue's order. An empty query
 * matches nothing.
 * @example searchCatalogue(catalogue, 'red boot') // ids of red products with a word starting "boot"
 */
export function searchCatalogue(catalogue: Pick<Catalogue, 'items' | 'categories'>, query: string): string[] {
  const wanted = [...new Set(words(query.slice(0, MAX_QUERY_LENGTH)))];
  if (wanted.length === 0) return [];
  const names = new Map(catalogue.categories.map((c) => [c.slug, c.name]));
  return catalogue.items
    .filter((item) => {
      const have = itemWords(item, names.get(item.category));
      return wanted.every((w) => have.some((h) => h.startsWith(w)));
    })
    .map((item) => item.id);
}
