import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import type { Catalogue, CatalogueItem } from '../../engine/catalogue/types';
import { MAX_QTY, useCart, type CartLine } from '../cart';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { useShop } from '../engine';
import { formatPrice } from '../format';
import { ProductPicture } from '../ProductPicture';
import { Link, navigate, ORDER_PATH, productPath, type NavState, type PlacedOrder } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';
import { NotFoundPage } from './NotFoundPage';
import { usePicksTitle } from './HomePage';

/** Longest checkout waits for the purchase events before confirming. */
const CHECKOUT_LOG_WAIT_MS = 1500;

/** A cart line with its catalogue item (`undefined` once the product is gone). */
export interface CartRow {
  line: CartLine;
  item: CatalogueItem | undefined;
}

/** A placed order, as the confirmation shows it; what was paid follows from its lines ({@link cartTotals}). */
export interface Order {
  number: string;
  lines: CartRow[];
}

/** Size of the ranked "You might also like" grid under the cart and the order confirmation. */
const SUGGESTION_SLOTS = 6;

/**
 * What the cart and the order confirmation suggest: the shop's other products,
 * ranked for the shopper like any grid (logged as home-page views, as search
 * is: the model knows no cart page), without ads.
 * @param leaveOut - Ids already in the cart or the order.
 * @returns The request, or `null` when nothing else is for sale.
 * @example suggestions(catalogue, ['p0042']) // { page: 'home', candidates: [every other id], productSlots: 6 }
 */
export function suggestions(catalogue: Catalogue, leaveOut: readonly string[]): RankRequest | null {
  const skip = new Set(leaveOut);
  const candidates = catalogue.items.filter((i) => !skip.has(i.id)).map((i) => i.id);
  return candidates.length ? { page: 'home', candidates, productSlots: Math.min(SUGGESTION_SLOTS, candidates.length) } : null;
}

/**
 * The suggestions grid for these ids left out; nothing when no other product is for sale.
 * Under a cart or an order it reads "You might also like"; under an empty cart, as the home page's grid.
 */
function Suggestions({ leaveOut }: { leaveOut: readonly string[] }): ReactNode {
  const { catalogue } = useShop();
  const picks = usePicksTitle();
  // Keyed by the ids (`key` stands for `leaveOut`): a new request, and a new ranking, only when the
  // products left out change, not their quantities, and the ids are used as they are, not re-split.
  const key = leaveOut.join('\n');
  const request = useMemo(() => suggestions(catalogue, leaveOut), [catalogue, key]);
  return request ? <ProductGrid key={requestKey(request)} request={request} title={leaveOut.length ? 'You might also like' : picks} variant="compact" /> : null;
}

/** The sentence the cart and the confirmation give about items priced on request. */
const ON_REQUEST_NOTE = 'Items priced on request are confirmed by email and not included above.';

/**
 * The money of some cart lines: the sum of the priced ones, and how many are priced on request.
 * @example cartTotals([{ line: { qty: 2, ... }, item: { price: 10, ... } }]) // { total: 20, priced: 1, onRequest: 0 }
 */
export function cartTotals(rows: readonly CartRow[]): { total: number; priced: number; onRequest: number } {
  let total = 0;
  let priced = 0;
  let onRequest = 0;
  for (const { line, item } of rows) {
    if (!item) continue;
    if (item.price === null) onRequest++;
    else {
      priced++;
      total += item.price * line.qty;
    }
  }
  return { total, priced, onRequest };
}

/** The cart, checkout, and the order confirmation. */
export function CartPage(): ReactNode {
  const { catalogue, items, record } = useShop();
  const cart = useCart();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const removeRefs = useRef(new Map<string, HTMLButtonElement>());
  // Where focus goes once a removed line is gone (its buttons with it): the
  // next line's "Remove", or the heading when the cart is empty.
  const focusAfterRemove = useRef<{ itemId: string } | 'heading' | null>(null);
  useDocumentTitle('Your cart');

  useEffect(() => {
    const target = focusAfterRemove.current;
    if (target === null) return;
    focusAfterRemove.current = null;
    (target === 'heading' ? headingRef.current : (removeRefs.current.get(target.itemId) ?? headingRef.current))?.focus();
  }, [cart.lines]);

  const rows: CartRow[] = cart.lines.map((line) => ({ line, item: items.get(line.itemId) }));
  const { total, onRequest } = cartTotals(rows);
  const money = (n: number | null): string => formatPrice(n, catalogue.currency);

  const remove = (itemId: string): void => {
    const at = rows.findIndex((r) => r.line.itemId === itemId);
    const next = rows[at + 1] ?? rows[at - 1];
    focusAfterRemove.current = next ? { itemId: next.line.itemId } : 'heading';
    setSaid(`Removed ${rows[at]?.item?.title ?? 'the item'}${next ? '' : '; the cart is now empty'}.`);
    cart.setQty(itemId, 0);
  };

  const checkout = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    const purchases = rows
      .filter(({ item }) => item)
      .map(({ line }) => ({ type: 'purchase' as const, item: line.itemId, request: line.request, slot: line.slot, page: 'cart' as const }));
    await Promise.race([record(purchases), new Promise((r) => setTimeout(r, CHECKOUT_LOG_WAIT_MS))]);
    const order: PlacedOrder = {
      number: `FH-${Date.now().toString(36).toUpperCase()}`,
      lines: rows.map(({ line }) => ({ itemId: line.itemId, qty: line.qty })),
    };
    cart.clear();
    // The confirmation is a page of its own: Back, Forward and a reload show it again.
    navigate(ORDER_PATH, { order });
  };

  return (
    <>
      <div className="page-head">
        <h1 className="page-head__title" ref={headingRef} tabIndex={-1}>
          Your cart
        </h1>
        {cart.count ? (
          <p className="page-head__meta">
            {cart.count} {cart.count === 1 ? 'item' : 'items'}
          </p>
        ) : null}
      </div>
      <p className="visually-hidden" role="status" data-testid="cart-said">
        {said}
      </p>
      {rows.length === 0 ? (
        <div className="empty">
          <p>Your cart is empty.</p>
          <p>
            <Link to="/" className="button button--primary">
              Start shopping
            </Link>
          </p>
        </div>
      ) : (
        <div className="cart">
          <ul className="cart__lines" aria-label="Items in your cart">
            {rows.map(({ line, item }) => (
              <li key={line.itemId} className="cart-line" data-testid="cart-line" data-item-id={line.itemId}>
                {item ? (
                  <>
                    <ProductPicture item={item} className="cart-line__picture" />
                    <div className="cart-line__main">
                      <Link to={productPath(item.id)} className="cart-line__title">
                        {item.title}
                      </Link>
                      {item.brand ? <span className="cart-line__brand">{item.brand}</span> : null}
                      <span className="cart-line__unit">
                        {money(item.price)}
                        {item.price !== null ? ' each' : ''}
                      </span>
                    </div>
                  </>
                ) : (
                  <div className="cart-line__main cart-line__main--gone">This product is no longer available.</div>
                )}
                <div className="cart-line__qty" role="group" aria-label={`Quantity of ${item?.title ?? 'item'}`}>
                  <button
                    type="button"
                    className="qty-button"
                    onClick={() => (line.qty > 1 ? cart.setQty(line.itemId, line.qty - 1) : remove(line.itemId))}
                    aria-label="One fewer"
                  >
                    −
                  </button>
                  <span className="qty-value" aria-live="polite">
                    {line.qty}
                  </span>
                  {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus it holds. */}
                  <button
                    type="button"
                    className="qty-button"
                    onClick={() => {
                      if (line.qty < MAX_QTY) cart.setQty(line.itemId, line.qty + 1);
                    }}
                    aria-label="One more"
                    aria-disabled={line.qty >= MAX_QTY}
                    title={line.qty >= MAX_QTY ? `At most ${MAX_QTY} of one product` : undefined}
                  >
                    +
                  </button>
                </div>
                <span className="cart-line__total">{item && item.price !== null ? money(item.price * line.qty) : '—'}</span>
                <button
                  type="button"
                  className="link-button cart-line__remove"
                  ref={(el) => {
                    if (el) removeRefs.current.set(line.itemId, el);
                    else removeRefs.current.delete(line.itemId);
                  }}
                  onClick={() => remove(line.itemId)}
                >
                  Remove<span className="visually-hidden"> {item?.title ?? 'item'}</span>
                </button>
              </li>
            ))}
          </ul>
          <aside className="cart__summary" aria-labelledby="summary-title">
            <h2 id="summary-title">Order summary</h2>
            <dl>
              <div>
                <dt>Subtotal</dt>
                <dd>{money(total)}</dd>
              </div>
              <div>
                <dt>Delivery</dt>
                <dd>Free</dd>
              </div>
              <div className="cart__total">
                <dt>Total</dt>
                <dd data-testid="cart-total">{money(total)}</dd>
              </div>
            </dl>
            {onRequest ? <p className="cart__note">{ON_REQUEST_NOTE}</p> : null}
            <button
              type="button"
              className="button button--primary button--large button--block"
              data-testid="checkout"
              onClick={() => void checkout()}
              aria-disabled={busy}
            >
              {busy ? 'Placing order…' : 'Place order'}
            </button>
          </aside>
        </div>
      )}
      <Suggestions leaveOut={rows.map((r) => r.line.itemId)} />
    </>
  );
}

/**
 * "Thank you": the order's lines and what was paid. Items priced on request
 * were not paid for; it says so, as the cart did.
 */
export function OrderConfirmation({ order, currency }: { order: Order; currency: string }): ReactNode {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  // Paid: the priced lines; lines priced on request are confirmed by email.
  const { total, priced, onRequest } = cartTotals(order.lines);
  const paidSomething = priced > 0;
  return (
    <div className="confirmation" data-testid="order-confirmation">
      <h1 ref={headingRef} tabIndex={-1}>
        Thank you — your order is placed
      </h1>
      <p>
        Order number <strong>{order.number}</strong>. A (pretend) confirmation is on its way.
      </p>
      <ul className="confirmation__list">
        {order.lines.map(({ line, item }) => (
          <li key={line.itemId}>
            {line.qty} × {item?.title ?? line.itemId}
            {item && item.price === null ? <span className="confirmation__on-request"> · price on request</span> : null}
          </li>
        ))}
      </ul>
      {paidSomething ? (
        <p className="confirmation__total" data-testid="order-total">
          Total paid: <strong>{formatPrice(total, currency)}</strong>
        </p>
      ) : null}
      {onRequest > 0 ? (
        <p className="confirmation__note" data-testid="order-on-request">
          {paidSomething ? ON_REQUEST_NOTE : 'Nothing has been paid yet: items priced on request are confirmed by email.'}
        </p>
      ) : null}
      <p>
        <Link to="/" className="button button--primary">
          Continue shopping
        </Link>
      </p>
    </div>
  );
}

/** The order confirmation page: the order kept in its history entry, or a note that there is none. */
export function OrderPage({ state }: { state: NavState }): ReactNode {
  const { catalogue, items } = useShop();
  const placed = state.order;
  useDocumentTitle(placed ? 'Order placed' : 'Not found');
  if (!placed) return <NotFoundPage what="order" />;
  const order: Order = {
    number: placed.number,
    lines: placed.lines.map(({ itemId, qty }) => ({ line: { itemId, qty, request: null, slot: null }, item: items.get(itemId) })),
  };
  return (
    <>
      <OrderConfirmation order={order} currency={catalogue.currency} />
      <Suggestions leaveOut={placed.lines.map((l) => l.itemId)} />
    </>
  );
}
