import { useMemo, useState, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import { attributionFor } from '../attribution';
import { addToCartNote, MAX_QTY, useCart } from '../cart';
import { colourFill } from '../colours';
import { Breadcrumb } from '../components/Breadcrumb';
import { TitleUnderBrand } from '../components/ProductCard';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { RecentlyViewed } from '../components/RecentlyViewed';
import { useShop } from '../engine';
import { capitalise, formatPrice } from '../format';
import { ProductPicture } from '../ProductPicture';
import { categoryPath, homePath, Link, type NavState } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';
import { NotFoundPage } from './NotFoundPage';

/** Size of the "More in …" grid. */
const MORE_SLOTS = 6;

/** A product: picture, details, add to cart, and more from its category. */
export function ProductPage({ id, state }: { id: string; state: NavState }): ReactNode {
  const { catalogue, items, record } = useShop();
  const cart = useCart();
  const item = items.get(id);
  // What the last "Add to cart" did; `full`: nothing was added, so it reads as a warning, not a success.
  const [note, setNote] = useState<{ text: string; full: boolean }>({ text: '', full: false });
  useDocumentTitle(item?.title ?? 'Not found');
  const more = useMemo<RankRequest | null>(() => {
    if (!item) return null;
    const candidates = catalogue.items.filter((i) => i.category === item.category && i.id !== item.id).map((i) => i.id);
    return candidates.length ? { page: 'product', category: item.category, candidates, productSlots: MORE_SLOTS } : null;
  }, [catalogue, item]);
  if (!item) return <NotFoundPage what="product" />;

  const category = catalogue.categories.find((c) => c.slug === item.category);
  const categoryName = category?.name ?? capitalise(item.category);
  const inCart = cart.lines.find((l) => l.itemId === item.id)?.qty ?? 0;
  const addToCart = (): void => {
    setNote({ text: addToCartNote(inCart), full: inCart >= MAX_QTY });
    // A full line takes no more: nothing is added, so no cart event is stored either.
    if (inCart >= MAX_QTY) return;
    const from = attributionFor(item.id, state);
    cart.add(item.id, from);
    void record([{ type: 'cart', item: item.id, request: from.request, slot: from.slot, page: 'product' }]);
  };

  return (
    <>
      <Breadcrumb trail={[{ to: categoryPath(item.category), label: categoryName }]} current={item.title} />
      <article className="product" data-testid="product" data-item-id={item.id}>
        <div className="product__picture">
          <ProductPicture item={item} categoryName={categoryName} />
        </div>
        <div className="product__info">
          {item.brand ? <p className="product__brand">{item.brand}</p> : null}
          {/* The brand above says it: the title leads with it only for assistive technology, as on the cards. */}
          <h1 className="product__title">
            <TitleUnderBrand item={item} />
          </h1>
          <p className={item.price === null ? 'product__price product__price--none' : 'product__price'}>{formatPrice(item.price, catalogue.currency)}</p>
          <dl className="product__facts">
            <div>
              <dt>Category</dt>
              <dd>
                <Link to={categoryPath(item.category)}>{categoryName}</Link>
              </dd>
            </div>
            {item.colour ? (
              <div>
                <dt>Colour</dt>
                <dd>
                  <span className="swatch" style={{ background: colourFill(item.colour) }} aria-hidden="true" />
                  {capitalise(item.colour)}
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="product__description">{item.description}</p>
          {item.tags.length ? (
            <ul className="tags" aria-label="Tags">
              {item.tags.map((t) => (
                <li key={t}>
                  {/* A tag browses the shop's products with it, as an interest chip does. */}
                  <Link to={homePath(t)} className="tag" title={`Everything tagged ${capitalise(t)}`}>
                    {capitalise(t)}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="product__buy">
            <button type="button" className="button button--primary button--large" data-testid="add-to-cart" onClick={addToCart}>
              Add to cart
            </button>
            {inCart ? (
              <Link to="/cart" className="button button--ghost">
                View cart ({inCart})
              </Link>
            ) : null}
          </div>
          <p
            className={note.full ? 'product__added product__added--full' : 'product__added'}
            role="status"
            data-testid="added-message"
            data-tone={note.text ? (note.full ? 'warning' : 'success') : undefined}
          >
            {note.full ? (
              <svg className="product__added-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M8 1.5l7 12.5H1z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
                <path d="M8 6.2v3.6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                <circle cx="8" cy="11.9" r="0.9" fill="currentColor" />
              </svg>
            ) : null}
            {note.text}
          </p>
        </div>
      </article>
      {more ? <ProductGrid key={requestKey(more)} request={more} title={`More in ${categoryName}`} variant="compact" /> : null}
      <RecentlyViewed page="product" exclude={item.id} />
    </>
  );
}
