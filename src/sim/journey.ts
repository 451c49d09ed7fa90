/**
 * One shopper's visits to the shop as a step machine: ask for the next page,
 * hand back the ranked grid, get the page's events. Synchronous and
 * policy-free, so a sync driver (training data) and an async driver (the real
 * engine ranking each page) are both a few lines.
 */
import type { BehaviourEvent, EventType, PageType } from '../engine/events/types';
import { trueAdClickProbability, trueClickProbability, trueFunnel } from './behaviour';
import { CATEGORY_LAYOUT, HOME_LAYOUT, type SimGrid, type SimPageRequest, type SimSlot } from './page';
import { Rng } from './random';
import type { SimShopper } from './shopper';
import type { World } from './world';

/** 2026-09-01T00:00:00Z, when simulated time starts by default. */
export const SIM_START = Date.UTC(2026, 8, 1);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Relative visit rate by UTC hour: quiet at night, busiest in the evening. */
const HOURLY_TRAFFIC = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.7, 1.5, 2.2, 2.4, 2.4, 2.6, 3, 2.8, 2.6, 2.6, 2.8, 3.2, 3.8, 4.4, 4.6, 4, 3, 1.8];

/** Options of a shopper's journey (and of the drivers that run many). */
export interface JourneyOptions {
  /** Seed of visit times, navigation and sampled clicks; default: the world's seed. */
  seed?: number;
  /** Mean number of sessions per shopper of average activity; default 8. */
  sessionsPerShopper?: number;
  /** Start of simulated time, ms since the epoch; default {@link SIM_START}. */
  start?: number;
  /** Length of simulated time in days; default 60. */
  days?: number;
}

/**
 * A shopper's journey: their sessions over the simulated period, page by page.
 *
 * Sessions start at random times over `days` (more in the evening), each with
 * 2–6 pages seconds to minutes apart. The first page of a session is home or
 * a category the shopper likes; after a click the shopper tends to follow the
 * clicked item's category. On each page every slot yields an impression, then
 * clicks (position-biased, see {@link trueClickProbability}), and for clicked
 * items carts and purchases, each a few seconds to minutes after the last.
 *
 * @example
 * const journey = new ShopperJourney(world, world.shoppers[0]);
 * for (let req = journey.next(); req; req = journey.next()) {
 *   events.push(...journey.respond(defaultPolicy(req, { world, rng: journey.policyRng })));
 * }
 */
export class ShopperJourney {
  /** The shopper. */
  readonly shopper: SimShopper;
  /** Stream for the policy's noise; separate, so policy draws do not shift behaviour draws. */
  readonly policyRng: Rng;
  /** Session start times (ms), ascending. */
  readonly sessionStarts: readonly number[];
  private readonly world: World;
  private readonly rng: Rng;
  private session = 0;
  private pageInSession = 0;
  private pagesInSession = 0;
  private clock: number;
  private requests = 0;
  private pending: SimPageRequest | null = null;
  private clickedCategories: string[] = [];

  /**
   * @param world The world.
   * @param shopper One of its shoppers.
   * @param options Seed, mean sessions, start and length of the period.
   * @throws {RangeError} when an option is out of range.
   */
  constructor(world: World, shopper: SimShopper, options: JourneyOptions = {}) {
    const seed = options.seed ?? world.seed;
    const mean = options.sessionsPerShopper ?? 8;
    const start = options.start ?? SIM_START;
    const days = options.days ?? 60;
    if (!Number.isFinite(seed)) throw new RangeError(`journey: seed must be a finite number, got ${seed}.`);
    if (!(mean > 0) || !Number.isFinite(mean)) throw new RangeError(`journey: sessionsPerShopper must be > 0, got ${mean}.`);
    if (!Number.isInteger(start)) throw new RangeError(`journey: start must be an integer ms timestamp, got ${start}.`);
    if (!(days > 0) || !Number.isFinite(days)) throw new RangeError(`journey: days must be > 0, got ${days}.`);
    this.world = world;
    this.shopper = shopper;
    const root = new Rng(seed).fork('journey').fork(shopper.id);
    this.rng = root.fork('behaviour');
    this.policyRng = root.fork('policy');

    const schedule = root.fork('schedule');
    const count = Math.max(1, schedule.poisson(mean * shopper.tastes.activity));
    const wholeDays = Math.max(1, Math.floor(days));
    const starts: number[] = [];
    for (let k = 0; k < count; k++) {
      const day = schedule.int(wholeDays);
      const hour = schedule.weightedIndex(HOURLY_TRAFFIC);
      starts.push(start + day * DAY + hour * HOUR + schedule.int(HOUR));
    }
    starts.sort((a, b) => a - b);
    this.sessionStarts = starts;
    this.clock = start;
  }

  /** True when every session has been played. */
  get done(): boolean {
    return this.session >= this.sessionStarts.length;
  }

  /**
   * The next page to rank, or `null` when the journey is over. Calling it
   * again before {@link respond} returns the same request.
   * @returns The page request.
   */
  next(): SimPageRequest | null {
    if (this.pending) return this.pending;
    if (this.done) return null;
    if (this.pageInSession === 0) {
      // A session that would start before the last one ended starts shortly after it.
      const planned = this.sessionStarts[this.session] as number;
      this.clock = Math.max(planned, this.clock + 20 * MINUTE);
      this.pagesInSession = this.rng.intBetween(2, 6);
      this.clickedCategories = [];
    }
    const category = this.chooseCategory();
    this.requests += 1;
    const { stats } = this.world;
    const requestId = `r${this.shopper.id}-${this.requests}`;
    if (category === null) {
      this.pending = {
        page: 'home',
        candidates: this.world.popularity.slice(),
        productSlots: HOME_LAYOUT.productSlots,
        adPositions: [...HOME_LAYOUT.adPositions],
        requestId,
        shopper: this.shopper.id,
        ts: this.clock,
      };
    } else {
      this.pending = {
        page: 'category',
        category,
        candidates: (this.world.categoryPopularity.get(category) ?? stats.categoryItems[stats.categories.indexOf(category)] ?? []).slice(),
        productSlots: CATEGORY_LAYOUT.productSlots,
        adPositions: [...CATEGORY_LAYOUT.adPositions],
        requestId,
        shopper: this.shopper.id,
        ts: this.clock,
      };
    }
    return this.pending;
  }

  /**
   * Shows the ranked grid to the shopper and returns what they did, in time
   * order: impressions, then clicks, carts and purchases.
   *
   * @param grid The ranked page for the last {@link next} request.
   * @returns The page's events (timestamps non-decreasing, after every earlier event).
   * @throws {RangeError} when no page is pending, or the grid repeats a slot or
   *   a product, names a product outside the candidates, or an unknown ad.
   */
  respond(grid: SimGrid): BehaviourEvent[] {
    const request = this.pending;
    if (!request) throw new RangeError('journey.respond: no page is pending; call next() first.');
    const slots = this.validate(request, grid);
    const requestId = grid.requestId ?? request.requestId;
    const page: PageType = request.page;
    const events: BehaviourEvent[] = [];
    const emit = (ts: number, type: EventType, item: string, slot: number, where: PageType): void => {
      events.push({ ts, shopper: this.shopper.id, type, item, slot, request: requestId, page: where });
    };
    const t0 = request.ts;
    for (const s of slots) emit(t0, s.kind === 'ad' ? 'ad_impression' : 'impression', s.itemId, s.slot, page);

    const rng = this.rng;
    const shopper = this.shopper;
    let cursor = t0 + 1000 + rng.int(3000);
    for (const s of slots) {
      const p = s.kind === 'ad' ? trueAdClickProbability(this.world, shopper, s.itemId, s.slot) : trueClickProbability(this.world, shopper, s.itemId, s.slot);
      if (!rng.chance(p)) continue;
      // Scrolling down to the slot, then the click.
      cursor += 1500 + Math.round(rng.exponential(4000));
      emit(cursor, s.kind === 'ad' ? 'ad_click' : 'click', s.itemId, s.slot, page);
      const item = this.world.catalogue.items[this.world.stats.itemIndex.get(s.itemId) as number];
      if (item) this.clickedCategories.push(item.category);
      const funnel = trueFunnel(this.world, shopper, s.itemId);
      if (rng.chance(funnel.cart)) {
        cursor += 10_000 + rng.int(80_000);
        emit(cursor, 'cart', s.itemId, s.slot, 'product');
        if (rng.chance(funnel.purchase)) {
          cursor += 30_000 + rng.int(210_000);
          emit(cursor, 'purchase', s.itemId, s.slot, 'cart');
        }
      } else {
        // Reading the product page, then back to the grid.
        cursor += 5000 + rng.int(55_000);
      }
    }
    this.clock = cursor + 3000 + rng.int(27_000);

    this.pending = null;
    this.pageInSession += 1;
    if (this.pageInSession >= this.pagesInSession) {
      this.session += 1;
      this.pageInSession = 0;
    }
    return events;
  }

  /** Home (null) or a category slug for the next page. */
  private chooseCategory(): string | null {
    const rng = this.rng;
    if (this.pageInSession > 0 && this.clickedCategories.length > 0 && rng.chance(0.6)) {
      return rng.pick(this.clickedCategories);
    }
    if (rng.chance(0.5)) return null;
    // Mostly the shopper's own categories, sometimes anything (window shopping).
    const slugs = this.world.stats.categories;
    const interest = this.shopper.tastes.categories;
    return rng.weighted(
      slugs,
      slugs.map((slug) => 0.85 * (interest[slug] ?? 0) + 0.15 / slugs.length),
    );
  }

  /** The grid's slots sorted by position, after checking it against the request. */
  private validate(request: SimPageRequest, grid: SimGrid): SimSlot[] {
    const { stats } = this.world;
    const slots = [...grid.slots].sort((a, b) => a.slot - b.slot);
    const positions = new Set<number>();
    const products = new Set<string>();
    const categoryIndex = request.category === undefined ? -1 : stats.categories.indexOf(request.category);
    for (const s of slots) {
      if (!Number.isInteger(s.slot) || s.slot < 0) throw new RangeError(`journey.respond: slot ${s.slot} is not a non-negative integer.`);
      if (positions.has(s.slot)) throw new RangeError(`journey.respond: grid position ${s.slot} is filled twice.`);
      positions.add(s.slot);
      const index = stats.itemIndex.get(s.itemId);
      if (index === undefined) throw new RangeError(`journey.respond: unknown item "${s.itemId}" at slot ${s.slot}.`);
      if (s.kind === 'ad') {
        const ad = stats.adsById.get(s.adId);
        if (!ad || ad.itemId !== s.itemId) {
          throw new RangeError(`journey.respond: ad "${s.adId}" at slot ${s.slot} is not a creative for "${s.itemId}".`);
        }
        continue;
      }
      if (products.has(s.itemId)) throw new RangeError(`journey.respond: product "${s.itemId}" is shown twice.`);
      products.add(s.itemId);
      if (categoryIndex >= 0 && stats.itemCategory[index] !== categoryIndex) {
        throw new RangeError(`journey.respond: "${s.itemId}" is not a candidate of category page "${request.category}".`);
      }
    }
    return slots;
  }
}
