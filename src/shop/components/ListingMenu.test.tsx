import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../engine/catalogue/types';
import { FilterMenus, SortMenu } from './ListingMenu';

const name = (slug: string): string => ({ shoes: 'Shoes', bags: 'Bags & Backpacks' })[slug] ?? slug;
const item = (id: string, brand: string | null, colour: string | null, category = 'shoes'): CatalogueItem => ({
  id,
  title: id,
  category,
  brand,
  colour,
  price: 10,
  tags: [],
  description: '',
});
const options = (html: string, testId: string): string[] => {
  const select = new RegExp(`<select[^>]*data-testid="${testId}"[^>]*>(.*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)].map(([, attrs, label]) => `${label}${attrs!.includes('disabled') ? ' [disabled]' : ''}`);
};

describe('FilterMenus', () => {
  const shoes = [item('a', 'Northvale', 'navy'), item('b', 'Northvale', 'red'), item('c', 'Bright Step', 'navy')];

  it('lists each brand and colour with the products it would show, and greys out the ones that would show none', () => {
    const html = renderToStaticMarkup(<FilterMenus categoryName={name} items={shoes} filters={{ category: null, brand: 'Bright Step', colour: null }} />);
    expect(options(html, 'filter-brand')).toEqual(['All brands', 'Bright Step (1)', 'Northvale (2)']);
    // Bright Step has no red product.
    expect(options(html, 'filter-colour')).toEqual(['All colours', 'Navy (1)', 'Red (0) [disabled]']);
    expect(html).toContain('<label');
  });

  it('names the categories of a listing that spans several, and counts their products', () => {
    const html = renderToStaticMarkup(
      <FilterMenus
        categoryName={name}
        items={[item('a', 'Northvale', 'navy'), item('b', 'Linnea', 'navy', 'bags')]}
        filters={{ category: 'bags', brand: null, colour: null }}
      />,
    );
    expect(options(html, 'filter-category')).toEqual(['All categories', 'Bags &amp; Backpacks (1)', 'Shoes (1)']);
    // Within bags, Northvale has nothing.
    expect(options(html, 'filter-brand')).toEqual(['All brands', 'Linnea (1)', 'Northvale (0) [disabled]']);
  });

  it('offers no menu with a single value to choose', () => {
    const html = renderToStaticMarkup(
      <FilterMenus
        categoryName={name}
        items={[item('a', 'Northvale', 'navy'), item('b', 'Northvale', 'red')]}
        filters={{ category: null, brand: null, colour: null }}
      />,
    );
    expect(html).not.toContain('filter-brand');
    expect(html).not.toContain('filter-category');
    expect(options(html, 'filter-colour')).toEqual(['All colours', 'Navy (1)', 'Red (1)']);
  });
});

describe('SortMenu', () => {
  it('offers the ranking and both price orders, labelled', () => {
    const html = renderToStaticMarkup(<SortMenu sort="price-desc" />);
    expect(options(html, 'sort')).toEqual(['Recommended for you', 'Price: low to high', 'Price: high to low']);
    expect(html).toMatch(/<label[^>]*>Sort by<\/label>/);
  });
});
