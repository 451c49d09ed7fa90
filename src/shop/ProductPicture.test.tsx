import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { colourFill, NEUTRAL } from './colours';
import { formatPrice } from './format';
import { glyphFor, ProductPicture } from './ProductPicture';

describe('ProductPicture', () => {
  it('is decorative, local and deterministic', () => {
    const item = { id: 'p0042', category: 'shoes', colour: 'navy' };
    const a = renderToStaticMarkup(<ProductPicture item={item} />);
    expect(a).toContain('aria-hidden="true"');
    expect(a).toContain(colourFill('navy'));
    expect(a).not.toMatch(/https?:|<image|<text/);
    expect(renderToStaticMarkup(<ProductPicture item={item} />)).toBe(a);
  });

  it('picks distinct glyphs by category keyword, with a stable fallback', () => {
    expect(glyphFor('shoes')).toBe('shoe');
    expect(glyphFor('laptops')).toBe('laptop'); // not "tops"
    expect(glyphFor('c7', 'Headphones & audio')).toBe('headphones');
    expect(glyphFor('zzz-unknown')).toBe(glyphFor('zzz-unknown'));
  });
});

describe('colourFill', () => {
  it('maps names, modifiers and missing colours', () => {
    expect(colourFill('Navy')).toBe('#27385f');
    expect(colourFill('dark green')).not.toBe(colourFill('green'));
    expect(colourFill(null)).toBe(NEUTRAL);
    expect(colourFill('no-such-colour')).toBe(NEUTRAL);
  });
});

describe('formatPrice', () => {
  it('formats in the catalogue currency and handles a missing price', () => {
    expect(formatPrice(12.5, 'EUR')).toMatch(/12[.,]50/);
    expect(formatPrice(12.5, 'EUR')).toMatch(/€/);
    expect(formatPrice(null, 'EUR')).toBe('Price on request');
    expect(formatPrice(3, 'NOT-A-CODE')).toMatch(/3[.,]00/);
  });
});
