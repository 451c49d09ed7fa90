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
 *   (0.2), a dozen common colours (0.25), and 2-4 tags per product split an
 *   event's weight (0.15). A category also counts by its share of the recent
 *   engagements ({@link Profile.recent}), which the model reads too.
 * - `minWeight`: the matched value's decayed engagement weight now (a click is
 *   1, a cart 2, a purchase 3; halved every `halfLifeHours`): at least half a
 *   click two weeks old, so one stale click is no "interest". Tags share an
 *   event's weight among the product's 2-4 tags, hence the lower floor.
 * - `minProducts`: how many different products with the colour or tag the
 *   shopper must have engaged with among their recent engagements, so the
 *   popover can say how many (see {@link ExplanationReason.count}). A tag needs
 *   two: one product brings 2-4 tags at once, and one click cannot tell which
 *   of them drew the shopper; a tag on two different products is a pattern.
 * - `priceRange`: the shopper's usual price range ({@link usualPriceRange}) is
 *   one band holding more than `oneBand` of their priced engagement, else two
 *   neighbouring bands holding at least `twoBands` (twice the 2 in 5 of chance).
 * - `recentDays`: engagements older than this are not "recent".
 */
export const EXPLAIN_THRESHOLDS = {
  minShare: { category: 0.2, brand: 0.2, colour: 0.25, tag: 0.15 },
  minWeight: { category: 0.5, brand: 0.5, colour: 0.5, tag: 0.25, price: 0.5 },
  minProducts: { colour: 1, tag: 2 },
  priceRange: { oneBand: 0.5, twoBands: 0.8 },
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

/**
 * The reason given when nothing about a shopper matches, for one the model
 * knows nothing of yet: the model's prior, what most shoppers open. A shopper
 * who has engaged gets it with the label "Popular with shoppers like you" and
 * their count of engaged products: the model ranked the product by what
 * shoppers with that behaviour open, so "nothing points to it" would
 * contradict a high place.
 */
export const POPULAR_REASON: ExplanationReason = { kind: 'popular', label: 'Popular with shoppers', share: 1, count: 0 };

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
  /**
   * Finds the products of recent engagements: for "recently looked at this
   * category" and for how many products of a colour or tag the shopper engaged with.
   */
  lookup: (id: string) => CatalogueItem | undefined;
  /** Time of the page (ms since the epoch); default the profile's own time. */
  now?: number;
  /** Currency of the price band's label (ISO 4217); default plain numbers. */
  currency?: string;
}

const total = (a: Affinity): number => Object.values(a).reduce((s, v) => s + v, 0);

/** The shopper's usual price range: price band indices `from..to` of {@link priceBandOf}. */
interface PriceRange {
  from: number;
  to: number;
  /** Decayed engagement in the range, at the profile's time. */
  weight: number;
  /** Its share of the priced engagement. */
  share: number;
}

interface Totals {
  category: number;
  brand: number;
  colour: number;
  tag: number;
  /** See {@link usualPriceRange}. */
  priceRange: PriceRange | null;
}

/**
 * The shopper's one usual price range, from the profile alone: the band with
 * more than `oneBand` of the priced engagement, else the two neighbouring
 * bands with the most, when they hold at least `twoBands`; else none. One
 * range per profile, not a test per product's band: a shopper whose jacket
 * clicks split between "€67 to €120" and "over €120" would otherwise be told
 * each band is their usual one on two cards of the same grid.
 */
function usualPriceRange(priceBand: readonly number[]): PriceRange | null {
  const { oneBand, twoBands } = EXPLAIN_THRESHOLDS.priceRange;
  // Band 0 holds products without a price.
  const bands = priceBand.map((w, i) => (i === 0 ? 0 : w));
  const priced = bands.reduce((s, v) => s + v, 0);
  if (priced <= 0) return null;
  let top = 1;
  for (let i = 2; i < bands.length; i++) if (bands[i]! > bands[top]!) top = i;
  if (bands[top]! / priced > oneBand) return { from: top, to: top, weight: bands[top]!, share: bands[top]! / priced };
  let pair = 1;
  for (let i = 2; i + 1 < bands.length; i++) if (bands[i]! + bands[i + 1]! > bands[pair]! + bands[pair + 1]!) pair = i;
  const weight = bands[pair]! + (bands[pair + 1] ?? 0);
  return weight / priced >= twoBands ? { from: pair, to: pair + 1, weight, share: weight / priced } : null;
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
      priceRange: usualPriceRange(p.priceBand),
    };
    totalsCache.set(p, t);
  }
  return t;
}

/** What the shopper's recent engagements ({@link Profile.recent}) hold, in different products. */
interface Engaged {
  products: number;
  colour: Map<string, number>;
  tag: Map<string, number>;
}

const engagedCache = new WeakMap<Profile, { lookup: ExplainInput['lookup']; engaged: Engaged }>();

/**
 * Counts the different products among the recent engagements, in all and per
 * colour and tag: the counts the popover's words rest on. The profile keeps
 * only decayed weights per colour and tag (a cart weighs two clicks), which
 * say how strong a match is but not how many products stand behind it.
 */
function engagedOf(p: Profile, lookup: ExplainInput['lookup']): Engaged {
  const cached = engagedCache.get(p);
  if (cached?.lookup === lookup) return cached.engaged;
  const engaged: Engaged = { products: 0, colour: new Map(), tag: new Map() };
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const id of new Set(p.recent.map((r) => r.item))) {
    engaged.products++;
    const it = lookup(id);
    if (!it) continue;
    if (it.colour !== null) bump(engaged.colour, it.colour);
    for (const t of new Set(it.tags)) bump(engaged.tag, t);
  }
  engagedCache.set(p, { lookup, engaged });
  return engaged;
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

/** "€25 to €45", "up to €25", "over €80" for price band indices `from..to` of {@link priceBandOf}. */
function priceBandLabel(from: number, to: number, spec: FeatureSpec, currency: string | undefined): string {
  const format = priceFormat(currency);
  const edges = spec.vocab.priceBandEdges;
  const lo = edges[from - 2];
  const hi = edges[to - 1];
  if (lo === undefined && hi !== undefined) return `up to ${format(hi)}`;
  if (hi === undefined && lo !== undefined) return `over ${format(lo)}`;
  if (lo !== undefined && hi !== undefined) return `${format(lo)} to ${format(hi)}`;
  return 'any price';
}

/** {@link POPULAR_REASON}, for a shopper with `products` different engaged products. */
function popular(products: number): ExplanationReason {
  return products > 0 ? { ...POPULAR_REASON, label: 'Popular with shoppers like you', count: products } : { ...POPULAR_REASON };
}

/**
 * Explains one ranked product: its strongest matches with the shopper's
 * decayed affinities (category, brand, colour, tags), their usual price range
 * and recent engagements, the model's scores, and whether it is an ad. See
 * {@link EXPLAIN_THRESHOLDS} for when a match counts. Colour and tag reasons
 * carry how many different products back them.
 *
 * Reasons, at most {@link MAX_REASONS}: the product itself among the recent
 * engagements leads (the most direct evidence); then the others by share,
 * highest first, at most one tag (the best). With none, one
 * {@link POPULAR_REASON} ("… like you" once the shopper has engaged). Pure:
 * the inputs are not changed.
 * @param input - see {@link ExplainInput}.
 * @returns plain data (it crosses `postMessage`).
 * @example
 * // A shopper who clicked two Aurora shoes, asked about a third:
 * explain({ profile, item: auroraShoe, spec, scores: { click: 0.12, purchase: 0.03, adClick: null }, categories, lookup })
 * // { sponsored: false, scores: {...}, reasons: [{ kind: 'category', label: 'Shoes', share: 1 }, { kind: 'brand', label: 'Aurora', share: 1 }, ...] }
 */
export function explain(input: ExplainInput): Explanation {
  const { profile, item, spec } = input;
  const now = input.now ?? profile.decayedTo;
  // The profile's sums refer to its own time; a later page sees them decayed further.
  const decay = decayFactor(profile.decayedTo, now, spec);
  const { minShare, minWeight, minProducts } = EXPLAIN_THRESHOLDS;
  const totals = totalsOf(profile);
  const engaged = engagedOf(profile, input.lookup);
  const found: ExplanationReason[] = [];
  /** The reason when the match is strong enough, else null. */
  const match = (kind: keyof typeof minShare, weight: number, sum: number, label: string): ExplanationReason | null => {
    if (sum <= 0) return null;
    const share = weight / sum;
    return share >= minShare[kind] && weight * decay >= minWeight[kind] ? { kind, label, share } : null;
  };
  const consider = (kind: keyof typeof minShare, weight: number, sum: number, label: string): void => {
    const reason = match(kind, weight, sum, label);
    if (reason) found.push(reason);
  };

  // Recent engagements within the window: this very product, and its category.
  const since = now - EXPLAIN_THRESHOLDS.recentDays * 86_400_000;
  const recent = profile.recent.filter((r) => r.ts >= since);
  const mine = recent.filter((r) => r.item === item.id);
  const lead: ExplanationReason | null =
    mine.length > 0 ? { kind: 'recent', label: recentPhrase(new Set(mine.map((r) => r.type))), share: mine.length / recent.length } : null;

  const categoryName = input.categories?.find((c) => c.slug === item.category)?.name ?? item.category;
  const affinityShare = (profile.category[item.category] ?? 0) / Math.max(totals.category, Number.MIN_VALUE);
  const recentShare = recent.length ? recent.filter((r) => input.lookup(r.item)?.category === item.category).length / recent.length : 0;
  if (recentShare >= minShare.category && recentShare > affinityShare) found.push({ kind: 'category', label: categoryName, share: recentShare });
  else consider('category', profile.category[item.category] ?? 0, totals.category, categoryName);

  if (item.brand !== null) consider('brand', profile.brand[item.brand] ?? 0, totals.brand, item.brand);
  // Colours and tags come with how many different products back them, so the popover's
  // words can scale with the evidence ("a pink product", "3 pink products", "often").
  if (item.colour !== null) {
    const count = engaged.colour.get(item.colour) ?? 0;
    const colour = count >= minProducts.colour ? match('colour', profile.colour[item.colour] ?? 0, totals.colour, item.colour) : null;
    if (colour) found.push({ ...colour, count });
  }

  // A tag is named only as what the shopper did ("you looked at 3 classic products"), from
  // the profile's tag weights and at least minProducts.tag different engaged products with
  // it, never as "your interest": the interest chips are the model's tags head, a guess
  // that may hold tags the shopper never touched ("Durable" after clicking shoes without
  // it) and leave out ones they did. Naming only the chips' tags would not make a tag
  // reason true, and dropping the chips' word keeps the two from contradicting each other.
  let bestTag: ExplanationReason | null = null;
  for (const t of item.tags) {
    const count = engaged.tag.get(t) ?? 0;
    const tag = count >= minProducts.tag ? match('tag', profile.tag[t] ?? 0, totals.tag, capitalise(t)) : null;
    if (tag && (!bestTag || tag.share > bestTag.share)) bestTag = { ...tag, count };
  }
  if (bestTag) found.push(bestTag);

  // The shopper's one usual range, the same on every card; the product's band must lie in it.
  const band = priceBandOf(item.price, spec);
  const range = totals.priceRange;
  if (band > 0 && range && band >= range.from && band <= range.to && range.weight * decay >= minWeight.price)
    found.push({ kind: 'price', label: priceBandLabel(range.from, range.to, spec, input.currency), share: range.share });
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
    reasons: reasons.length > 0 ? reasons : [popular(engaged.products)],
  };
}
