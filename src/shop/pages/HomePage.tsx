import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import type { CatalogueItem } from '../../engine/catalogue/types';
import { Interests } from '../components/Interests';
import { SortMenu } from '../components/ListingMenu';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { RecentlyViewed } from '../components/RecentlyViewed';
import { isPaused, useShop } from '../engine';
import { capitalise } from '../format';
import { ProductPicture } from '../ProductPicture';
import { homePath, Link } from '../router';
import type { SortOrder } from '../sort';
import { useDocumentTitle } from '../useDocumentTitle';

/** Grid positions of the home page's ads. */
const HOME_AD_POSITIONS = [3, 12, 21];
/** Products on the home page: 27 + 3 ads = 30 tiles, full rows at 2, 3, 5 and 6 columns. */
const HOME_SLOTS = 27;

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

/**
 * Home: interests and the ranked grid of the whole shop's top picks; with a
 * tag, every product with that tag (ranked, or by price when the shopper
 * sorts them so), as a category page lists its products.
 */
export function HomePage({ tag, sort = 'recommended' }: { tag: string | null; sort?: SortOrder }): ReactNode {
  const { catalogue, engine, recommender } = useShop();
  const paused = isPaused(engine);
  // The engine did not start: nothing is learnt, so the hero promises nothing either.
  const down = engine.status === 'error';
  const popular = recommender?.popularity() != null;
  const title = usePicksTitle();
  const request = useMemo<RankRequest>(() => {
    const candidates = catalogue.items.filter((i) => !tag || i.tags.includes(tag)).map((i) => i.id);
    return { page: 'home', candidates, productSlots: tag ? candidates.length : HOME_SLOTS, adPositions: HOME_AD_POSITIONS };
  }, [catalogue, tag]);
  const n = request.candidates.length;
  const found = n > 0;
  // The whole shop's picks are the model's; a tag's listing may be sorted by price.
  const order: SortOrder = tag ? sort : 'recommended';
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
        <div className="listing-tools listing-tools--tag">
          <p className="filter-note" data-testid="filter-note" data-count={n}>
            {found ? `Showing the ${n === 1 ? 'one product' : `${n} products`} tagged` : 'No products are tagged'} <strong>{tag}</strong>.{' '}
            <Link to={homePath()}>Show everything</Link>
          </p>
          {n > 1 ? <SortMenu sort={order} /> : null}
        </div>
      ) : null}
      {found ? <ProductGrid key={requestKey(request)} request={request} sort={order} title={tag ? `${capitalise(tag)} picks` : title} /> : null}
      {tag ? null : <RecentlyViewed page="home" />}
    </>
  );
}
