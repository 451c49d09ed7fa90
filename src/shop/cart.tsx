/**
 * The cart: lines with quantities and the attribution of the click that led
 * to them, kept in localStorage so it survives reloads.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Attribution } from './router';

/** One cart line. */
export interface CartLine extends Attribution {
  itemId: string;
  qty: number;
}

/** What {@link useCart} returns. */
export interface Cart {
  lines: CartLine[];
  /** Sum of quantities, for the header badge. */
  count: number;
  /** Adds one of an item; keeps the newest known attribution. */
  add: (itemId: string, from: Attribution) => void;
  /** Sets a line's quantity; 0 removes it. */
  setQty: (itemId: string, qty: number) => void;
  clear: () => void;
}

const STORAGE_KEY = 'fernhill.cart.v1';
/** Upper bound of one line's quantity, so a held-down key cannot run away. */
export const MAX_QTY = 99;

/**
 * What the product page says after "Add to cart", given how many of the item
 * the cart held before the press.
 * @example addToCartNote(0) // 'Added to your cart.'
 * @example addToCartNote(99) // 'Your cart already holds 99 of these, the most it can; nothing was added.'
 */
export function addToCartNote(before: number): string {
  if (before >= MAX_QTY) return `Your cart already holds ${MAX_QTY} of these, the most it can; nothing was added.`;
  return before > 0 ? `Added to your cart — you have ${before + 1}.` : 'Added to your cart.';
}

function isLine(v: unknown): v is CartLine {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Partial<Record<keyof CartLine, unknown>>;
  return (
    typeof l.itemId === 'string' &&
    typeof l.qty === 'number' &&
    Number.isInteger(l.qty) &&
    l.qty > 0 &&
    (l.request === null || typeof l.request === 'string') &&
    (l.slot === null || typeof l.slot === 'number')
  );
}

/**
 * Reads stored cart lines, dropping anything malformed.
 * @param raw - The stored JSON, or `null`.
 */
export function parseCart(raw: string | null): CartLine[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter(isLine).map((l) => ({ ...l, qty: Math.min(l.qty, MAX_QTY) })) : [];
  } catch {
    return [];
  }
}

function load(): CartLine[] {
  try {
    return parseCart(localStorage.getItem(STORAGE_KEY));
  } catch {
    return []; // storage blocked (private mode, policy): an in-memory cart still works
  }
}

const CartContext = createContext<Cart | null>(null);

/**
 * The shopper's cart.
 * @throws {Error} when used outside {@link CartProvider}.
 */
export function useCart(): Cart {
  const cart = useContext(CartContext);
  if (!cart) throw new Error('useCart() needs a <CartProvider> above it; wrap the app in <CartProvider>.');
  return cart;
}

/** Provides {@link useCart} and keeps tabs of the same shop in step. */
export function CartProvider({ children }: { children: ReactNode }): ReactNode {
  const [lines, setLines] = useState<CartLine[]>(load);

  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
    } catch {
      /* storage full or blocked: keep the in-memory cart */
    }
  }, [lines]);

  useEffect(() => {
    const onStorage = (e: StorageEvent): void => {
      if (e.key === STORAGE_KEY) setLines(parseCart(e.newValue));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const add = useCallback((itemId: string, from: Attribution) => {
    setLines((ls) => {
      const old = ls.find((l) => l.itemId === itemId);
      if (!old) return [...ls, { itemId, qty: 1, ...from }];
      const keep = from.request !== null ? from : { request: old.request, slot: old.slot };
      return ls.map((l) => (l === old ? { ...l, ...keep, qty: Math.min(l.qty + 1, MAX_QTY) } : l));
    });
  }, []);

  const setQty = useCallback((itemId: string, qty: number) => {
    setLines((ls) => (qty <= 0 ? ls.filter((l) => l.itemId !== itemId) : ls.map((l) => (l.itemId === itemId ? { ...l, qty: Math.min(qty, MAX_QTY) } : l))));
  }, []);

  const clear = useCallback(() => setLines([]), []);

  const value = useMemo<Cart>(() => ({ lines, count: lines.reduce((n, l) => n + l.qty, 0), add, setQty, clear }), [lines, add, setQty, clear]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}
