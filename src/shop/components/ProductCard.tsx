/** A product tile in a grid, and a sponsored tile for an ad slot. */
import type { MouseEvent, ReactNode } from 'react';
import type { Explanation } from '../../engine/api';
import type { AdCreative, CatalogueItem } from '../../engine/catalogue/types';
import { cardTitle } from '../cardTitle';
import { formatPrice } from '../format';
import { ProductPicture } from '../ProductPicture';
import { productPath } from '../router';
import { WhyThis } from './WhyThis';

interface CardProps {
  item: CatalogueItem;
  categoryName: string;
  currency: string;
  slot: number;
  onOpen: (e: MouseEvent<HTMLAnchorElement>) => void;
  /** Heading level of the title, to keep the page's outline in order. */
  headingLevel?: 2 | 3;
  /** Why the model ranked it here; adds a "Why this?" button beside the link (the cell must be positioned). */
  why?: Explanation | null;
}

/**
 * A card's product title. On a product card the brand the title starts with is
 * visually hidden (the card shows it above), so the part that tells products
 * apart gets the room; the heading still reads the whole title, and a tooltip
 * shows it. An ad card whose headline does not name the brand (`keepBrand`) shows the whole title.
 */
/**
 * A product's title under a line that names its brand: a leading brand is
 * there for assistive technology only ({@link cardTitle}), so the whole title
 * is still what the heading says.
 */
export function TitleUnderBrand({ item }: { item: Pick<CatalogueItem, 'title' | 'brand'> }): ReactNode {
  const { lead, rest } = cardTitle(item.title, item.brand);
  return (
    <>
      {lead ? <span className="visually-hidden">{lead}</span> : null}
      {rest}
    </>
  );
}

function CardHeading({ item, level, keepBrand = false }: { item: CatalogueItem; level: 2 | 3; keepBrand?: boolean }): ReactNode {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <H className="card__title" title={item.title}>
      {keepBrand ? item.title : <TitleUnderBrand item={item} />}
    </H>
  );
}

/** A product in the grid; a click opens its page. */
export function ProductCard({ item, categoryName, currency, slot, onOpen, headingLevel = 3, why = null }: CardProps): ReactNode {
  const card = (
    <a
      className="card"
      href={productPath(item.id)}
      onClick={onOpen}
      data-testid="product-card"
      data-item-id={item.id}
      data-category={item.category}
      data-slot={slot}
    >
      <ProductPicture item={item} categoryName={categoryName} className="card__picture" />
      <span className="card__body">
        {/* Always present (empty without a brand) so every card has the same height. */}
        <span className="card__kicker">{item.brand ?? ''}</span>
        <CardHeading item={item} level={headingLevel} />
        <span className={item.price === null ? 'card__price card__price--none' : 'card__price'}>{formatPrice(item.price, currency)}</span>
      </span>
    </a>
  );
  return (
    <>
      {card}
      {why ? <WhyThis why={why} item={item} /> : null}
    </>
  );
}

interface AdProps extends CardProps {
  ad: AdCreative;
}

/** Whether an ad's headline names the product's brand, so its title need not repeat it. */
export function headlineNamesBrand(headline: string, brand: string | null): boolean {
  return brand !== null && brand.trim() !== '' && headline.toLowerCase().includes(brand.trim().toLowerCase());
}

/** A sponsored product in an ad slot, labelled as such; a click opens the product. */
export function AdCard({ ad, item, categoryName, currency, slot, onOpen, headingLevel = 3, why = null }: AdProps): ReactNode {
  const card = (
    <a
      className="card card--ad"
      href={productPath(item.id)}
      onClick={onOpen}
      data-testid="ad-slot"
      data-item-id={item.id}
      data-ad-id={ad.id}
      data-category={item.category}
      data-slot={slot}
    >
      <span className="card__media">
        <ProductPicture item={item} categoryName={categoryName} className="card__picture" />
        <span className="card__badge">Sponsored</span>
      </span>
      <span className="card__body">
        <span className="card__kicker card__kicker--ad">{ad.headline}</span>
        {/* No brand line above an ad's title (its headline is there): the title keeps the brand, unless the headline names it. */}
        <CardHeading item={item} level={headingLevel} keepBrand={!headlineNamesBrand(ad.headline, item.brand)} />
        <span className={item.price === null ? 'card__price card__price--none' : 'card__price'}>{formatPrice(item.price, currency)}</span>
      </span>
    </a>
  );
  return (
    <>
      {card}
      {why ? <WhyThis why={why} item={item} ad /> : null}
    </>
  );
}
