/**
 * The perf bench's inputs, shared by its pages: a catalogue grown by cloning
 * the shop's products, and a seeded shopper history of ranked pages with
 * their impressions and clicks. Pure functions of their arguments.
 */
import type { EventInput } from '../../src/engine/api';
import type { Catalogue } from '../../src/engine/catalogue/types';
import { Rng } from '../../src/sim/random';

const DAY = 86_400_000;

/**
 * The shop's catalogue grown to `products` products: the originals first, then
 * clones `${id}-c${k}` (k = 1, 2, ...) with the same attributes and title. The
 * model has never seen a clone's id, so it scores clones from their attributes
 * and title, as it would a new product. Ads are kept as they are.
 * @param base - the shop's catalogue (not changed).
 * @param products - products wanted; at least the base's.
 * @returns a new catalogue whose first `n` items make an `n`-candidate request.
 */
export function growCatalogue(base: Catalogue, products: number): Catalogue {
  const items = [...base.items];
  for (let k = 1; items.length < products; k++) {
    for (const item of base.items) {
      if (items.length >= products) break;
      items.push({ ...item, id: `${item.id}-c${k}`, tags: [...item.tags] });
    }
  }
  return { ...base, items: items.slice(0, Math.max(products, base.items.length)) };
}

/** A shopper history: events in time order, in whole pages. */
export interface History {
  events: EventInput[];
  pages: number;
  clicks: number;
}

/**
 * A seeded history of home pages ending now: each page shows 24 products and
 * 3 ads (impressions with slots and a request id), and the shopper clicks on
 * about 60 % of pages, mostly in two favourite categories. Whole pages only,
 * so it has about `events` events.
 * @param catalogue - products and ads to draw from (pass the shop's own, not clones).
 * @param events - size of the history, in events.
 * @param seed - same seed, same history.
 * @param now - time of the newest event; the history spans `spanDays` before it.
 * @param spanDays - how far back the history reaches.
 */
export function shopperHistory(catalogue: Catalogue, events: number, seed: number, now: number, spanDays = 30): History {
  const rng = new Rng(seed).fork('perf-history');
  const products = catalogue.items;
  const categories = [...new Set(products.map((i) => i.category))];
  const favourites = new Set([categories[rng.int(categories.length)], categories[rng.int(categories.length)]]);
  // 24 product and 3 ad impressions per page, and a click on 60 % of pages.
  const pages = Math.max(1, Math.round(events / (24 + 3 + 0.6)));
  const step = (spanDays * DAY) / pages;
  const out: EventInput[] = [];
  let clicks = 0;
  for (let p = 0; p < pages; p++) {
    const ts = Math.round(now - (pages - p) * step);
    const request = `perf-${seed}-${p}`;
    const shown = Array.from({ length: 24 }, () => products[rng.int(products.length)]!);
    shown.forEach((item, slot) => out.push({ type: 'impression', item: item.id, slot, request, page: 'home', ts }));
    for (let a = 0; a < 3; a++) {
      const ad = catalogue.ads[rng.int(catalogue.ads.length)]!;
      out.push({ type: 'ad_impression', item: ad.itemId, slot: 24 + a, request, page: 'home', ts });
    }
    if (rng.chance(0.6)) {
      const liked = shown.map((item, slot) => ({ item, slot })).filter((s) => favourites.has(s.item.category));
      const slot = rng.int(shown.length);
      const pick = liked.length > 0 && rng.chance(0.8) ? liked[rng.int(liked.length)]! : { item: shown[slot]!, slot };
      out.push({ type: 'click', item: pick.item.id, slot: pick.slot, request, page: 'home', ts: ts + 5_000 });
      clicks++;
    }
  }
  return { events: out, pages, clicks };
}
