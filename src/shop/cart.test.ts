import { describe, expect, it } from 'vitest';
import { addToCartNote, MAX_QTY, parseCart } from './cart';

describe('parseCart', () => {
  it('keeps well-formed lines with their attribution', () => {
    const lines = [
      { itemId: 'p1', qty: 2, request: 'r1', slot: 3 },
      { itemId: 'p2', qty: 1, request: null, slot: null },
    ];
    expect(parseCart(JSON.stringify(lines))).toEqual(lines);
  });

  it('drops malformed lines and caps quantities', () => {
    const raw = JSON.stringify([{ itemId: 'p1', qty: 0, request: null, slot: null }, { itemId: 7 }, { itemId: 'p3', qty: 500, request: null, slot: null }]);
    expect(parseCart(raw)).toEqual([{ itemId: 'p3', qty: MAX_QTY, request: null, slot: null }]);
    expect(parseCart('not json')).toEqual([]);
    expect(parseCart('{"a":1}')).toEqual([]);
    expect(parseCart(null)).toEqual([]);
  });
});

describe('addToCartNote', () => {
  it('says what was added and how many the cart now holds', () => {
    expect(addToCartNote(0)).toBe('Added to your cart.');
    expect(addToCartNote(1)).toBe('Added to your cart — you have 2.');
    expect(addToCartNote(MAX_QTY - 1)).toBe(`Added to your cart — you have ${MAX_QTY}.`);
  });

  it('says nothing was added when the line is full', () => {
    expect(addToCartNote(MAX_QTY)).toBe(`Your cart already holds ${MAX_QTY} of these, the most it can; nothing was added.`);
    expect(addToCartNote(MAX_QTY)).not.toMatch(/^Added/);
  });
});
