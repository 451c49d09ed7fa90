import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AdCreative, CatalogueItem } from '../../engine/catalogue/types';
import { AdCard, headlineNamesBrand, TitleUnderBrand } from './ProductCard';

const watch: CatalogueItem = {
  id: 'p1',
  title: 'Halvorsen Nova Green Steel Dive Watch',
  category: 'watches',
  brand: 'Halvorsen',
  colour: 'green',
  price: 289.99,
  tags: [],
  description: '',
};
const ad = (headline: string): AdCreative => ({ id: 'a1', itemId: 'p1', headline, bid: 1 });
const heading = (html: string): string => /<h3[^>]*>(.*?)<\/h3>/.exec(html)![1]!;

describe('an ad card title', () => {
  it('leaves out the brand its headline already names', () => {
    expect(headlineNamesBrand('New from Halvorsen: the Steel Dive Watch', 'Halvorsen')).toBe(true);
    expect(headlineNamesBrand('Steel Dive Watch, now €289.99', 'Halvorsen')).toBe(false);
    expect(headlineNamesBrand('Anything', null)).toBe(false);
    const named = renderToStaticMarkup(
      <AdCard ad={ad('New from halvorsen: the Steel Dive Watch')} item={watch} categoryName="Watches" currency="EUR" slot={3} onOpen={() => undefined} />,
    );
    // The brand is still read out (visually hidden), and the tooltip has the whole title.
    expect(heading(named)).toBe('<span class="visually-hidden">Halvorsen </span>Nova Green Steel Dive Watch');
    expect(named).toContain('title="Halvorsen Nova Green Steel Dive Watch"');
  });

  it('keeps the brand when the headline does not name it', () => {
    const html = renderToStaticMarkup(
      <AdCard ad={ad('Steel Dive Watch, now €289.99')} item={watch} categoryName="Watches" currency="EUR" slot={3} onOpen={() => undefined} />,
    );
    expect(heading(html)).toBe('Halvorsen Nova Green Steel Dive Watch');
  });
});

describe('a title under its brand', () => {
  it('shows the title without the brand it starts with, and still says it to assistive technology', () => {
    expect(renderToStaticMarkup(<TitleUnderBrand item={watch} />)).toBe('<span class="visually-hidden">Halvorsen </span>Nova Green Steel Dive Watch');
  });

  it('leaves a title that does not start with the brand, or has none, as it is', () => {
    expect(renderToStaticMarkup(<TitleUnderBrand item={{ title: 'Steel Dive Watch by Halvorsen', brand: 'Halvorsen' }} />)).toBe(
      'Steel Dive Watch by Halvorsen',
    );
    expect(renderToStaticMarkup(<TitleUnderBrand item={{ title: 'Grey Leather Duffel Bag', brand: null }} />)).toBe('Grey Leather Duffel Bag');
  });
});
