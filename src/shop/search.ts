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
  return surfaceWords(text).map(stem);
}

/** The words of {@link words} as written (lower case, no accents), before the stem is cut. */
function surfaceWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function stem(w: string): string {
  if (w.length < 4) return w;
  if (/(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** A product's own text: its title, brand, category name, colour and tags, as the shopper reads them. */
function itemText(item: CatalogueItem, categoryName: string | undefined): string {
  return [item.title, item.brand ?? '', categoryName ?? item.category, item.colour ?? '', ...item.tags].join(' ');
}

/** What a product can be found by: {@link itemText} and its category's slug. */
function itemWords(item: CatalogueItem, categoryName: string | undefined): string[] {
  return words(`${itemText(item, categoryName)} ${item.category}`);
}

/** The query's distinct words, from its first {@link MAX_QUERY_LENGTH} characters. */
const queryWords = (query: string): string[] => [...new Set(words(query.slice(0, MAX_QUERY_LENGTH)))];

/** The ids of the products for which `matches` holds for every query word and some word of the product, in catalogue order. */
function matching(catalogue: Pick<Catalogue, 'items' | 'categories'>, wanted: readonly string[], matches: (w: string, h: string) => boolean): string[] {
  if (wanted.length === 0) return [];
  const names = new Map(catalogue.categories.map((c) => [c.slug, c.name]));
  return catalogue.items
    .filter((item) => {
      const have = itemWords(item, names.get(item.category));
      return wanted.every((w) => have.some((h) => matches(w, h)));
    })
    .map((item) => item.id);
}

/**
 * The products that match every word of the query, each word as the start of
 * one of the product's words, in the catalogue's order. An empty query
 * matches nothing.
 * @example searchCatalogue(catalogue, 'red boot') // ids of red products with a word starting "boot"
 */
export function searchCatalogue(catalogue: Pick<Catalogue, 'items' | 'categories'>, query: string): string[] {
  return matching(catalogue, queryWords(query), exactStart);
}

/** Whether query word `w` starts product word `h`. */
const exactStart = (w: string, h: string): boolean => h.startsWith(w);

/**
 * Edit distance with adjacent transpositions (optimal string alignment), or
 * `max + 1` as soon as it must exceed `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Whether query word `w` is a typo away from the start of product word `h`:
 * one edit (a letter missing, extra, wrong or two swapped) for words of 4 to
 * 7 letters, two from 8, after the same first letter; shorter words must
 * match exactly.
 */
function closeStart(w: string, h: string): boolean {
  if (exactStart(w, h)) return true;
  if (w.length < 4 || w[0] !== h[0]) return false;
  const max = w.length >= 8 ? 2 : 1;
  for (let n = Math.max(1, w.length - max); n <= Math.min(h.length, w.length + max); n++) if (editDistance(w, h.slice(0, n), max) <= max) return true;
  return false;
}

/** What a search found: the matching products and whether they are only close matches. */
export interface SearchResult {
  ids: string[];
  /** True when nothing matched as typed and `ids` are the products a typo away ({@link closeStart}). */
  close: boolean;
  /**
   * With close matches, queries to try instead: each mistyped word (one that
   * starts no product's word) replaced by a word the products have a typo
   * away, the closest and then the commonest first; at most {@link MAX_SUGGESTIONS}.
   */
  suggestions: string[];
}

/** Queries {@link findProducts} suggests at most. */
export const MAX_SUGGESTIONS = 3;

/**
 * The products' words a typo away from `w`: the words closest to `w` as a
 * whole first ("lanp" is a letter off "lamp" but three off "lantern", which
 * it also starts a letter off), then those more products have, then
 * alphabetically; each as the products most often write it ("headphones",
 * not its stem "headphone").
 */
function corrections(catalogue: Pick<Catalogue, 'items' | 'categories'>, w: string): string[] {
  const names = new Map(catalogue.categories.map((c) => [c.slug, c.name]));
  const products = new Map<string, number>();
  const written = new Map<string, Map<string, number>>();
  for (const item of catalogue.items) {
    for (const h of new Set(itemWords(item, names.get(item.category)))) {
      if (!exactStart(w, h) && closeStart(w, h)) products.set(h, (products.get(h) ?? 0) + 1);
    }
    // How the product writes its words: its own text, so the category once (by name), not by its slug too.
    for (const as of surfaceWords(itemText(item, names.get(item.category)))) {
      const forms = written.get(stem(as)) ?? new Map<string, number>();
      written.set(stem(as), forms.set(as, (forms.get(as) ?? 0) + 1));
    }
  }
  const mostWritten = (h: string): string => [...(written.get(h) ?? [[h, 0]])].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const distance = new Map([...products.keys()].map((h) => [h, editDistance(w, h, w.length + h.length)]));
  return [...products].sort((a, b) => distance.get(a[0])! - distance.get(b[0])! || b[1] - a[1] || a[0].localeCompare(b[0])).map(([h]) => mostWritten(h));
}

/**
 * Queries to try for close matches: the mistyped words replaced by their
 * corrections, the first mistyped word's few best, every other's best, and
 * only queries that some product matches as typed.
 */
function suggest(catalogue: Pick<Catalogue, 'items' | 'categories'>, wanted: readonly string[]): string[] {
  // A word some product has as typed stays as it is.
  const fixes = wanted.map((w) => (matching(catalogue, [w], exactStart).length > 0 ? [w] : corrections(catalogue, w)));
  const first = fixes.findIndex((f, i) => f[0] !== wanted[i]);
  if (first < 0 || fixes.some((f) => f.length === 0)) return [];
  return fixes[first]!.map((fix) => wanted.map((w, i) => (i === first ? fix : fixes[i]![0]!)).join(' '))
    .filter((q) => searchCatalogue(catalogue, q).length > 0)
    .slice(0, MAX_SUGGESTIONS);
}

/**
 * The products that match the query ({@link searchCatalogue}), or, when none
 * does, those that match it with a typo forgiven in any of its words.
 * @example findProducts(catalogue, 'wacth') // { ids: [...watches], close: true, suggestions: ['watch'] }
 */
export function findProducts(catalogue: Pick<Catalogue, 'items' | 'categories'>, query: string): SearchResult {
  const exact = searchCatalogue(catalogue, query);
  if (exact.length > 0) return { ids: exact, close: false, suggestions: [] };
  const wanted = queryWords(query);
  const ids = matching(catalogue, wanted, closeStart);
  return { ids, close: wanted.length > 0, suggestions: ids.length > 0 ? suggest(catalogue, wanted) : [] };
}
