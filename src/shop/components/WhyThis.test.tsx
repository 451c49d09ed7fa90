import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../engine/api';
import { FIXTURE_CATALOGUE } from '../../engine/testing/fixture';
import { AdCard, ProductCard } from './ProductCard';
import { describeWhy, perHundred, WhyThis } from './WhyThis';

const shoe = FIXTURE_CATALOGUE.items[0]!; // p1, Aurora trail shoe
const shoesAndAurora: Explanation = {
  sponsored: false,
  scores: { click: 0.123, purchase: 0.031, adClick: null },
  reasons: [
    { kind: 'category', label: 'Shoes', share: 1 },
    { kind: 'brand', label: 'Aurora', share: 0.8 },
    { kind: 'tag', label: 'Outdoor', share: 0.4, count: 2 },
  ],
};

describe('describeWhy', () => {
  it('says what the shopper has been looking at and the model’s numbers in plain words', () => {
    expect(describeWhy(shoesAndAurora, shoe)).toEqual({
      sponsored: null,
      reasons: ['You’ve been looking at Shoes and Aurora.', 'You looked at 2 outdoor products.'],
      numbers: 'About 12 in 100 shoppers like you open it; 3 in 100 buy it.',
    });
  });

  it('says who paid for an ad, and what else it matches', () => {
    const ad: Explanation = {
      sponsored: true,
      scores: { click: 0.05, purchase: 0.004, adClick: 0.021 },
      reasons: [
        { kind: 'recent', label: 'You looked at this recently', share: 0.5 },
        { kind: 'category', label: 'Shoes', share: 1 },
        { kind: 'colour', label: 'red', share: 0.6, count: 1 },
      ],
    };
    expect(describeWhy(ad, shoe)).toEqual({
      sponsored: 'Sponsored — Aurora paid to show this here.',
      reasons: ['You looked at this recently.', 'You’ve been looking at Shoes.', 'You looked at a red product.'],
      numbers: 'About 2 in 100 shoppers like you open it; 4 in 1,000 buy it.',
    });
    const unbranded = { ...ad, reasons: [{ kind: 'popular' as const, label: 'Popular with shoppers', share: 1 }] };
    expect(describeWhy(unbranded, { brand: null })).toMatchObject({ sponsored: 'Sponsored — The seller paid to show this here.', reasons: [] });
  });

  it('never calls a tag "your interest": the interest chips are the model’s, the popover says what the shopper did', () => {
    const ad: Explanation = { ...shoesAndAurora, sponsored: true };
    for (const why of [shoesAndAurora, ad]) expect(JSON.stringify(describeWhy(why, shoe))).not.toMatch(/interest/i);
  });

  it('scales a colour’s or a tag’s words with how many products back it', () => {
    const said = (kind: 'colour' | 'tag', label: string, count: number): string[] =>
      describeWhy({ ...shoesAndAurora, reasons: [{ kind, label, share: 0.5, count }] }, shoe).reasons;
    expect(said('colour', 'pink', 1)).toEqual(['You looked at a pink product.']);
    expect(said('colour', 'olive', 1)).toEqual(['You looked at an olive product.']);
    expect(said('colour', 'pink', 3)).toEqual(['You looked at 3 pink products.']);
    expect(said('colour', 'pink', 4)).toEqual(['You often pick pink products.']);
    expect(said('tag', 'Classic', 2)).toEqual(['You looked at 2 classic products.']);
    expect(said('tag', 'Eco-friendly', 6)).toEqual(['You often pick eco-friendly products.']);
    // Without a count, no more than one product is claimed.
    expect(describeWhy({ ...shoesAndAurora, reasons: [{ kind: 'colour', label: 'pink', share: 1 }] }, shoe).reasons).toEqual(['You looked at a pink product.']);
  });

  it('says the usual price range as the engine gives it, and a price position relative to its category', () => {
    const range: Explanation = { ...shoesAndAurora, reasons: [{ kind: 'price', label: 'over €67', share: 1 }] };
    expect(describeWhy(range, shoe).reasons).toEqual(['It’s in your usual price range, over €67.']);
    const dear: Explanation = { ...shoesAndAurora, reasons: [{ kind: 'pricePosition', label: 'dearer than most Shoes', share: 0.9 }] };
    expect(describeWhy(dear, shoe).reasons).toEqual(['Dearer than most Shoes, as what you pick usually is for its kind.']);
  });

  it('falls back to "popular": shoppers like you once the shopper has engaged, most shoppers before', () => {
    const popular = (count: number): Explanation => ({ ...shoesAndAurora, reasons: [{ kind: 'popular', label: 'Popular with shoppers', share: 1, count }] });
    // A high place next to "About 15 in 100 shoppers like you open it": nothing says "nothing points to it".
    const known = describeWhy(popular(5), shoe);
    expect(known.reasons).toEqual(['Popular with shoppers like you: it’s ranked by what shoppers who browse like you tend to open.']);
    expect(known.reasons.join(' ')).not.toMatch(/nothing/i);
    expect(known.numbers).toMatch(/shoppers like you open it/);
    const fresh = describeWhy(popular(0), shoe);
    expect(fresh.reasons).toEqual(['Popular with shoppers: you haven’t clicked anything yet, so it’s ranked by what most shoppers open.']);
    // Nobody is "like" a shopper the shop knows nothing of.
    expect(fresh.numbers).toBe('About 12 in 100 shoppers open it; 3 in 100 buy it.');
  });

  it('rounds probabilities to "N in 100", then "N in 1,000"', () => {
    expect(perHundred(0.123)).toBe('12 in 100');
    expect(perHundred(0.999)).toBe('99 in 100');
    expect(perHundred(0.0042)).toBe('4 in 1,000');
    expect(perHundred(0.0002)).toBe('fewer than 1 in 1,000');
  });
});

describe('WhyThis', () => {
  const card = { item: shoe, categoryName: 'Shoes', currency: 'EUR', slot: 0, onOpen: () => undefined };

  it('is a closed disclosure button outside the card’s link, controlling a labelled dialog', () => {
    const html = renderToStaticMarkup(<ProductCard {...card} why={shoesAndAurora} />);
    // The button comes after the link closes: clicking it cannot navigate.
    expect(html.indexOf('data-testid="why-this"')).toBeGreaterThan(html.indexOf('</a>'));
    const button = /<button[^>]*data-testid="why-this"[^>]*>/.exec(html)![0];
    expect(button).toContain('type="button"');
    expect(button).toContain('aria-expanded="false"');
    const controls = /aria-controls="([^"]+)"/.exec(button)![1]!;
    const popover = new RegExp(`<div[^>]*id="${controls}"[^>]*>`).exec(html)![0];
    expect(popover).toContain('role="dialog"');
    expect(popover).toContain('data-testid="why-popover"');
    expect(popover).toContain('hidden=""');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(popover)![1]!;
    expect(html).toContain(`id="${labelledBy}"`);
    expect(html).toContain('You’ve been looking at Shoes and Aurora.');
  });

  it('is absent from default-order cards', () => {
    expect(renderToStaticMarkup(<ProductCard {...card} />)).not.toContain('why-this');
    const ad = FIXTURE_CATALOGUE.ads[1]!;
    expect(renderToStaticMarkup(<AdCard {...card} ad={ad} why={null} />)).not.toContain('why-this');
    expect(renderToStaticMarkup(<AdCard {...card} ad={ad} why={{ ...shoesAndAurora, sponsored: true }} />)).toContain('Sponsored — Aurora paid');
  });

  it('names the product in the button’s accessible name', () => {
    expect(renderToStaticMarkup(<WhyThis why={shoesAndAurora} item={shoe} />)).toMatch(
      /Why this\?<\/span><span class="visually-hidden"> Trail Runner Shoe<\/span>/,
    );
  });
});
