import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../engine/catalogue/types';
import { findProducts, MAX_QUERY_LENGTH, searchCatalogue, words } from './search';

const item = (id: string, title: string, category: string, more: Partial<CatalogueItem> = {}): CatalogueItem => ({
  id,
  title,
  category,
  brand: null,
  colour: null,
  price: 10,
  tags: [],
  description: '',
  ...more,
});

const catalogue = {
  categories: [
    { slug: 'shoes', name: 'Shoes' },
    { slug: 'watches', name: 'Watches' },
    { slug: 'coffee-tea', name: 'Coffee & Tea' },
  ],
  items: [
    item('p1', 'Alder Trail Boot', 'shoes', { brand: 'Alder & Co', colour: 'red', tags: ['outdoor', 'waterproof'] }),
    item('p2', 'Halvorsen Dive Watch', 'watches', { brand: 'Halvorsen', colour: 'green' }),
    item('p3', 'Crème Café Espresso Beans', 'coffee-tea', { brand: 'Crème', colour: null }),
    item('p4', 'Alder City Sneaker', 'shoes', { brand: 'Alder & Co', colour: 'white', tags: ['classic'] }),
  ],
};

describe('words', () => {
  it('lower-cases, drops accents and punctuation, and cuts plurals to a stem', () => {
    expect(words('Crème  Café, Espresso-Beans!')).toEqual(['creme', 'cafe', 'espresso', 'bean']);
    expect(words('Watches boxes dress bus')).toEqual(['watch', 'box', 'dress', 'bus']);
  });
});

describe('searchCatalogue', () => {
  it('finds products by title, brand, category name, colour and tag, in catalogue order', () => {
    expect(searchCatalogue(catalogue, 'boot')).toEqual(['p1']);
    expect(searchCatalogue(catalogue, 'alder')).toEqual(['p1', 'p4']);
    expect(searchCatalogue(catalogue, 'Shoes')).toEqual(['p1', 'p4']);
    expect(searchCatalogue(catalogue, 'green')).toEqual(['p2']);
    expect(searchCatalogue(catalogue, 'waterproof')).toEqual(['p1']);
    expect(searchCatalogue(catalogue, 'tea')).toEqual(['p3']);
  });

  it('needs every word, each as the start of a word of the product', () => {
    expect(searchCatalogue(catalogue, 'alder red')).toEqual(['p1']);
    expect(searchCatalogue(catalogue, 'alder green')).toEqual([]);
    expect(searchCatalogue(catalogue, 'snea')).toEqual(['p4']);
    // Inside a word is not a match.
    expect(searchCatalogue(catalogue, 'neaker')).toEqual([]);
  });

  it('matches plurals, accents and case either way', () => {
    expect(searchCatalogue(catalogue, 'WATCHES')).toEqual(['p2']);
    expect(searchCatalogue(catalogue, 'boots')).toEqual(['p1']);
    expect(searchCatalogue(catalogue, 'creme cafe')).toEqual(['p3']);
  });

  it('matches nothing for an empty or punctuation-only query, and reads at most the first 100 characters', () => {
    expect(searchCatalogue(catalogue, '')).toEqual([]);
    expect(searchCatalogue(catalogue, '  &!? ')).toEqual([]);
    expect(searchCatalogue(catalogue, `${'x'.repeat(MAX_QUERY_LENGTH)} zzzz`)).toEqual([]);
    expect(searchCatalogue(catalogue, `${' '.repeat(MAX_QUERY_LENGTH - 4)}boot nothing-after-the-limit`)).toEqual(['p1']);
  });
});

describe('findProducts', () => {
  it('answers with the exact matches when there are any', () => {
    expect(findProducts(catalogue, 'alder')).toEqual({ ids: ['p1', 'p4'], close: false, suggestions: [] });
  });

  it('forgives a letter missing, extra, wrong or two swapped, and says the matches are close', () => {
    expect(findProducts(catalogue, 'wacth')).toEqual({ ids: ['p2'], close: true, suggestions: ['watch'] });
    expect(findProducts(catalogue, 'sneakr')).toEqual({ ids: ['p4'], close: true, suggestions: ['sneaker'] });
    expect(findProducts(catalogue, 'boott')).toEqual({ ids: ['p1'], close: true, suggestions: ['boot'] });
    expect(findProducts(catalogue, 'waterprof')).toEqual({ ids: ['p1'], close: true, suggestions: ['waterproof'] });
    // Every word must still match, one typo per word: "alder" as typed, "sneaker" a letter off.
    expect(findProducts(catalogue, 'alder sneker')).toEqual({ ids: ['p4'], close: true, suggestions: ['alder sneaker'] });
  });

  it('suggests queries that name what the close matches have, the words more products have first', () => {
    const shop = {
      categories: catalogue.categories,
      items: [
        ...catalogue.items,
        item('p5', 'Lumen Desk Lamp', 'shoes'),
        item('p6', 'Lumen Floor Lamp', 'shoes'),
        item('p7', 'Tinker Lab Puzzle', 'shoes'),
        item('p8', 'Hush Studio Headphones', 'shoes'),
      ],
    };
    // Offered as the products write it, not as its stem ("headphone").
    expect(findProducts(shop, 'headphnes').suggestions).toEqual(['headphones']);
    // "lamb": a letter off "lamp" (two products) and "lab" (one).
    expect(findProducts(shop, 'lamb')).toEqual({ ids: ['p5', 'p6', 'p7'], close: true, suggestions: ['lamp', 'lab'] });
    // Only the mistyped word changes; a word typed right stays.
    expect(findProducts(shop, 'desk lamb').suggestions).toEqual(['desk lamp']);
  });

  it('suggests the word closest to what was typed before a commoner one', () => {
    const shop = {
      categories: catalogue.categories,
      items: [...catalogue.items, item('p5', 'Lumen Desk Lamp', 'shoes'), item('p6', 'Storm Lantern', 'shoes'), item('p7', 'Hanging Lantern', 'shoes')],
    };
    // "lanp" starts a letter off both; as a whole word it is one edit from "lamp", three from "lantern".
    expect(findProducts(shop, 'lanp')).toEqual({ ids: ['p5', 'p6', 'p7'], close: true, suggestions: ['lamp', 'lantern'] });
  });

  it('forgives two edits only in long words, and none in short words or in the first letter', () => {
    expect(findProducts(catalogue, 'espreso').ids).toEqual(['p3']);
    // Seven letters, two edits (a swap and a drop): too far.
    expect(findProducts(catalogue, 'esprsoo').ids).toEqual([]);
    // Nine letters, the same two edits: close enough.
    expect(findProducts(catalogue, 'watreprof').ids).toEqual(['p1']);
    expect(findProducts(catalogue, 'rde')).toEqual({ ids: [], close: true, suggestions: [] });
    expect(findProducts(catalogue, 'swatch')).toEqual({ ids: [], close: true, suggestions: [] });
    expect(findProducts(catalogue, 'zebra')).toEqual({ ids: [], close: true, suggestions: [] });
    expect(findProducts(catalogue, ' ! ')).toEqual({ ids: [], close: false, suggestions: [] });
  });
});
