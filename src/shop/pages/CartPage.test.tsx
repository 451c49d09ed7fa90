import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FIXTURE_CATALOGUE } from '../../engine/testing/fixture';
import { cartTotals, OrderConfirmation, type CartRow, type Order } from './CartPage';

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
