import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FIXTURE_CATALOGUE } from '../../engine/testing/fixture';
import { cartTotals, OrderConfirmation, suggestions, type CartRow, type Order } from './CartPage';

const byId = (id: string): CartRow['item'] => FIXTURE_CATALOGUE.items.find((i) => i.id === id);
const row = (itemId: string, qty: number): CartRow => ({ line: { itemId, qty, request: null, slot: null }, item: byId(itemId) });

const shoes = row('p1', 2); // €80 each
const rainBoot = row('p4', 1); // price on request
const gone: CartRow = { line: { itemId: 'p999', qty: 1, request: null, slot: null }, item: undefined };

const placed = (lines: CartRow[]): Order => ({ number: 'FH-TEST', lines });
const confirmation = (lines: CartRow[]): string => renderToStaticMarkup(<OrderConfirmation order={placed(lines)} currency="EUR" />);

describe('cartTotals', () => {
  it('adds up the priced lines and counts the ones priced on request', () => {
    // 2 × €80; the rain boot and the product that is gone add nothing.
    expect(cartTotals([shoes, rainBoot, gone])).toEqual({ total: 160, priced: 1, onRequest: 1 });
    expect(cartTotals([rainBoot])).toEqual({ total: 0, priced: 0, onRequest: 1 });
  });
});

describe('suggestions', () => {
  const ids = FIXTURE_CATALOGUE.items.map((i) => i.id);

  it('ranks every other product of the shop, without ads, as a home-page view', () => {
    const request = suggestions(FIXTURE_CATALOGUE, ['p1', 'p4']);
    expect(request?.candidates).toEqual(ids.filter((id) => id !== 'p1' && id !== 'p4'));
    expect(request?.page).toBe('home');
    expect(request?.productSlots).toBe(Math.min(6, ids.length - 2));
    expect(request?.adPositions).toBeUndefined();
  });

  it('suggests from the whole shop for an empty cart, and nothing when every product is left out', () => {
    expect(suggestions(FIXTURE_CATALOGUE, [])?.candidates).toEqual(ids);
    expect(suggestions(FIXTURE_CATALOGUE, ids)).toBeNull();
    // Fewer products than places: as many slots as products.
    expect(suggestions(FIXTURE_CATALOGUE, ids.slice(1))?.productSlots).toBe(1);
  });
});

describe('the order confirmation', () => {
  it('gives the total paid, and no note, when every item had a price', () => {
    const html = confirmation([shoes]);
    expect(html).toMatch(/Total paid: <strong>€160\.00<\/strong>/);
    expect(html).not.toContain('on request');
  });

  it('says that items priced on request are not in the total, as the cart did', () => {
    const html = confirmation([shoes, rainBoot]);
    expect(html).toMatch(/Total paid: <strong>€160\.00<\/strong>/);
    expect(html).toContain('Items priced on request are confirmed by email and not included above.');
    expect(html).toContain('1 × Rain Boot<span class="confirmation__on-request"> · price on request</span>');
  });

  it('claims no payment for an order of items priced on request only', () => {
    const html = confirmation([rainBoot]);
    expect(html).not.toContain('Total paid');
    expect(html).not.toContain('€0.00');
    expect(html).toContain('Nothing has been paid yet: items priced on request are confirmed by email.');
  });
});
