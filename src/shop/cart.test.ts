import { describe, expect, it } from 'vitest';
import { MAX_QTY, parseCart } from './cart';

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
