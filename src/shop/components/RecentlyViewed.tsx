/** "Recently viewed": the products the shopper opened last, read from this browser's profile. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { CatalogueItem } from '../../engine/catalogue/types';
import type { PageType } from '../../engine/events/types';
import { isPaused, useShop } from '../engine';
import { ProductCard } from './ProductCard';
import { openProduct } from './ProductGrid';

/** Products in the row: one full row at 2, 3 and 6 columns. */
export const RECENT_SLOTS = 6;

/**
 * The products the shopper engaged with last, newest first (the engine's
 * `recentlyViewed`), in a row of cards. Not a ranking: no impressions are
 * stored for it, and opening a card stores a click that belongs to no grid.
 * Nothing shows while personalisation is paused, without an engine, before
 * the shopper has opened anything, or once their data is erased.
 * @param page - The page the row is on, for the click it stores.
 * @param exclude - A product left out (the one whose page this is).
 */
export function RecentlyViewed({ page, exclude }: { page: PageType; exclude?: string }): ReactNode {
  const { catalogue, items, categoryNames, recommender, engine, record } = useShop();
  const paused = isPaused(engine);
  const [ids, setIds] = useState<readonly string[]>([]);
  const headingId = useId();
  useEffect(() => {
    if (!recommender || paused) return;
    let live = true;
    recommender.recentlyViewed(RECENT_SLOTS + 1).then(
      (got) => live && setIds(got),
      (e: unknown) => console.warn('[shop] recently viewed failed:', e),
    );
    return () => {
      live = false;
    };
  }, [recommender, paused]);
  // Erased here or in another tab: the row goes at once, not at the next page.
  useEffect(() => recommender?.subscribe((e) => e.type === 'erased' && setIds([])), [recommender]);
  const shown = ids
    .filter((id) => id !== exclude)
    .map((id) => items.get(id))
    .filter((i): i is CatalogueItem => i !== undefined)
    .slice(0, RECENT_SLOTS);
  if (paused || shown.length === 0) return null;
  return (
    <section className="grid-section grid-section--compact" aria-labelledby={headingId} data-testid="recently-viewed">
      <div className="grid-section__head">
        <h2 id={headingId} className="grid-section__title">
          Recently viewed
        </h2>
        <p className="rank-note">Kept in this browser only</p>
      </div>
      <ol className="grid grid--compact">
        {shown.map((item, i) => (
          <li key={item.id} className="grid__cell">
            <ProductCard
              item={item}
              categoryName={categoryNames.get(item.category) ?? item.category}
              currency={catalogue.currency}
              slot={i}
              onOpen={(e) => openProduct(e, { itemId: item.id, ad: false, from: { request: null, slot: null }, page }, record)}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
