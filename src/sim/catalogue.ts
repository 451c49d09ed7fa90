/**
 * Generates the invented shop's catalogue: sixteen categories of plausible
 * products with brands, colours, prices, tags and a few missing values, plus
 * sponsored creatives. Pure and seeded: the same seed gives a deep-equal
 * catalogue, which is how `public/catalogue.json` is reproduced.
 */
import type { AdCreative, Catalogue, CatalogueItem } from '../engine/catalogue/types';
import { Rng } from './random';
import {
  BRAND_SPECS,
  CATEGORY_SPECS,
  COLOURS,
  LINE_NAMES,
  TAG_SENTENCES,
  TAGS,
  type BrandSpec,
  type CategorySpec,
  type DescriptorSpec,
  type NounSpec,
  type Tag,
} from './vocab';

export { COLOURS, TAGS } from './vocab';

/** Share of items generated without a brand (the model must cope with it). */
export const MISSING_BRAND_RATE = 0.04;
/** Share of items generated without a price. */
export const MISSING_PRICE_RATE = 0.03;
/** Share of items generated without a colour. */
export const MISSING_COLOUR_RATE = 0.05;
/** Number of sponsored creatives in a generated catalogue. */
export const AD_COUNT = 28;

/** Everything about an item that is decided before ids are assigned. */
interface Draft {
  category: CategorySpec;
  brand: BrandSpec | null;
  noun: NounSpec;
  descriptor: DescriptorSpec;
  colour: string | null;
  price: number | null;
  tags: Tag[];
  title: string;
}

/**
 * Shop-style price rounding: x.99 below 100, whole fives (sometimes minus a
 * cent) above, so prices look like 18.99, 64.99, 125.00 or 249.99.
 */
function shopPrice(raw: number, rng: Rng): number {
  if (raw < 100) return Math.round((Math.max(1, Math.round(raw)) - 0.01) * 100) / 100;
  const fives = Math.max(100, Math.round(raw / 5) * 5);
  return rng.chance(0.5) ? fives : Math.round((fives - 0.01) * 100) / 100;
}

/** "Waterproof" reads as "waterproof" in a sentence; "STEM" and "Vitamin C" keep their case. */
function inSentence(word: string): string {
  const keepCase = /[A-Z]{2}/.test(word) || /(^|\s)[A-Z](\s|$)/.test(word);
  return keepCase ? word : word.toLowerCase();
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "A ceramic desk lamp", "An enamelled skillet", but "Rattan string lights". */
function withArticle(phrase: string, noun: string): string {
  const plural = /[^s]s$/.test(noun);
  if (plural) return capitalise(phrase);
  return `${/^[aeiou]/i.test(phrase) ? 'An' : 'A'} ${phrase}`;
}

/**
 * Tags in priority order: what the title says (descriptor), the brand's style,
 * the category's typical tags, a price signal, then one random lifestyle tag;
 * the first 2–4 distinct ones are kept. Budget and premium never appear
 * together because a shopper would not believe it.
 */
function chooseTags(draft: Omit<Draft, 'tags' | 'title'>, priceRatio: number | null, rng: Rng): Tag[] {
  const wanted: Tag[] = [...draft.descriptor.tags];
  if (draft.brand) wanted.push(rng.pick(draft.brand.style));
  wanted.push(...rng.sample(draft.category.tags, 2));
  if (priceRatio !== null && priceRatio < 0.6) wanted.push('budget');
  if (priceRatio !== null && priceRatio > 1.7) wanted.push('premium');
  if (rng.chance(0.4)) wanted.splice(rng.intBetween(1, wanted.length), 0, rng.pick(TAGS));
  const target = rng.intBetween(2, 4);
  const out: Tag[] = [];
  for (const tag of wanted) {
    if (out.length >= target) break;
    if (out.includes(tag)) continue;
    if ((tag === 'budget' && out.includes('premium')) || (tag === 'premium' && out.includes('budget'))) continue;
    out.push(tag);
  }
  return out;
}

function describe(draft: Draft): string {
  const thing = `${inSentence(draft.descriptor.word)} ${draft.noun.noun.toLowerCase()}`;
  const by = draft.brand ? ` by ${draft.brand.name}` : '';
  const colour = draft.colour ? ` in ${draft.colour}` : '';
  // The second sentence comes from a tag the title does not already say,
  // preferring the brand's or category's own over the random lifestyle tag.
  const fresh = draft.tags.filter((t) => !draft.descriptor.tags.includes(t));
  const own = fresh.find((t) => draft.brand?.style.includes(t) || draft.category.tags.includes(t));
  const tag = own ?? fresh[0] ?? draft.tags[0] ?? 'everyday';
  return `${withArticle(thing, draft.noun.noun)}${by}${colour}. ${TAG_SENTENCES[tag]}`;
}

function headline(item: CatalogueItem, draft: Draft, rng: Rng): string {
  const noun = draft.noun.noun;
  const brand = item.brand ?? 'Our studio';
  const options = [
    `New from ${brand}: the ${draft.descriptor.word} ${noun}`,
    `This season’s ${noun.toLowerCase()}, by ${brand}`,
    `${brand} ${noun}: ${TAG_SENTENCES[rng.pick(item.tags as Tag[])].replace(/\.$/, '').toLowerCase()}`,
  ];
  if (item.price !== null) options.push(`${draft.descriptor.word} ${noun}, now €${item.price.toFixed(2)}`);
  // An ad slot has room for one short line.
  const short = options.filter((o) => o.length <= 60);
  return short.length > 0 ? rng.pick(short) : `${brand} ${noun}`;
}

/** Picks `round(rate * n)` distinct indices, so missing-value rates are exact, not just expected. */
function exactSubset(n: number, rate: number, rng: Rng): Set<number> {
  const indices = Array.from({ length: n }, (_, i) => i);
  return new Set(rng.sample(indices, Math.round(rate * n)));
}

/**
 * Generates the shop's catalogue.
 *
 * Sixteen categories of 36–44 items each (576–704 items), 4–7 invented brands
 * per category, twelve colours, log-normal prices per category rounded the
 * way shops round them, 2–4 lifestyle tags per item, and {@link AD_COUNT}
 * sponsored creatives for distinct branded items. Exactly 4 % of items have
 * no brand, 3 % no price and 5 % no colour.
 *
 * @param seed Seed of the generator; stored in the result.
 * @returns A `format: 1` catalogue with items sorted by id (`p0001`, …).
 * @example
 * const cat = generateCatalogue();      // seed 7, the shipped catalogue
 * cat.items.length;                     // ≈ 640
 * generateCatalogue(7) deep-equals generateCatalogue(7)
 */
export function generateCatalogue(seed = 7): Catalogue {
  const root = new Rng(seed).fork('catalogue');
  const sizeRng = root.fork('sizes');
  const sizes = CATEGORY_SPECS.map(() => sizeRng.intBetween(36, 44));
  const total = sizes.reduce((s, x) => s + x, 0);

  const missingRng = root.fork('missing');
  const noBrand = exactSubset(total, MISSING_BRAND_RATE, missingRng);
  const noPrice = exactSubset(total, MISSING_PRICE_RATE, missingRng);
  const noColour = exactSubset(total, MISSING_COLOUR_RATE, missingRng);

  const rng = root.fork('items');
  const titles = new Set<string>();
  const drafts: Draft[] = [];
  let index = 0;
  CATEGORY_SPECS.forEach((category, c) => {
    const brands = BRAND_SPECS.filter((b) => b.categories.includes(category.slug));
    for (let k = 0; k < (sizes[c] as number); k++, index++) {
      const brand = noBrand.has(index) ? null : rng.pick(brands);
      const noun = rng.pick(category.nouns);
      // "Illustrated Illustrated Atlas" is not a product; skip descriptors the noun already says.
      const descriptor = rng.pick(category.descriptors.filter((x) => !noun.noun.includes(x.word)));
      const colour = noColour.has(index) ? null : rng.pick(COLOURS);
      const raw = category.medianPrice * noun.price * (descriptor.price ?? 1) * (brand?.tier ?? 0.9) * Math.exp(rng.normal(0, category.priceSpread));
      const price = noPrice.has(index) ? null : shopPrice(raw, rng);
      const ratio = price === null ? null : price / (category.medianPrice * noun.price * (descriptor.price ?? 1));
      const base = { category, brand, noun, descriptor, colour, price };
      const tags = chooseTags(base, ratio, rng);

      const showColour = colour !== null && rng.chance(0.35);
      const parts = [
        brand?.name,
        rng.chance(0.3) ? rng.pick(LINE_NAMES) : undefined,
        showColour && colour ? capitalise(colour) : undefined,
        descriptor.word,
        noun.noun,
      ];
      let title = parts.filter((p): p is string => p !== undefined).join(' ');
      // Real shops add a line name when two products would share a title.
      for (let tries = 0; titles.has(title) && tries < 8; tries++) {
        const line = rng.pick(LINE_NAMES);
        title = [brand?.name, line, showColour && colour ? capitalise(colour) : undefined, descriptor.word, noun.noun]
          .filter((p): p is string => p !== undefined)
          .join(' ');
      }
      for (let edition = 2; titles.has(title); edition++) title = `${title.replace(/ \d+$/, '')} ${edition}`;
      titles.add(title);
      drafts.push({ ...base, tags, title });
    }
  });

  // Ids are assigned in shuffled order so an id says nothing about the category.
  const order = root.fork('ids').shuffle(drafts.map((_, i) => i));
  const items: CatalogueItem[] = [];
  const draftOf = new Map<string, Draft>();
  order.forEach((draftIndex, k) => {
    const draft = drafts[draftIndex] as Draft;
    const id = `p${String(k + 1).padStart(4, '0')}`;
    draftOf.set(id, draft);
    items.push({
      id,
      title: draft.title,
      category: draft.category.slug,
      brand: draft.brand?.name ?? null,
      colour: draft.colour,
      price: draft.price,
      tags: draft.tags,
      description: describe(draft),
    });
  });

  const adRng = root.fork('ads');
  const branded = items.filter((it) => it.brand !== null);
  // One ad per category first so every category page can show a relevant ad,
  // then the rest at random; a product is sponsored at most once, so an ad
  // event's item identifies its creative.
  const chosen: CatalogueItem[] = CATEGORY_SPECS.map((c) => adRng.pick(branded.filter((it) => it.category === c.slug)));
  const rest = adRng.shuffle(branded.filter((it) => !chosen.includes(it)));
  chosen.push(...rest.slice(0, AD_COUNT - chosen.length));
  adRng.shuffle(chosen);
  const ads: AdCreative[] = chosen.map((item, k) => {
    const priceish = item.price ?? 40;
    const bid = Math.min(2.5, Math.max(0.2, 0.15 * Math.sqrt(priceish) * adRng.float(0.6, 1.4)));
    return {
      id: `ad${String(k + 1).padStart(2, '0')}`,
      itemId: item.id,
      bid: Math.round(bid * 100) / 100,
      headline: headline(item, draftOf.get(item.id) as Draft, adRng),
    };
  });

  return {
    format: 1,
    seed,
    currency: 'EUR',
    categories: CATEGORY_SPECS.map((c) => ({ slug: c.slug, name: c.name })),
    items,
    ads,
  };
}
