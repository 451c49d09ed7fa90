import { describe, expect, it } from 'vitest';
import { NO_FILTERS } from './filters';
import { categoryPath, homePath, parseRoute, productPath, searchPath } from './router';

describe('parseRoute', () => {
  it('maps every shop path to its page', () => {
    expect(parseRoute('/', '')).toEqual({ name: 'home', tag: null, sort: 'recommended' });
    expect(parseRoute('/', '?tag=outdoor')).toEqual({ name: 'home', tag: 'outdoor', sort: 'recommended' });
    expect(parseRoute('/', '?tag=%20Outdoor%20&sort=price-asc')).toEqual({ name: 'home', tag: 'outdoor', sort: 'price-asc' });
    expect(parseRoute('/', '?tag=%20')).toEqual({ name: 'home', tag: null, sort: 'recommended' });
    expect(parseRoute('/c/shoes', '')).toEqual({ name: 'category', slug: 'shoes', sort: 'recommended', filters: NO_FILTERS });
    expect(parseRoute('/c/shoes', '?sort=price-asc')).toEqual({ name: 'category', slug: 'shoes', sort: 'price-asc', filters: NO_FILTERS });
    expect(parseRoute('/c/shoes', '?sort=cheapest')).toEqual({ name: 'category', slug: 'shoes', sort: 'recommended', filters: NO_FILTERS });
    expect(parseRoute('/c/shoes', '?colour=navy&brand=Strider+%26+Co')).toEqual({
      name: 'category',
      slug: 'shoes',
      sort: 'recommended',
      filters: { ...NO_FILTERS, brand: 'Strider & Co', colour: 'navy' },
    });
    expect(parseRoute('/p/p0042/', '')).toEqual({ name: 'product', id: 'p0042' });
    expect(parseRoute('/cart', '')).toEqual({ name: 'cart' });
    expect(parseRoute('/checkout', '')).toEqual({ name: 'cart' });
    expect(parseRoute('/order', '')).toEqual({ name: 'order' });
    expect(parseRoute('/privacy/', '')).toEqual({ name: 'privacy' });
    expect(parseRoute('/search', '?q=+red+boots+')).toEqual({ name: 'search', q: 'red boots', sort: 'recommended', filters: NO_FILTERS });
    expect(parseRoute('/search', '?q=boots&sort=PRICE-DESC&category=shoes')).toEqual({
      name: 'search',
      q: 'boots',
      sort: 'price-desc',
      filters: { ...NO_FILTERS, category: 'shoes' },
    });
    expect(parseRoute('/search', '')).toEqual({ name: 'search', q: '', sort: 'recommended', filters: NO_FILTERS });
  });

  it('gives not-found for unknown or malformed paths', () => {
    expect(parseRoute('/x/y', '').name).toBe('not-found');
    expect(parseRoute('/p/%E0%A4%A', '').name).toBe('not-found'); // bad percent-encoding
    expect(parseRoute('/c/a/b', '').name).toBe('not-found');
  });

  it('round-trips ids that need encoding', () => {
    const id = 'p 1/2?';
    const url = new URL(productPath(id), 'http://x');
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'product', id });
    expect(categoryPath('home & garden')).toBe('/c/home%20%26%20garden');
    const home = new URL(homePath('eco & fair'), 'http://x');
    expect(parseRoute(home.pathname, home.search)).toEqual({ name: 'home', tag: 'eco & fair', sort: 'recommended' });
    const search = new URL(searchPath(' tea & coffee? '), 'http://x');
    expect(parseRoute(search.pathname, search.search)).toEqual({ name: 'search', q: 'tea & coffee?', sort: 'recommended', filters: NO_FILTERS });
  });
});
