/**
 * The shopper profile: aggregates of the behaviour log, updated one event at a
 * time, so reading features never scans the log. Affinities decay
 * exponentially with {@link FeatureSpec.halfLifeHours}.
 */
import type { CatalogueItem } from '../catalogue/types';
import type { BehaviourEvent, EventType, PageType } from '../events/types';
import { EVENT_TYPES } from '../events/types';
import { priceZ, type FeatureSpec } from './spec';

/** How much each event type adds to the affinities of the item's attributes. */
export const EVENT_WEIGHTS: Readonly<Record<EventType, number>> = {
  impression: 0,
  ad_impression: 0,
  click: 1,
  ad_click: 1,
  cart: 2,
  purchase: 3,
};

/** How many bought products a profile remembers ({@link Profile.bought}); the oldest purchase goes first. */
export const MAX_BOUGHT = 100;

/** Event types that enter the recent-behaviour sequence. */
export const ENGAGEMENT_TYPES: readonly EventType[] = ['click', 'cart', 'purchase', 'ad_click'];

/** One entry of the recent-behaviour sequence, newest first. */
export interface RecentEvent {
  item: string;
  type: EventType;
  ts: number;
}

/** Decayed sums keyed by attribute value. */
export type Affinity = Record<string, number>;

/** The shopper's aggregated behaviour. Plain data: stored in IndexedDB as is. */
export interface Profile {
  /** 3 since {@link Profile.bought}; a stored profile of another format is rebuilt from the log. */
  format: 3;
  /** Time the decayed sums below refer to (ms since epoch); 0 for a new profile. */
  decayedTo: number;
  /** Count of every event applied, by type. */
  counts: Record<EventType, number>;
  category: Affinity;
  brand: Affinity;
  colour: Affinity;
  tag: Affinity;
  /** Decayed engagement per price band index (0 = missing price). */
  priceBand: number[];
  /**
   * Decayed engagement-weighted moments of the within-category price position
   * ({@link priceZ}) of engaged products with a price: [Σw, Σw·z, Σw·z²].
   */
  priceZ: [number, number, number];
  /** Decayed product impressions per category, for "seen but not clicked". */
  categoryImpressions: Affinity;
  /** Newest first, at most {@link FeatureSpec.recentLength}. */
  recent: RecentEvent[];
  /** When each product was last bought (ms since epoch), the {@link MAX_BOUGHT} latest; for ranking rules, not a model input. */
  bought: Record<string, number>;
  /** Time of the first and the latest event of the current session (0 before any). */
  sessionStart: number;
  lastEventAt: number;
  /** Events in the current session. */
  sessionEvents: number;
  /** Page of the latest event. */
  lastPage: PageType | null;
}

/** The shopper's usual within-category price position, from {@link Profile.priceZ}. */
export interface PriceMoments {
  /** Decayed engagement behind it; 0 without priced engagement. */
  weight: number;
  /** Engagement-weighted mean z (0 without history). */
  mean: number;
  /** Engagement-weighted standard deviation of z (0 without history). */
  sd: number;
}

/** The mean and spread of {@link Profile.priceZ}'s positions, and the weight behind them. */
export function priceMoments(profile: Profile): PriceMoments {
  const [w, wz, wz2] = profile.priceZ;
  if (!(w > 1e-6)) return { weight: 0, mean: 0, sd: 0 };
  const mean = wz / w;
  return { weight: w, mean, sd: Math.sqrt(Math.max(0, wz2 / w - mean * mean)) };
}

/** A profile with no behaviour. */
export function emptyProfile(spec: FeatureSpec): Profile {
  const counts = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  return {
    format: 3,
    decayedTo: 0,
    counts,
    category: {},
    brand: {},
    colour: {},
    tag: {},
    priceBand: new Array<number>(spec.vocab.priceBandEdges.length + 2).fill(0),
    priceZ: [0, 0, 0],
    categoryImpressions: {},
    recent: [],
    bought: {},
    sessionStart: 0,
    lastEventAt: 0,
    sessionEvents: 0,
    lastPage: null,
  };
}

/**
 * Price band index of a price: 0 when missing, else 1 + the band.
 * @param price - the price or `null`.
 * @param spec - gives the band edges.
 */
export function priceBandOf(price: number | null, spec: FeatureSpec): number {
  if (price === null || !Number.isFinite(price)) return 0;
  const edges = spec.vocab.priceBandEdges;
  let band = 0;
  while (band < edges.length && price > (edges[band] as number)) band++;
  return band + 1;
}

/** Factor by which a decayed sum shrinks from `from` to `to` (1 when `to <= from`). */
export function decayFactor(from: number, to: number, spec: FeatureSpec): number {
  if (from <= 0 || to <= from) return 1;
  return Math.pow(2, -(to - from) / (spec.halfLifeHours * 3_600_000));
}

function scaleAffinity(a: Affinity, f: number): Affinity {
  if (f === 1) return { ...a };
  const out: Affinity = {};
  for (const [k, v] of Object.entries(a)) {
    const s = v * f;
    // Forget what has decayed to nothing so the profile stays small.
    if (s > 1e-4) out[k] = s;
  }
  return out;
}

function add(a: Affinity, key: string | null, w: number): void {
  if (key === null || w === 0) return;
  a[key] = (a[key] ?? 0) + w;
}

/**
 * Applies one event to a profile. Pure: returns a new profile.
 * Events older than the profile's time are applied with their age's decay, so
 * a late event from another tab still counts.
 * @param profile - the profile before the event.
 * @param event - the event.
 * @param item - the event's product, or `undefined` when the catalogue does not know it
 *   (the event is counted, attribute affinities are left alone).
 * @param spec - the feature spec (half-life, sizes).
 * @returns the updated profile.
 */
export function applyEvent(profile: Profile, event: BehaviourEvent, item: CatalogueItem | undefined, spec: FeatureSpec): Profile {
  const to = Math.max(profile.decayedTo, event.ts);
  const f = decayFactor(profile.decayedTo, to, spec);
  // An event older than the profile's time enters already decayed.
  const w0 = decayFactor(event.ts, to, spec);
  const w = EVENT_WEIGHTS[event.type] * w0;
  const next: Profile = {
    ...profile,
    decayedTo: to,
    counts: { ...profile.counts, [event.type]: (profile.counts[event.type] ?? 0) + 1 },
    category: scaleAffinity(profile.category, f),
    brand: scaleAffinity(profile.brand, f),
    colour: scaleAffinity(profile.colour, f),
    tag: scaleAffinity(profile.tag, f),
    categoryImpressions: scaleAffinity(profile.categoryImpressions, f),
    priceBand: profile.priceBand.map((v) => v * f),
    priceZ: [profile.priceZ[0] * f, profile.priceZ[1] * f, profile.priceZ[2] * f],
  };
  if (item) {
    add(next.category, item.category, w);
    add(next.brand, item.brand, w);
    add(next.colour, item.colour, w);
    for (const t of item.tags) add(next.tag, t, w / Math.max(1, item.tags.length));
    const band = priceBandOf(item.price, spec);
    if (w > 0 && band < next.priceBand.length) next.priceBand[band] = (next.priceBand[band] ?? 0) + w;
    const z = priceZ(spec, item.category, item.price);
    if (w > 0 && !Number.isNaN(z)) next.priceZ = [next.priceZ[0] + w, next.priceZ[1] + w * z, next.priceZ[2] + w * z * z];
    if (event.type === 'impression') add(next.categoryImpressions, item.category, w0);
  }
  if (ENGAGEMENT_TYPES.includes(event.type)) {
    const recent = [{ item: event.item, type: event.type, ts: event.ts }, ...profile.recent];
    recent.sort((a, b) => b.ts - a.ts);
    next.recent = recent.slice(0, spec.recentLength);
  }
  if (event.type === 'purchase' && event.ts > (profile.bought[event.item] ?? -Infinity))
    next.bought = latestBought({ ...profile.bought, [event.item]: event.ts });
  const gap = spec.sessionGapMinutes * 60_000;
  if (event.ts >= profile.lastEventAt) {
    const newSession = profile.lastEventAt === 0 || event.ts - profile.lastEventAt > gap;
    next.sessionStart = newSession ? event.ts : profile.sessionStart;
    next.sessionEvents = newSession ? 1 : profile.sessionEvents + 1;
    next.lastEventAt = event.ts;
    next.lastPage = event.page;
  }
  return next;
}

/** The {@link MAX_BOUGHT} latest purchases of `bought`. */
function latestBought(bought: Record<string, number>): Record<string, number> {
  const entries = Object.entries(bought);
  if (entries.length <= MAX_BOUGHT) return bought;
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, MAX_BOUGHT));
}

/**
 * The products bought at `now - days` or later.
 * @example boughtSince(profile, Date.now(), 30) // Set { 'p0042' }
 */
export function boughtSince(profile: Profile, now: number, days: number): Set<string> {
  const from = now - days * 86_400_000;
  return new Set(Object.entries(profile.bought).flatMap(([item, ts]) => (ts >= from ? [item] : [])));
}

/**
 * Checks that a stored value has the shape of a {@link Profile}; used to skip
 * corrupt or foreign records instead of crashing on them.
 */
export function isProfile(value: unknown): value is Profile {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<Profile>;
  return (
    p.format === 3 &&
    typeof p.decayedTo === 'number' &&
    typeof p.counts === 'object' &&
    typeof p.category === 'object' &&
    typeof p.brand === 'object' &&
    typeof p.colour === 'object' &&
    typeof p.tag === 'object' &&
    Array.isArray(p.priceBand) &&
    Array.isArray(p.priceZ) &&
    p.priceZ.length === 3 &&
    p.priceZ.every(Number.isFinite) &&
    Array.isArray(p.recent) &&
    typeof p.bought === 'object' &&
    p.bought !== null &&
    typeof p.lastEventAt === 'number'
  );
}
