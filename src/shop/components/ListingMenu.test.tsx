import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../engine/catalogue/types';
import { FilterMenus, ListingTools, SortMenu } from './ListingMenu';

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

describe('ListingTools', () => {
  const shoes = [item('a', 'Northvale', 'navy'), item('b', 'Northvale', 'red'), item('c', 'Bright Step', 'navy')];
  const tools = (filters: { category: string | null; brand: string | null; colour: string | null }, shown: number): string =>
    renderToStaticMarkup(<ListingTools items={shoes} filters={filters} categoryName={name} sort="recommended" shown={shown} clearTo="/c/shoes" />);

  it('offers "Clear filters" only while a filter is set, and the order only with two products or more to order', () => {
    const none = tools({ category: null, brand: null, colour: null }, 3);
    expect(none).not.toContain('clear-filters');
    expect(none).toContain('data-testid="sort"');
    const one = tools({ category: null, brand: 'Bright Step', colour: null }, 1);
    expect(one).toMatch(/<a [^>]*data-testid="clear-filters" href="\/c\/shoes">Clear filters<\/a>/);
    expect(one).not.toContain('data-testid="sort"');
  });

  it('is left out for a listing of one product', () => {
    expect(
      renderToStaticMarkup(
        <ListingTools
          items={shoes.slice(0, 1)}
          filters={{ category: null, brand: null, colour: null }}
          categoryName={name}
          sort="recommended"
          shown={1}
          clearTo="/c/shoes"
        />,
      ),
    ).toBe('');
  });
});
