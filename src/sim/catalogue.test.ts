import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AD_COUNT, COLOURS, generateCatalogue, TAGS } from './catalogue';

const cat = generateCatalogue();

describe('generateCatalogue', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateCatalogue(7)).toEqual(cat);
    const other = generateCatalogue(8);
    expect(other.seed).toBe(8);
    expect(other.items.map((i) => i.title)).not.toEqual(cat.items.map((i) => i.title));
  });

  it('has the catalogue header the engine expects', () => {
    expect(cat.format).toBe(1);
    expect(cat.seed).toBe(7);
    expect(cat.currency).toBe('EUR');
  });

  it('has at least 14 categories of 36–44 items each, 560+ items in all, with ids p0001…', () => {
    expect(cat.categories.length).toBeGreaterThanOrEqual(14);
    expect(new Set(cat.categories.map((c) => c.slug)).size).toBe(cat.categories.length);
    for (const c of cat.categories) {
      expect(c.name.length).toBeGreaterThan(2);
      const n = cat.items.filter((i) => i.category === c.slug).length;
      expect(n).toBeGreaterThanOrEqual(36);
      expect(n).toBeLessThanOrEqual(44);
    }
    expect(cat.items.length).toBeGreaterThanOrEqual(560);
    expect(cat.items.map((i) => i.id)).toEqual(cat.items.map((_, k) => `p${String(k + 1).padStart(4, '0')}`));
    const slugs = new Set(cat.categories.map((c) => c.slug));
    for (const i of cat.items) expect(slugs.has(i.category)).toBe(true);
  });

  it('uses 4–7 brands per category, some brands in two categories', () => {
    const categoriesOf = new Map<string, Set<string>>();
    for (const c of cat.categories) {
      const brands = new Set(cat.items.filter((i) => i.category === c.slug && i.brand !== null).map((i) => i.brand as string));
      expect(brands.size).toBeGreaterThanOrEqual(4);
      expect(brands.size).toBeLessThanOrEqual(7);
      for (const b of brands) categoriesOf.set(b, (categoriesOf.get(b) ?? new Set()).add(c.slug));
    }
    const spanning = [...categoriesOf.values()].filter((s) => s.size === 2).length;
    expect(spanning).toBeGreaterThanOrEqual(3);
    expect([...categoriesOf.values()].every((s) => s.size <= 2)).toBe(true);
  });

  it('has exactly the intended missing-value rates (4 % brand, 3 % price, 5 % colour)', () => {
    const n = cat.items.length;
    expect(cat.items.filter((i) => i.brand === null).length).toBe(Math.round(0.04 * n));
    expect(cat.items.filter((i) => i.price === null).length).toBe(Math.round(0.03 * n));
    expect(cat.items.filter((i) => i.colour === null).length).toBe(Math.round(0.05 * n));
  });

  it('uses the 12 colours and 2–4 tags per item from a 30-tag vocabulary', () => {
    expect(COLOURS.length).toBe(12);
    expect(TAGS.length).toBe(30);
    const colours = new Set(cat.items.flatMap((i) => (i.colour ? [i.colour] : [])));
    expect(colours).toEqual(new Set(COLOURS));
    const vocab = new Set<string>(TAGS);
    for (const i of cat.items) {
      expect(i.tags.length).toBeGreaterThanOrEqual(2);
      expect(i.tags.length).toBeLessThanOrEqual(4);
      expect(new Set(i.tags).size).toBe(i.tags.length);
      for (const t of i.tags) expect(vocab.has(t)).toBe(true);
      expect(i.tags.includes('budget') && i.tags.includes('premium')).toBe(false);
    }
    // Every tag is used, none by nearly everything.
    const used = new Map<string, number>();
    for (const i of cat.items) for (const t of i.tags) used.set(t, (used.get(t) ?? 0) + 1);
    expect(used.size).toBe(30);
    expect(Math.max(...used.values())).toBeLessThan(cat.items.length / 3);
  });

  it('prices like a shop: positive, ending in .99 or .00, watches far above books', () => {
    const priced = cat.items.filter((i) => i.price !== null);
    for (const i of priced) {
      const p = i.price as number;
      expect(p).toBeGreaterThan(0);
      const cents = Math.round(p * 100) % 100;
      expect([0, 99]).toContain(cents);
    }
    const median = (slug: string): number => {
      const ps = priced
        .filter((i) => i.category === slug)
        .map((i) => i.price as number)
        .sort((a, b) => a - b);
      return ps[Math.floor(ps.length / 2)] as number;
    };
    expect(median('watches')).toBeGreaterThan(5 * median('books'));
    expect(median('jackets')).toBeGreaterThan(2 * median('skincare'));
  });

  it('writes unique titles naming the brand and a description of one or two sentences', () => {
    expect(new Set(cat.items.map((i) => i.title)).size).toBe(cat.items.length);
    for (const i of cat.items) {
      if (i.brand !== null) expect(i.title.startsWith(i.brand)).toBe(true);
      const sentences = i.description.split(/(?<=\.)\s+/);
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(2);
      expect(i.description.endsWith('.')).toBe(true);
    }
  });

  it(`has ${AD_COUNT} ads with valid, distinct, branded items, bids in [0.2, 2.5] and short headlines`, () => {
    expect(cat.ads.length).toBeGreaterThanOrEqual(24);
    expect(cat.ads.map((a) => a.id)).toEqual(cat.ads.map((_, k) => `ad${String(k + 1).padStart(2, '0')}`));
    const byId = new Map(cat.items.map((i) => [i.id, i]));
    for (const ad of cat.ads) {
      expect(byId.get(ad.itemId)?.brand).toBeTruthy();
      expect(ad.bid).toBeGreaterThanOrEqual(0.2);
      expect(ad.bid).toBeLessThanOrEqual(2.5);
      expect(ad.headline.length).toBeGreaterThan(5);
      expect(ad.headline.length).toBeLessThanOrEqual(60);
    }
    expect(new Set(cat.ads.map((a) => a.itemId)).size).toBe(cat.ads.length);
    // Every category has at least one ad, so category pages can show a relevant one.
    const adCategories = new Set(cat.ads.map((a) => byId.get(a.itemId)?.category));
    expect(adCategories.size).toBe(cat.categories.length);
  });

  it('writes typographic apostrophes in everything the shopper reads', () => {
    const texts = [...cat.items.flatMap((i) => [i.title, i.description]), ...cat.ads.map((a) => a.headline)];
    expect(texts.filter((t) => t.includes("'"))).toEqual([]);
    expect(texts.some((t) => t.includes('’'))).toBe(true);
  });

  it('is what the shop serves: public/catalogue.json is the seed-7 catalogue', () => {
    const served: unknown = JSON.parse(readFileSync(new URL('../../public/catalogue.json', import.meta.url), 'utf8'));
    expect(served).toEqual(cat);
  });
});
