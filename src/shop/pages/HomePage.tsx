import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import type { CatalogueItem } from '../../engine/catalogue/types';
import { Interests } from '../components/Interests';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { isPaused, useShop } from '../engine';
import { capitalise } from '../format';
import { ProductPicture } from '../ProductPicture';
import { homePath, Link } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';

/** Grid positions of the home page's ads. */
const HOME_AD_POSITIONS = [3, 12, 21];

/**
 * The heading of a grid drawn from the whole shop: what its order is, in words.
 * @returns "Picked for you" once the shopper has clicked, carted or bought;
 *   before that "Popular right now"; paused or without an engine, what the
 *   default order is.
 */
export function usePicksTitle(): string {
  const { engine, recommender } = useShop();
  // Paused, or without a model, nothing is picked for this shopper: the grid is
  // in the engine's default order (by the shop's popularity, when the model
  // ships it) or, without an engine, the catalogue's.
  if (engine.status === 'error') return 'From the shop';
  if (isPaused(engine)) return recommender?.popularity() != null ? 'Popular with shoppers' : 'From the shop';
  // A shopper who has not clicked, carted or bought yet gets a ranking from the page and the crowd, not from them.
  return engine.status === 'ready' && (engine.info.shopperActions ?? 0) > 0 ? 'Picked for you' : 'Popular right now';
}

/** Home: interests and the ranked grid of the whole shop (optionally one tag). */
export function HomePage({ tag }: { tag: string | null }): ReactNode {
  const { catalogue, engine, recommender } = useShop();
  const paused = isPaused(engine);
  // The engine did not start: nothing is learnt, so the hero promises nothing either.
  const down = engine.status === 'error';
  const popular = recommender?.popularity() != null;
  const title = usePicksTitle();
  const request = useMemo<RankRequest>(
    () => ({
      page: 'home',
      candidates: catalogue.items.filter((i) => !tag || i.tags.includes(tag)).map((i) => i.id),
      // 27 products + 3 ads = 30 tiles: full rows at 2, 3, 5 and 6 columns.
      productSlots: 27,
      adPositions: HOME_AD_POSITIONS,
    }),
    [catalogue, tag],
  );
  const found = request.candidates.length > 0;
  useDocumentTitle(tag ? (found ? `${capitalise(tag)} picks` : `Nothing tagged ${tag}`) : null);
  // One coloured product from each of the first categories, as decoration.
  const heroItems = useMemo(
    () =>
      catalogue.categories
        .slice(0, 3)
        .map((c) => catalogue.items.find((i) => i.category === c.slug && i.colour) ?? catalogue.items.find((i) => i.category === c.slug))
        .filter((i): i is CatalogueItem => i !== undefined),
    [catalogue],
  );
  return (
    <>
      <div className="hero">
        <div className="hero__copy">
          <h1 className="hero__title">{paused || down ? 'Good things from small makers' : 'Good things, sorted for you'}</h1>
          <p className="hero__text" data-testid="hero-text">
            {down
              ? 'Everyday goods, in the shop’s own order. Personal sorting isn’t available right now.'
              : paused
                ? `Everyday goods, ${popular ? 'in the order shoppers click them most' : 'in the shop’s own order'}. Personalisation is paused: nothing you do here is stored.`
                : 'Everyday goods from small makers. The more you browse, the better this page fits you — worked out right here in your browser.'}
          </p>
        </div>
        <div className="hero__art" aria-hidden="true">
          {heroItems.map((item) => (
            <ProductPicture key={item.id} item={item} className="hero__tile" />
          ))}
        </div>
      </div>
      <Interests activeTag={tag} />
      {tag ? (
        <p className="filter-note" data-testid="filter-note">
          {found ? 'Showing products tagged' : 'No products are tagged'} <strong>{tag}</strong>. <Link to={homePath()}>Show everything</Link>
        </p>
      ) : null}
      {found ? <ProductGrid key={requestKey(request)} request={request} title={tag ? `${capitalise(tag)} picks` : title} /> : null}
    </>
  );
}
