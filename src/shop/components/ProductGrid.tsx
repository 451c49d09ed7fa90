/**
 * The ranked grid of a page: products and ads in the order the engine gives,
 * with click logging that carries the request id and slot to the product page.
 */
import { useId, useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import type { EventInput, RankRequest, RankedSlot } from '../../engine/api';
import type { PageType } from '../../engine/events/types';
import { rememberClick } from '../attribution';
import { isLocalResult } from '../defaultOrder';
import { isPaused, useShop } from '../engine';
import { isModifiedClick, navigate, productPath, type Attribution } from '../router';
import { SORT_ORDERS, type SortOrder } from '../sort';
import { useRankedGrid } from '../useRankedGrid';
import { AdCard, ProductCard } from './ProductCard';

/** Longest a click waits for its event to be stored before navigating. */
const CLICK_LOG_WAIT_MS = 150;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Props {
  request: RankRequest;
  /** Visible heading of the grid. */
  title: string;
  variant?: 'full' | 'compact';
  /** The order the shopper chose; the engine's ranking by default. Read once per mount, as the request is. */
  sort?: SortOrder;
}

/**
 * Opens a product from a card: stores the click (with where it was, so
 * carts and purchases join it), then goes to the product's page once the
 * click is stored (or {@link CLICK_LOG_WAIT_MS} has passed). A click that
 * opens a new tab only stores it.
 */
export async function openProduct(
  e: MouseEvent<HTMLAnchorElement>,
  click: { itemId: string; ad: boolean; from: Attribution; page: PageType },
  record: (events: EventInput[]) => Promise<void>,
): Promise<void> {
  const { itemId, ad, from, page } = click;
  rememberClick(itemId, from);
  const logged = record([{ type: ad ? 'ad_click' : 'click', item: itemId, ...from, page }]);
  if (isModifiedClick(e)) return; // new tab: the browser opens it, the event is still sent
  e.preventDefault();
  await Promise.race([logged, sleep(CLICK_LOG_WAIT_MS)]);
  navigate(productPath(itemId), { from });
}

/**
 * A grid for one request. Mount it with `key={requestKey(request)}`.
 * @example <ProductGrid key={requestKey(req)} request={req} title="Picked for you" />
 */
export function ProductGrid({ request, title, variant = 'full', sort = 'recommended' }: Props): ReactNode {
  const { catalogue, items, categoryNames, recommender, engine, record } = useShop();
  const { result, phase, holding, ready, showReady, noteInteraction } = useRankedGrid(request, sort);
  // Until the model's order arrives (briefly), placeholders: nothing moves under the pointer.
  const placeholders = holding && engine.status !== 'error';
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ads = useMemo(() => new Map(catalogue.ads.map((a) => [a.id, a])), [catalogue]);
  const local = isLocalResult(result);

  const open =
    (s: RankedSlot) =>
    (e: MouseEvent<HTMLAnchorElement>): Promise<void> =>
      openProduct(e, { itemId: s.itemId, ad: s.kind === 'ad', from: { request: local ? null : result.requestId, slot: s.slot }, page: request.page }, record);

  let note: string;
  if (ready) note = 'Your picks are ready';
  else if (sort !== 'recommended') {
    // The products' order is the shopper's; the engine only picks the ads.
    note = SORT_ORDERS.find((o) => o.value === sort)?.label ?? '';
    if (result.ranked && result.slots.some((s) => s.kind === 'ad')) note += ' · ads picked for you';
    else if (isPaused(engine)) note += ' · personalisation paused';
  } else if (result.ranked) note = `Sorted for you in ${result.elapsedMs < 1 ? '<1' : result.elapsedMs.toFixed(0)} ms`;
  else if (phase === 'pending' && !isPaused(engine) && (recommender || engine.status === 'loading')) note = 'Personalising…';
  else {
    note = result.order === 'popular' ? 'Most clicked by shoppers' : 'The shop’s own order';
    if (isPaused(engine)) note += ' · personalisation paused';
  }

  return (
    <section
      className={`grid-section grid-section--${variant}`}
      aria-labelledby={headingId}
      onPointerMove={noteInteraction}
      onPointerDown={noteInteraction}
      onFocus={noteInteraction}
    >
      <div className="grid-section__head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="grid-section__title">
          {title}
        </h2>
        {note ? (
          <p className={`rank-note${result.ranked || ready ? ' rank-note--ranked' : ''}`} role="status">
            {note}
            {ready ? (
              <button
                type="button"
                className="link-button rank-note__show"
                data-testid="show-ranked"
                onClick={() => {
                  showReady();
                  // The button goes with the note: the focus moves to the grid's heading, above the new order.
                  headingRef.current?.focus();
                }}
              >
                Show them
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
      <ol
        className={`grid grid--${variant}`}
        data-testid="product-grid"
        data-ranked={String(result.ranked)}
        data-order={result.order}
        data-sort={sort}
        data-placeholder={String(placeholders)}
        aria-busy={placeholders}
      >
        {result.slots.map((s) => {
          if (placeholders) return <PlaceholderCell key={s.slot} />;
          const item = items.get(s.itemId);
          if (!item) return null;
          const common = {
            item,
            categoryName: categoryNames.get(item.category) ?? item.category,
            currency: catalogue.currency,
            slot: s.slot,
            onOpen: open(s),
            why: s.why,
          };
          const ad = s.kind === 'ad' ? ads.get(s.adId) : undefined;
          return (
            <li key={s.slot} className="grid__cell">
              {ad ? <AdCard key={`ad:${ad.id}`} ad={ad} {...common} /> : <ProductCard key={`p:${item.id}`} {...common} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A card's shape with nothing in it, while the grid is being ranked. */
function PlaceholderCell(): ReactNode {
  return (
    <li className="grid__cell" aria-hidden="true">
      <div className="card card--placeholder">
        <div className="card__picture" />
        <div className="card__body">
          <span className="placeholder-line placeholder-line--short" />
          <span className="placeholder-line" />
          <span className="placeholder-line placeholder-line--price" />
        </div>
      </div>
    </li>
  );
}

export { requestKey } from '../useRankedGrid';
