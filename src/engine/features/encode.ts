/**
 * Pure feature functions: (profile, item, context) -> typed arrays. The
 * training CLI and the browser call exactly these, so a model sees the same
 * numbers in both places.
 */
import type { AdCreative, Catalogue, CatalogueItem } from '../catalogue/types';
import { PAGE_TYPES, type PageType } from '../events/types';
import { ENGAGEMENT_TYPES, decayFactor, priceBandOf, priceMoments, type Affinity, type PriceMoments, type Profile } from './profile';
import { FIRST_ID, MISSING, PRICE_Z_LIMIT, UNKNOWN, priceBandCount, priceZWithin, type FeatureSpec } from './spec';
import { hashToken, tokenize } from './tokens';

/** Request context that features may depend on. */
export interface FeatureContext {
  /** Time of the request, ms since epoch. */
  now: number;
  page: PageType;
}

/** Shopper-side model inputs for one request. */
export interface ShopperFeatures {
  /** Item index of each recent engagement, newest first; 0 pads. Length `recentLength`. */
  recentItems: Int32Array;
  /** Engagement type of each recent event (1 click, 2 cart, 3 purchase, 4 ad click); 0 pads. */
  recentTypes: Int32Array;
  /** Dense shopper vector, length {@link shopperDenseSize}. */
  dense: Float32Array;
}

/** Candidate-side model inputs for N candidates, row-major. */
export interface CandidateFeatures {
  count: number;
  /** [N] item index (1 = unknown product). */
  item: Int32Array;
  /** [N, 4] category, brand, colour and price band, offset into one shared attribute vocabulary. */
  attrs: Int32Array;
  /** [N, titleTokens] hashed title tokens; 0 pads. */
  title: Int32Array;
  /** [N, {@link candidateDenseSize}] dense candidate features. */
  dense: Float32Array;
}

/** One candidate to encode: a product, optionally as an ad, optionally at a known slot. */
export interface Candidate {
  item: CatalogueItem;
  ad?: AdCreative | null;
  /** Slot the candidate was shown at (training); serving leaves it undefined (a constant). */
  slot?: number | null;
}

/** Number of shopper statistics in the dense shopper vector. */
const SHOPPER_STATS = 11;
/** Layout of the dense candidate vector; its length is {@link candidateDenseSize}. */
export const CANDIDATE_DENSE_FIELDS = [
  'isAd',
  'bid',
  'price',
  'priceMissing',
  'brandMissing',
  'colourMissing',
  'itemUnknown',
  'position',
  'categoryShare',
  'brandShare',
  'colourShare',
  'priceBandShare',
  'tagShare',
  'recentSameItem',
  'recentSameCategory',
  'categoryImpressionShare',
  'categoryEngagementRate',
  // Where the price stands within its category (z of ln price), its square, and
  // its squared distance from the shopper's usual position: a shopper's taste in
  // price is relative to the category, and a linear term over the first two
  // places a personal price level and sensitivity.
  'priceZ',
  'priceZSquared',
  'priceGap',
] as const;

/** Length of {@link ShopperFeatures.dense}. */
export function shopperDenseSize(spec: FeatureSpec): number {
  const v = spec.vocab;
  return (
    v.categories.length + v.brands.length + v.colours.length + v.tags.length + priceBandCount(spec) + 1 + PAGE_TYPES.length + SHOPPER_STATS + spec.recentLength
  );
}

/** Length of one row of {@link CandidateFeatures.dense}. */
export function candidateDenseSize(): number {
  return CANDIDATE_DENSE_FIELDS.length;
}

/** Sizes of the four attribute vocabularies, each with its missing and unknown entries. */
export function attributeSizes(spec: FeatureSpec): [number, number, number, number] {
  const v = spec.vocab;
  return [v.categories.length + FIRST_ID, v.brands.length + FIRST_ID, v.colours.length + FIRST_ID, priceBandCount(spec) + 1];
}

/** Size of the shared attribute vocabulary (sum of {@link attributeSizes}). */
export function attributeVocabSize(spec: FeatureSpec): number {
  return attributeSizes(spec).reduce((a, b) => a + b, 0);
}

/** Size of the item vocabulary including missing and unknown. */
export function itemVocabSize(spec: FeatureSpec): number {
  return spec.vocab.items.length + FIRST_ID;
}

const RECENT_TYPE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(ENGAGEMENT_TYPES.map((t, i) => [t, i + 1]));

function indexMap(values: string[]): Map<string, number> {
  return new Map(values.map((v, i) => [v, i + FIRST_ID]));
}

function lookup(map: Map<string, number>, value: string | null): number {
  if (value === null) return MISSING;
  return map.get(value) ?? UNKNOWN;
}

function total(a: Affinity): number {
  let s = 0;
  for (const v of Object.values(a)) s += v;
  return s;
}

/**
 * Encodes shoppers and candidates for one feature spec. Holds only lookup
 * tables derived from the spec and the catalogue; every method is a pure
 * function of its arguments.
 */
export class FeatureEncoder {
  readonly spec: FeatureSpec;
  private readonly items: Map<string, number>;
  private readonly categories: Map<string, number>;
  private readonly brands: Map<string, number>;
  private readonly colours: Map<string, number>;
  private readonly byId: Map<string, CatalogueItem>;
  /** {@link ItemConstants} by product object (catalogue items are never changed in place). */
  private readonly constants = new WeakMap<CatalogueItem, ItemConstants>();
  private readonly attrOffsets: [number, number, number, number];

  /**
   * @param spec - the feature spec (from the model manifest).
   * @param catalogue - used to look up the attributes of recent items.
   */
  constructor(spec: FeatureSpec, catalogue: Pick<Catalogue, 'items'>) {
    this.spec = spec;
    this.items = indexMap(spec.vocab.items);
    this.categories = indexMap(spec.vocab.categories);
    this.brands = indexMap(spec.vocab.brands);
    this.colours = indexMap(spec.vocab.colours);
    this.byId = new Map(catalogue.items.map((i) => [i.id, i]));
    const [c, b, k] = attributeSizes(spec);
    this.attrOffsets = [0, c, c + b, c + b + k];
  }

  /** The catalogue item with this id, if known. */
  item(id: string): CatalogueItem | undefined {
    return this.byId.get(id);
  }

  /** Item index of a product id (1 when unknown). */
  itemIndex(id: string): number {
    return this.items.get(id) ?? UNKNOWN;
  }

  /**
   * Shopper-side features.
   * @param profile - the shopper profile.
   * @param ctx - time and page of the request.
   */
  shopper(profile: Profile, ctx: FeatureContext): ShopperFeatures {
    const spec = this.spec;
    const v = spec.vocab;
    const R = spec.recentLength;
    const dense = new Float32Array(shopperDenseSize(spec));
    let o = 0;
    const shares = (keys: string[], a: Affinity): void => {
      const t = total(a);
      if (t > 0) for (let i = 0; i < keys.length; i++) dense[o + i] = (a[keys[i] as string] ?? 0) / t;
      o += keys.length;
    };
    shares(v.categories, profile.category);
    shares(v.brands, profile.brand);
    shares(v.colours, profile.colour);
    shares(v.tags, profile.tag);
    const bandTotal = profile.priceBand.reduce((a, b) => a + b, 0);
    for (let i = 0; i < priceBandCount(spec) + 1; i++) dense[o + i] = bandTotal > 0 ? (profile.priceBand[i] ?? 0) / bandTotal : 0;
    o += priceBandCount(spec) + 1;
    dense[o + PAGE_TYPES.indexOf(ctx.page)] = 1;
    o += PAGE_TYPES.length;
    const decay = decayFactor(profile.decayedTo, ctx.now, spec);
    const engagement = total(profile.category) * decay;
    const hasHistory = profile.lastEventAt > 0;
    const hoursSince = hasHistory ? Math.max(0, ctx.now - profile.lastEventAt) / 3_600_000 : 0;
    const inSession = hasHistory && ctx.now - profile.lastEventAt <= spec.sessionGapMinutes * 60_000;
    dense[o++] = hasHistory ? 1 : 0;
    dense[o++] = Math.log1p(engagement) / 3;
    dense[o++] = Math.log1p(profile.counts.click + profile.counts.ad_click) / 4;
    dense[o++] = Math.log1p(profile.counts.cart) / 3;
    dense[o++] = Math.log1p(profile.counts.purchase) / 3;
    dense[o++] = inSession ? Math.log1p(profile.sessionEvents) / 3 : 0;
    dense[o++] = Math.log1p(hoursSince) / 6;
    dense[o++] = inSession ? 1 : 0;
    const price = priceMoments(profile);
    dense[o++] = Math.log1p(price.weight) / 3;
    dense[o++] = price.mean / PRICE_Z_LIMIT;
    dense[o++] = price.sd / PRICE_Z_LIMIT;
    const recentItems = new Int32Array(R);
    const recentTypes = new Int32Array(R);
    for (let i = 0; i < Math.min(R, profile.recent.length); i++) {
      const r = profile.recent[i]!;
      recentItems[i] = this.itemIndex(r.item);
      recentTypes[i] = RECENT_TYPE_INDEX[r.type] ?? UNKNOWN;
      dense[o + i] = Math.log1p(Math.max(0, ctx.now - r.ts) / 3_600_000) / 6;
    }
    return { recentItems, recentTypes, dense };
  }

  /**
   * Candidate-side features for a list of candidates.
   * @param profile - the shopper profile (for the shopper x item match features).
   * @param candidates - products (and ads) to score.
   */
  candidates(profile: Profile, candidates: readonly Candidate[]): CandidateFeatures {
    const n = candidates.length;
    const out: CandidateFeatures = {
      count: n,
      item: new Int32Array(n),
      attrs: new Int32Array(n * 4),
      title: new Int32Array(n * this.spec.titleTokens),
      dense: new Float32Array(n * CANDIDATE_DENSE_FIELDS.length),
    };
    const m = this.matchContext(profile);
    for (let i = 0; i < n; i++) this.writeCandidate(out, i, candidates[i]!, m);
    return out;
  }

  private matchContext(profile: Profile): MatchContext {
    const recentCategories = new Map<string, number>();
    const recentItems = new Map<string, number>();
    for (const r of profile.recent) {
      recentItems.set(r.item, (recentItems.get(r.item) ?? 0) + 1);
      const cat = this.byId.get(r.item)?.category;
      if (cat !== undefined) recentCategories.set(cat, (recentCategories.get(cat) ?? 0) + 1);
    }
    return {
      profile,
      categoryTotal: total(profile.category),
      brandTotal: total(profile.brand),
      colourTotal: total(profile.colour),
      tagTotal: total(profile.tag),
      bandTotal: profile.priceBand.reduce((a, b) => a + b, 0),
      impressionTotal: total(profile.categoryImpressions),
      recentCount: profile.recent.length,
      recentCategories,
      recentItems,
      price: priceMoments(profile),
    };
  }

  /**
   * Only the dense candidate features, `[n, candidateDenseSize()]`: what the
   * serving path needs per request (the item-side inputs come from the item cache).
   * Equal to `candidates(profile, candidates).dense`.
   * @param into - written in place when given (a padded batch may be longer; the rest is left as it is).
   */
  candidateDense(profile: Profile, candidates: readonly Candidate[], into?: Float32Array): Float32Array {
    const width = candidates.length * CANDIDATE_DENSE_FIELDS.length;
    if (into && into.length < width) throw new RangeError(`candidateDense: room for ${into.length} values, ${width} needed`);
    const dense = into ?? new Float32Array(width);
    const m = this.matchContext(profile);
    for (let i = 0; i < candidates.length; i++) this.writeDense(dense, i, candidates[i]!, m);
    return dense;
  }

  private writeCandidate(out: CandidateFeatures, row: number, c: Candidate, m: MatchContext): void {
    const spec = this.spec;
    const item = c.item;
    out.item[row] = this.itemIndex(item.id);
    const band = priceBandOf(item.price, spec);
    const a = row * 4;
    out.attrs[a] = this.attrOffsets[0] + lookup(this.categories, item.category);
    out.attrs[a + 1] = this.attrOffsets[1] + lookup(this.brands, item.brand);
    out.attrs[a + 2] = this.attrOffsets[2] + lookup(this.colours, item.colour);
    out.attrs[a + 3] = this.attrOffsets[3] + band;
    const tokens = tokenize(item.title);
    const T = spec.titleTokens;
    for (let t = 0; t < Math.min(T, tokens.length); t++) out.title[row * T + t] = 1 + hashToken(tokens[t]!, spec.titleBuckets - 1);
    this.writeDense(out.dense, row, c, m);
  }

  /** The dense features of one candidate, in {@link CANDIDATE_DENSE_FIELDS} order, written in place. */
  private writeDense(dense: Float32Array, row: number, c: Candidate, m: MatchContext): void {
    const spec = this.spec;
    const item = c.item;
    const k = this.constantsOf(item);
    const p = m.profile;
    let tagShare = 0;
    if (m.tagTotal > 0) for (const tag of item.tags) tagShare += (p.tag[tag] ?? 0) / m.tagTotal;
    const catEng = p.category[item.category] ?? 0;
    const catImp = p.categoryImpressions[item.category] ?? 0;
    let o = row * CANDIDATE_DENSE_FIELDS.length;
    dense[o++] = c.ad ? 1 : 0;
    dense[o++] = c.ad ? Math.min(1, c.ad.bid / spec.maxBid) : 0;
    dense[o++] = k.price;
    dense[o++] = k.priceMissing;
    dense[o++] = k.brandMissing;
    dense[o++] = k.colourMissing;
    dense[o++] = k.itemUnknown;
    dense[o++] = c.slot === undefined || c.slot === null ? 0 : Math.min(1, c.slot / spec.maxSlot);
    dense[o++] = shareOf(p.category, item.category, m.categoryTotal);
    dense[o++] = shareOf(p.brand, item.brand, m.brandTotal);
    dense[o++] = shareOf(p.colour, item.colour, m.colourTotal);
    dense[o++] = m.bandTotal > 0 ? (p.priceBand[k.band] ?? 0) / m.bandTotal : 0;
    dense[o++] = Math.min(1, tagShare);
    dense[o++] = m.recentCount > 0 ? (m.recentItems.get(item.id) ?? 0) / spec.recentLength : 0;
    dense[o++] = m.recentCount > 0 ? (m.recentCategories.get(item.category) ?? 0) / m.recentCount : 0;
    dense[o++] = shareOf(p.categoryImpressions, item.category, m.impressionTotal);
    dense[o++] = catEng / (catEng + catImp + 1);
    const z = k.priceZ;
    const known = !Number.isNaN(z);
    dense[o++] = known ? z / PRICE_Z_LIMIT : 0;
    dense[o++] = known ? (z * z) / (PRICE_Z_LIMIT * PRICE_Z_LIMIT) : 0;
    dense[o++] = known && m.price.weight > 0 ? (z - m.price.mean) ** 2 / (PRICE_Z_LIMIT * PRICE_Z_LIMIT) : 0;
  }

  /**
   * What a product's dense features take from the product alone, worked out
   * once per product object rather than on every rerank.
   */
  private constantsOf(item: CatalogueItem): ItemConstants {
    let k = this.constants.get(item);
    if (k === undefined) {
      const spec = this.spec;
      const c = this.categories.get(item.category);
      k = {
        price: item.price === null ? 0 : Math.log1p(Math.max(0, item.price)) / Math.log1p(spec.maxPrice),
        priceMissing: item.price === null ? 1 : 0,
        brandMissing: item.brand === null ? 1 : 0,
        colourMissing: item.colour === null ? 1 : 0,
        itemUnknown: this.itemIndex(item.id) === UNKNOWN ? 1 : 0,
        band: priceBandOf(item.price, spec),
        priceZ: priceZWithin(c === undefined ? undefined : spec.categoryLogPrice[c - FIRST_ID], item.price),
      };
      this.constants.set(item, k);
    }
    return k;
  }
}

/** A product's share of an affinity's total (0 for a missing attribute or an empty total). */
function shareOf(a: Affinity, key: string | null, total: number): number {
  return key !== null && total > 0 ? (a[key] ?? 0) / total : 0;
}

/** The parts of a product's dense features that depend on the product alone. */
interface ItemConstants {
  price: number;
  priceMissing: number;
  brandMissing: number;
  colourMissing: number;
  itemUnknown: number;
  band: number;
  /** Where the price stands within its category (`NaN` when unknown). */
  priceZ: number;
}

interface MatchContext {
  profile: Profile;
  categoryTotal: number;
  brandTotal: number;
  colourTotal: number;
  tagTotal: number;
  bandTotal: number;
  impressionTotal: number;
  recentCount: number;
  recentCategories: Map<string, number>;
  recentItems: Map<string, number>;
  price: PriceMoments;
}
