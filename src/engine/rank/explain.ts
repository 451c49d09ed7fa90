/**
 * "Why this?": a ranked product's strongest matches with the shopper's
 * profile, in words a shopper understands, with the model's scores and
 * whether the place was paid for. Plain JS over the profile's aggregates (no
 * tensors, no log scan): cheap enough for every slot of every page.
 */
import type { Explanation, ExplanationReason } from '../api';
import type { AdCreative, CatalogueItem, Category } from '../catalogue/types';
import { decayFactor, priceBandOf, priceMoments, type Affinity, type applyEvent, type Profile } from '../features/profile';
import { priceZ, type FeatureSpec } from '../features/spec';

/**
 * When a match counts as a reason.
 *
 * - `minShare`: the matched value's share of the shopper's engagement in that
 *   dimension must reach this. Set at about twice what chance gives a shopper
 *   with no taste: the catalogue has ~16 categories and dozens of brands
 *   (0.2), a dozen common colours (0.25), 2-4 tags per product split an
 *   event's weight (0.15), and 5 price bands (0.4: twice 1 in 5). A category
 *   also counts by its share of the recent engagements ({@link Profile.recent}),
 *   which the model reads too.
 * - `minWeight`: the matched value's decayed engagement weight now (a click is
 *   1, a cart 2, a purchase 3; halved every `halfLifeHours`): at least half a
 *   click two weeks old, so one stale click is no "interest". Tags share an
 *   event's weight among the product's 2-4 tags, hence the lower floor.
 * - `recentDays`: engagements older than this are not "recent".
 */
export const EXPLAIN_THRESHOLDS = {
  minShare: { category: 0.2, brand: 0.2, colour: 0.25, tag: 0.15, price: 0.4 },
  minWeight: { category: 0.5, brand: 0.5, colour: 0.5, tag: 0.25, price: 0.5 },
  recentDays: 7,
  /**
   * "Priced like what you pick" ({@link Profile.priceZ}, in standard
   * deviations of ln price within a category): the shopper's usual position
   * must be at least `minLevel` from the middle, held with a spread of at most
   * `maxSpread`, on at least `minWeight` of decayed priced engagement (two
   * clicks); the product within `maxDistance` of it and itself `minLevel`
   * from the middle.
   */
  pricePosition: { minLevel: 0.5, maxSpread: 0.75, maxDistance: 0.5, minWeight: 2 },
} as const;

/** At most this many reasons per product. */
export const MAX_REASONS = 3;

/** The reason given when nothing about the shopper matches: the model's prior. */
export const POPULAR_REASON: ExplanationReason = { kind: 'popular', label: 'Popular with shoppers', share: 1 };

/** Ties between equal shares go to the more specific reason. */
const PRIORITY: Record<ExplanationReason['kind'], number> = { recent: 0, category: 1, brand: 2, tag: 3, colour: 4, price: 5, pricePosition: 6, popular: 7 };

/** What {@link explain} reads. */
export interface ExplainInput {
  /** The shopper's profile, as the model read it for this page. */
  profile: Profile;
  /** The ranked product. */
  item: CatalogueItem;
  /** Its ad creative when it fills an ad slot. */
  ad?: AdCreative | null;
  /** The feature spec (half-life, price bands). */
  spec: FeatureSpec;
  /** The model's probabilities for this shopper and product. */
  scores: Explanation['scores'];
  /** The catalogue's categories, for the category's name; a slug without one is shown as is. */
  categories?: readonly Category[];
  /** Finds the products of recent engagements, for "recently looked at this category". */
  lookup?: (id: string) => CatalogueItem | undefined;
  /** Time of the page (ms since the epoch); default the profile's own time. */
  now?: number;
  /** Currency of the price band's label (ISO 4217); default plain numbers. */
  currency?: string;
}

const total = (a: Affinity): number => Object.values(a).reduce((s, v) => s + v, 0);

interface Totals {
  category: number;
  brand: number;
  colour: number;
  tag: number;
  /** Over the priced bands (band 0 holds products without a price). */
  priced: number;
}

/**
 * The profile's sums, once per profile: they cost more than the rest of an
 * explanation and a page asks the same profile ~30 times. Profiles are never
 * changed in place ({@link applyEvent} returns a new one), so identity is a safe key.
 */
const totalsCache = new WeakMap<Profile, Totals>();
function totalsOf(p: Profile): Totals {
  let t = totalsCache.get(p);
  if (!t) {
    t = {
      category: total(p.category),
      brand: total(p.brand),
      colour: total(p.colour),
      tag: total(p.tag),
      priced: p.priceBand.slice(1).reduce((s, v) => s + v, 0),
    };
    totalsCache.set(p, t);
  }
  return t;
}

/** Capitalises the first letter, as the shop shows tags. */
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The strongest way this shopper engaged with a product recently, as a phrase. */
function recentPhrase(types: ReadonlySet<string>): string {
  if (types.has('purchase')) return 'You bought this recently';
  if (types.has('cart')) return 'You added this to your cart recently';
  return 'You looked at this recently';
}

/** Whole-unit price formatters by currency (building one costs more than a whole explanation). */
const formatters = new Map<string, (n: number) => string>();
const plain = (n: number): string => String(Math.round(n));

function priceFormat(currency: string | undefined): (n: number) => string {
  if (!currency) return plain;
  let format = formatters.get(currency);
  if (!format) {
    try {
      const f = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 });
      format = (n) => f.format(n);
    } catch {
      // An unknown currency code: plain numbers.
      format = plain;
    }
    formatters.set(currency, format);
  }
  return format;
}

/**
 * "dearer than most Lamps" when the product's price position matches the
 * shopper's usual one (see {@link EXPLAIN_THRESHOLDS}.pricePosition), else null.
 */
function pricePositionReason(profile: Profile, z: number, decay: number, categoryName: string): ExplanationReason | null {
  const { minLevel, maxSpread, maxDistance, minWeight } = EXPLAIN_THRESHOLDS.pricePosition;
  const { weight, mean, sd: spread } = priceMoments(profile);
  if (Number.isNaN(z) || weight * decay < minWeight) return null;
  if (Math.abs(mean) < minLevel || spread > maxSpread || Math.abs(z - mean) > maxDistance || Math.abs(z) < minLevel) return null;
  return { kind: 'pricePosition', label: `${z > 0 ? 'dearer' : 'cheaper'} than most ${categoryName}`, share: 1 - spread };
}

/** "€25 to €45", "up to €25", "over €80" for a price band index of {@link priceBandOf}. */
function priceBandLabel(band: number, spec: FeatureSpec, currency: string | undefined): string {
  const format = priceFormat(currency);
  const edges = spec.vocab.priceBandEdges;
  const lo = edges[band - 2];
  const hi = edges[band - 1];
  if (lo === undefined && hi !== undefined) return `up to ${format(hi)}`;
  if (hi === undefined && lo !== undefined) return `over ${format(lo)}`;
  if (lo !== undefined && hi !== undefined) return `${format(lo)} to ${format(hi)}`;
  return 'any price';
}

/**
 * Explains one ranked product: its strongest matches with the shopper's
 * decayed affinities (category, brand, colour, tags, price band) and recent
 * engagements, the model's scores, and whether it is an ad. See
 * {@link EXPLAIN_THRESHOLDS} for when a match counts.
 *
 * Reasons, at most {@link MAX_REASONS}: the product itself among the recent
 * engagements leads (the most direct evidence); then the others by share,
 * highest first, at most one tag (the best). With none, one
 * {@link POPULAR_REASON}. Pure: the inputs are not changed.
 * @param input - see {@link ExplainInput}.
 * @returns plain data (it crosses `postMessage`).
 * @example
 * // A shopper who clicked two Aurora shoes, asked about a third:
 * explain({ profile, item: auroraShoe, spec, scores: { click: 0.12, purchase: 0.03, adClick: null }, categories })
 * // { sponsored: false, scores: {...}, reasons: [{ kind: 'category', label: 'Shoes', share: 1 }, { kind: 'brand', label: 'Aurora', share: 1 }, ...] }
 */
export function explain(input: ExplainInput): Explanation {
  const { profile, item, spec } = input;
  const now = input.now ?? profile.decayedTo;
  // The profile's sums refer to its own time; a later page sees them decayed further.
  const decay = decayFactor(profile.decayedTo, now, spec);
  const { minShare, minWeight } = EXPLAIN_THRESHOLDS;
  const totals = totalsOf(profile);
  const found: ExplanationReason[] = [];
  const consider = (kind: keyof typeof minShare, weight: number, sum: number, label: string | (() => string)): void => {
    if (sum <= 0) return;
    const share = weight / sum;
    if (share >= minShare[kind] && weight * decay >= minWeight[kind]) found.push({ kind, label: typeof label === 'string' ? label : label(), share });
  };

  // Recent engagements within the window: this very product, and its category.
  const since = now - EXPLAIN_THRESHOLDS.recentDays * 86_400_000;
  const recent = profile.recent.filter((r) => r.ts >= since);
  const mine = recent.filter((r) => r.item === item.id);
  const lead: ExplanationReason | null =
    mine.length > 0 ? { kind: 'recent', label: recentPhrase(new Set(mine.map((r) => r.type))), share: mine.length / recent.length } : null;

  const categoryName = input.categories?.find((c) => c.slug === item.category)?.name ?? item.category;
  const affinityShare = (profile.category[item.category] ?? 0) / Math.max(totals.category, Number.MIN_VALUE);
  const recentShare = input.lookup && recent.length ? recent.filter((r) => input.lookup?.(r.item)?.category === item.category).length / recent.length : 0;
  if (recentShare >= minShare.category && recentShare > affinityShare) found.push({ kind: 'category', label: categoryName, share: recentShare });
  else consider('category', profile.category[item.category] ?? 0, totals.category, categoryName);

  if (item.brand !== null) consider('brand', profile.brand[item.brand] ?? 0, totals.brand, item.brand);
  if (item.colour !== null) consider('colour', profile.colour[item.colour] ?? 0, totals.colour, item.colour);

  const bestTag = [...item.tags].sort((a, b) => (profile.tag[b] ?? 0) - (profile.tag[a] ?? 0))[0];
  if (bestTag !== undefined) consider('tag', profile.tag[bestTag] ?? 0, totals.tag, capitalise(bestTag));

  const band = priceBandOf(item.price, spec);
  if (band > 0) consider('price', profile.priceBand[band] ?? 0, totals.priced, () => priceBandLabel(band, spec, input.currency));
  // Otherwise, the price's place within its category against where the shopper's picks stand.
  if (!found.some((r) => r.kind === 'price')) {
    const position = pricePositionReason(profile, priceZ(spec, item.category, item.price), decay, categoryName);
    if (position) found.push(position);
  }

  found.sort((a, b) => b.share - a.share || PRIORITY[a.kind] - PRIORITY[b.kind]);
  const reasons = (lead ? [lead, ...found] : found).slice(0, MAX_REASONS);
  return {
    sponsored: input.ad != null,
    scores: { ...input.scores },
    reasons: reasons.length > 0 ? reasons : [{ ...POPULAR_REASON }],
  };
}
