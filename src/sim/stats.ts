/**
 * A catalogue indexed for the simulator: dense arrays instead of objects, so
 * the click model evaluates a few hundred thousand (shopper, item) pairs per
 * second. Works for any {@link Catalogue}, not only generated ones.
 */
import type { AdCreative, Catalogue } from '../engine/catalogue/types';
import { TAGS } from './vocab';

/** Dense per-item arrays and per-category summaries of a catalogue. */
export interface CatalogueStats {
  /** Category slugs: the catalogue's categories, then any slug only items use. */
  readonly categories: readonly string[];
  /** Tag vocabulary: {@link TAGS}, then any other tag items carry. */
  readonly tags: readonly string[];
  /** Item id → dense index (the catalogue's item order). */
  readonly itemIndex: ReadonlyMap<string, number>;
  /** Item ids by dense index. */
  readonly itemIds: readonly string[];
  /** Category index per item. */
  readonly itemCategory: Int32Array;
  readonly itemBrand: readonly (string | null)[];
  readonly itemColour: readonly (string | null)[];
  /**
   * Log price standardised within the item's category ((ln p − mean) / sd),
   * NaN when the price is missing. 0 is a typical price for the category.
   */
  readonly itemPriceZ: Float64Array;
  /** Tag indices per item. */
  readonly itemTags: readonly (readonly number[])[];
  /** Item ids per category index, in catalogue order. */
  readonly categoryItems: readonly (readonly string[])[];
  /** Share of a category's items carrying each tag: `[category][tag]`. */
  readonly categoryTagShare: readonly Float64Array[];
  /** Distinct brands per category index, in first-seen order. */
  readonly categoryBrands: readonly (readonly string[])[];
  /** Colours that occur, in first-seen order. */
  readonly colours: readonly string[];
  /** Creative by ad id. */
  readonly adsById: ReadonlyMap<string, AdCreative>;
}

/**
 * Indexes a catalogue for the simulator.
 *
 * @param catalogue Any catalogue; item categories missing from
 *   `catalogue.categories` are added at the end rather than rejected.
 * @returns The dense view; the catalogue itself is not modified.
 * @example
 * const stats = computeCatalogueStats(generateCatalogue());
 * stats.itemPriceZ[stats.itemIndex.get('p0001')!] // ≈ 0 for a typical price
 */
export function computeCatalogueStats(catalogue: Catalogue): CatalogueStats {
  const categories = catalogue.categories.map((c) => c.slug);
  const catIndex = new Map(categories.map((slug, i) => [slug, i]));
  const tags: string[] = [...TAGS];
  const tagIndex = new Map(tags.map((t, i) => [t, i]));
  const colours: string[] = [];

  const items = catalogue.items;
  const itemCategory = new Int32Array(items.length);
  const itemTags: number[][] = [];
  items.forEach((item, i) => {
    let c = catIndex.get(item.category);
    if (c === undefined) {
      c = categories.length;
      categories.push(item.category);
      catIndex.set(item.category, c);
    }
    itemCategory[i] = c;
    itemTags.push(
      item.tags.map((t) => {
        let k = tagIndex.get(t);
        if (k === undefined) {
          k = tags.length;
          tags.push(t);
          tagIndex.set(t, k);
        }
        return k;
      }),
    );
    if (item.colour !== null && !colours.includes(item.colour)) colours.push(item.colour);
  });

  const categoryItems: string[][] = categories.map(() => []);
  const categoryBrands: string[][] = categories.map(() => []);
  const tagCounts = categories.map(() => new Float64Array(tags.length));
  const logSum = new Float64Array(categories.length);
  const logSq = new Float64Array(categories.length);
  const priced = new Float64Array(categories.length);
  items.forEach((item, i) => {
    const c = itemCategory[i] as number;
    (categoryItems[c] as string[]).push(item.id);
    const brands = categoryBrands[c] as string[];
    if (item.brand !== null && !brands.includes(item.brand)) brands.push(item.brand);
    for (const k of itemTags[i] as number[]) (tagCounts[c] as Float64Array)[k]! += 1;
    if (item.price !== null && item.price > 0) {
      const lp = Math.log(item.price);
      logSum[c]! += lp;
      logSq[c]! += lp * lp;
      priced[c]! += 1;
    }
  });

  const itemPriceZ = new Float64Array(items.length);
  items.forEach((item, i) => {
    const c = itemCategory[i] as number;
    const n = priced[c] as number;
    if (item.price === null || !(item.price > 0) || n === 0) {
      itemPriceZ[i] = Number.NaN;
      return;
    }
    const mean = (logSum[c] as number) / n;
    // A floor on the spread keeps a category of identical prices from dividing by 0.
    const sd = Math.max(0.05, Math.sqrt(Math.max(0, (logSq[c] as number) / n - mean * mean)));
    itemPriceZ[i] = (Math.log(item.price) - mean) / sd;
  });

  const categoryTagShare = tagCounts.map((counts, c) => {
    const size = Math.max(1, (categoryItems[c] as string[]).length);
    return counts.map((x) => x / size);
  });

  return {
    categories,
    tags,
    itemIndex: new Map(items.map((it, i) => [it.id, i])),
    itemIds: items.map((it) => it.id),
    itemCategory,
    itemBrand: items.map((it) => it.brand),
    itemColour: items.map((it) => it.colour),
    itemPriceZ,
    itemTags,
    categoryItems,
    categoryTagShare,
    categoryBrands,
    colours,
    adsById: new Map(catalogue.ads.map((ad) => [ad.id, ad])),
  };
}
