import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../engine/catalogue/types';
import { facetOptions, isFiltered, NO_FILTERS, parseFilters, passes, withFilters } from './filters';

const item = (id: string, brand: string | null, colour: string | null): CatalogueItem => ({
  id,
  title: id,
  category: 'shoes',
  brand,
  colour,
  price: 10,
  tags: [],
  description: '',
});

const shoes = [
  item('a', 'Northvale', 'navy'),
  item('b', 'Northvale', 'red'),
  item('c', 'Bright Step', 'navy'),
  item('d', null, 'navy'),
  item('e', 'Bright Step', null),
];

describe('filters', () => {
  it('reads a brand and a colour from the URL, and nothing from empty values', () => {
    expect(parseFilters('?brand=Strider+%26+Co&colour=%20navy%20')).toEqual({ category: null, brand: 'Strider & Co', colour: 'navy' });
    expect(parseFilters('?brand=&sort=price-asc')).toEqual(NO_FILTERS);
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ category: null, brand: null, colour: 'red' })).toBe(true);
  });

  it('sets and removes them in a path, other parameters kept, and reads back what it wrote', () => {
    const path = withFilters('/c/shoes?sort=price-asc', { category: null, brand: 'Strider & Co', colour: null });
    expect(path).toBe('/c/shoes?sort=price-asc&brand=Strider+%26+Co');
    expect(parseFilters(new URL(path, 'http://x').search)).toEqual({ category: null, brand: 'Strider & Co', colour: null });
    expect(withFilters('/c/shoes?brand=X&colour=red&sort=price-asc', NO_FILTERS)).toBe('/c/shoes?sort=price-asc');
  });

  it('passes a product that has every value asked for; one without a brand or colour passes only "any"', () => {
    const navy = { category: null, brand: null, colour: 'navy' };
    expect(shoes.filter((i) => passes(i, navy)).map((i) => i.id)).toEqual(['a', 'c', 'd']);
    expect(shoes.filter((i) => passes(i, { category: null, brand: 'Northvale', colour: 'navy' })).map((i) => i.id)).toEqual(['a']);
    expect(shoes.filter((i) => passes(i, NO_FILTERS))).toHaveLength(shoes.length);
  });

  it('narrows to a category, and counts each category under the other filters', () => {
    const mixed = [...shoes, { ...item('z', 'Northvale', 'navy'), category: 'bags' }];
    const bags = { category: 'bags', brand: null, colour: null };
    expect(mixed.filter((i) => passes(i, bags)).map((i) => i.id)).toEqual(['z']);
    expect(parseFilters('?category=bags')).toEqual(bags);
    expect(facetOptions(mixed, { category: null, brand: 'Bright Step', colour: null }).category).toEqual([
      { value: 'bags', count: 0 },
      { value: 'shoes', count: 2 },
    ]);
  });

  it('counts each value under the other filter, by name, and lists a value asked for that no product has', () => {
    expect(facetOptions(shoes, NO_FILTERS)).toEqual({
      category: [{ value: 'shoes', count: 5 }],
      brand: [
        { value: 'Bright Step', count: 2 },
        { value: 'Northvale', count: 2 },
      ],
      colour: [
        { value: 'navy', count: 3 },
        { value: 'red', count: 1 },
      ],
    });
    // Navy chosen: the brands count their navy products; the colours count as if no colour were chosen.
    const navy = facetOptions(shoes, { category: null, brand: null, colour: 'navy' });
    expect(navy.brand).toEqual([
      { value: 'Bright Step', count: 1 },
      { value: 'Northvale', count: 1 },
    ]);
    expect(navy.colour).toEqual(facetOptions(shoes, NO_FILTERS).colour);
    expect(facetOptions(shoes, { category: null, brand: 'Gone', colour: null }).brand).toContainEqual({ value: 'Gone', count: 0 });
    expect(facetOptions(shoes, { category: null, brand: 'Gone', colour: null }).colour.every((o) => o.count === 0)).toBe(true);
  });
});
