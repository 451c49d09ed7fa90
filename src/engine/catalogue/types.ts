/**
 * The catalogue a shop gives the engine: products and sponsored creatives.
 * Every attribute but `id`, `title` and `category` may be missing; the feature
 * code maps a missing attribute to its own explicit "missing" value.
 */

/** One product of the shop. */
export interface CatalogueItem {
  /** Stable product id, for example `"p0042"`. */
  id: string;
  /** Shown to the shopper; also hashed into title tokens for the model. */
  title: string;
  /** Category slug, for example `"shoes"`. */
  category: string;
  brand: string | null;
  colour: string | null;
  /** Price in the catalogue's currency; `null` when unknown. */
  price: number | null;
  /** Interest tags, for example `["outdoor", "waterproof"]`. */
  tags: string[];
  /** One or two sentences for the product page. */
  description: string;
}

/** A sponsored product: shown in an ad slot, ranked by eCPM = bid x pAdClick. */
export interface AdCreative {
  /** Creative id, for example `"ad07"`. */
  id: string;
  /** The sponsored product. */
  itemId: string;
  /** Bid per click in the catalogue's currency. */
  bid: number;
  /** Short line shown on the ad slot. */
  headline: string;
}

/** A category as shown in the shop's navigation. */
export interface Category {
  slug: string;
  name: string;
}

/** The whole catalogue, as served from `public/catalogue.json`. */
export interface Catalogue {
  /** Format version of this file. */
  format: 1;
  /** Seed the generator used; identifies this catalogue. */
  seed: number;
  currency: string;
  categories: Category[];
  items: CatalogueItem[];
  ads: AdCreative[];
}
