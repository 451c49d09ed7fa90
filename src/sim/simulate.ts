/**
 * Drivers that play every shopper's journey through a policy and collect the
 * events: a synchronous one for training data, an asynchronous one for
 * policies that answer with promises (the real engine).
 */
import type { Catalogue } from '../engine/catalogue/types';
import type { BehaviourEvent } from '../engine/events/types';
import { ShopperJourney, type JourneyOptions } from './journey';
import type { SimPageRequest } from './page';
import { defaultPolicy, type AsyncPolicy, type Policy } from './policy';
import type { SimShopper } from './shopper';
import { createWorld, type World } from './world';

/** How the returned events are ordered. */
export type EventOrder = 'time' | 'shopper';

/** Options of {@link simulateWorld}. */
export interface SimulateOptions extends JourneyOptions {
  /** Ranks each page; default {@link defaultPolicy}. */
  policy?: Policy;
  /**
   * `'time'` (default): all events by timestamp, ties kept in shopper order, as
   * a shop's server log would be. `'shopper'`: shopper by shopper, each in time order.
   */
  order?: EventOrder;
}

/** Options of {@link simulateLogs}: a world and its logs from one seed. */
export interface SimulateLogsOptions extends Omit<SimulateOptions, 'seed'> {
  /** Seed of the world and of the journeys. */
  seed: number;
  catalogue: Catalogue;
  /** Number of shoppers. */
  shoppers: number;
}

/** Options of {@link simulateWorldAsync}. */
export interface SimulateAsyncOptions extends JourneyOptions {
  policy: AsyncPolicy;
  order?: EventOrder;
  /** Called with each page's events before the shopper's next page is requested (for example to record them in the engine). */
  onEvents?: (events: BehaviourEvent[], request: SimPageRequest) => void | Promise<void>;
  /** Called after each shopper's journey with the number of shoppers done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between pages; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

function ordered(perShopper: BehaviourEvent[][], order: EventOrder): BehaviourEvent[] {
  const all = perShopper.flat();
  // Array.prototype.sort is stable, so equal timestamps keep shopper order.
  if (order === 'time') all.sort((a, b) => a.ts - b.ts);
  return all;
}

/**
 * Plays every shopper of a world through a synchronous policy.
 *
 * @param world The world.
 * @param options Policy, journey seed (default: the world's seed; use another
 *   seed for a held-out log of the same shoppers), period and order.
 * @returns The events.
 * @throws {RangeError} when an option is out of range or the policy returns an invalid grid.
 * @example
 * const world = createWorld({ seed: 1, catalogue, shoppers: 800 });
 * const train = simulateWorld(world);
 * const test = simulateWorld(world, { seed: 2, start: SIM_START + 60 * 86_400_000, days: 14 });
 */
export function simulateWorld(world: World, options: SimulateOptions = {}): BehaviourEvent[] {
  const policy = options.policy ?? defaultPolicy;
  const perShopper = world.shoppers.map((shopper) => {
    const journey = new ShopperJourney(world, shopper, options);
    const context = { world, rng: journey.policyRng };
    const events: BehaviourEvent[] = [];
    for (let request = journey.next(); request; request = journey.next()) {
      for (const e of journey.respond(policy(request, context))) events.push(e);
    }
    return events;
  });
  return ordered(perShopper, options.order ?? 'time');
}

/**
 * Plays every shopper of a world through a policy that may return promises,
 * one shopper after another, one page at a time. With the same seed and a
 * policy that returns the same grids, the events equal {@link simulateWorld}'s.
 *
 * @param world The world.
 * @param options Policy, callbacks, abort signal and journey options.
 * @returns The events.
 * @throws {RangeError} as {@link simulateWorld}; rejects with the signal's reason when aborted.
 * @example
 * await simulateWorldAsync(world, { policy: async (req) => engine.rank(req), onEvents: (e) => engine.recordMany(e) });
 */
export async function simulateWorldAsync(world: World, options: SimulateAsyncOptions): Promise<BehaviourEvent[]> {
  const perShopper: BehaviourEvent[][] = [];
  const shoppers: readonly SimShopper[] = world.shoppers;
  for (const shopper of shoppers) {
    const journey = new ShopperJourney(world, shopper, options);
    const context = { world, rng: journey.policyRng };
    const events: BehaviourEvent[] = [];
    for (let request = journey.next(); request; request = journey.next()) {
      options.signal?.throwIfAborted();
      const page = journey.respond(await options.policy(request, context));
      for (const e of page) events.push(e);
      await options.onEvents?.(page, request);
    }
    perShopper.push(events);
    options.onProgress?.(perShopper.length, shoppers.length);
  }
  return ordered(perShopper, options.order ?? 'time');
}

/**
 * Creates a world and simulates its event log in one call: the fast path for
 * training data. 800 shoppers with 8 sessions each take about a second.
 *
 * @param options Seed, catalogue, number of shoppers, and the optional
 *   {@link SimulateOptions}.
 * @returns The events; the same options give identical events.
 * @throws {RangeError} when an option is out of range.
 * @example
 * const events = simulateLogs({ seed: 1, catalogue: generateCatalogue(), shoppers: 800 });
 */
export function simulateLogs(options: SimulateLogsOptions): BehaviourEvent[] {
  const world = createWorld({ seed: options.seed, catalogue: options.catalogue, shoppers: options.shoppers });
  return simulateWorld(world, { ...options, seed: options.seed });
}
