import { describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../engine/events/types';
import { generateCatalogue } from './catalogue';
import { SIM_START, ShopperJourney } from './journey';
import type { SimGrid } from './page';
import { defaultPolicy } from './policy';
import { createWorld } from './world';

const catalogue = generateCatalogue();
const world = createWorld({ seed: 6, catalogue, shoppers: 10 });
const DAY = 86_400_000;

function play(journey: ShopperJourney): BehaviourEvent[] {
  const events: BehaviourEvent[] = [];
  for (let req = journey.next(); req; req = journey.next()) {
    events.push(...journey.respond(defaultPolicy(req, { world, rng: journey.policyRng })));
  }
  return events;
}

describe('ShopperJourney', () => {
  it('asks for home or category pages with the documented layouts and unique request ids', () => {
    const journey = new ShopperJourney(world, world.shoppers[0]!);
    const ids = new Set<string>();
    let pages = 0;
    for (let req = journey.next(); req; req = journey.next()) {
      expect(journey.next()).toBe(req); // asking again before answering is harmless
      expect(req.requestId).toBe(`rs0001-${pages + 1}`);
      ids.add(req.requestId);
      expect(req.productSlots).toBe(24);
      if (req.page === 'home') {
        expect(req.adPositions).toEqual([3, 12, 21]);
        expect(req.candidates).toEqual(world.popularity);
        expect(req.category).toBeUndefined();
      } else {
        expect(req.adPositions).toEqual([5, 17]);
        expect(req.candidates).toEqual(world.categoryPopularity.get(req.category!));
      }
      journey.respond(defaultPolicy(req, { world, rng: journey.policyRng }));
      pages++;
    }
    expect(ids.size).toBe(pages);
    expect(journey.done).toBe(true);
    // Each session has 2–6 pages.
    const sessions = journey.sessionStarts.length;
    expect(pages).toBeGreaterThanOrEqual(2 * sessions);
    expect(pages).toBeLessThanOrEqual(6 * sessions);
  });

  it('spreads sessions over the period with hours-to-days gaps, pages seconds-to-minutes apart', () => {
    const journey = new ShopperJourney(world, world.shoppers[1]!, { sessionsPerShopper: 12 });
    const starts = journey.sessionStarts;
    expect(starts.length).toBeGreaterThan(1);
    expect(starts[0]!).toBeGreaterThanOrEqual(SIM_START);
    expect(starts[starts.length - 1]!).toBeLessThan(SIM_START + 60 * DAY);
    const events = play(journey);
    const pageTimes = [...new Set(events.filter((e) => e.type === 'impression').map((e) => e.ts))];
    const gaps = pageTimes.slice(1).map((t, k) => t - pageTimes[k]!);
    expect(Math.min(...gaps)).toBeGreaterThan(3000);
    // Pages of a session are under 20 minutes apart; sessions at least 20 minutes.
    expect(gaps.filter((g) => g < 20 * 60_000).length).toBe(gaps.length - (starts.length - 1));
    expect(gaps.filter((g) => g > 3_600_000).length).toBeGreaterThan((starts.length - 1) / 2);
  });

  it('emits impressions first, then labels a few seconds later with the same request and slot', () => {
    const journey = new ShopperJourney(world, world.shoppers[2]!);
    const req = journey.next()!;
    const grid = defaultPolicy(req, { world, rng: journey.policyRng });
    const events = journey.respond(grid);
    const impressions = events.filter((e) => e.type === 'impression' || e.type === 'ad_impression');
    expect(impressions).toHaveLength(grid.slots.length);
    expect(impressions.every((e) => e.ts === req.ts && e.request === req.requestId && e.page === req.page)).toBe(true);
    expect(events.slice(0, impressions.length)).toEqual(impressions);
    for (const e of events.slice(impressions.length)) {
      expect(e.ts).toBeGreaterThan(req.ts);
      expect(e.request).toBe(req.requestId);
      expect(grid.slots.some((s) => s.slot === e.slot && s.itemId === e.item)).toBe(true);
    }
  });

  it('uses the grid’s own request id when it brings one (as the engine does)', () => {
    const journey = new ShopperJourney(world, world.shoppers[3]!);
    const req = journey.next()!;
    const events = journey.respond({ ...defaultPolicy(req, { world, rng: journey.policyRng }), requestId: 'engine-42' });
    expect(new Set(events.map((e) => e.request))).toEqual(new Set(['engine-42']));
  });

  it('rejects answers that do not fit the request, naming the problem', () => {
    const journey = new ShopperJourney(world, world.shoppers[4]!);
    expect(() => journey.respond({ slots: [] })).toThrow(/call next\(\) first/);
    const req = journey.next()!;
    const first = req.candidates[0]!;
    const bad =
      (grid: SimGrid): (() => unknown) =>
      () =>
        journey.respond(grid);
    expect(
      bad({
        slots: [
          { kind: 'product', itemId: first, slot: 0 },
          { kind: 'product', itemId: req.candidates[1]!, slot: 0 },
        ],
      }),
    ).toThrow(/filled twice/);
    expect(
      bad({
        slots: [
          { kind: 'product', itemId: first, slot: 0 },
          { kind: 'product', itemId: first, slot: 1 },
        ],
      }),
    ).toThrow(/shown twice/);
    expect(bad({ slots: [{ kind: 'product', itemId: 'p9999', slot: 0 }] })).toThrow(/unknown item/);
    expect(bad({ slots: [{ kind: 'ad', adId: 'ad99', itemId: first, slot: 0 }] })).toThrow(/not a creative/);
    expect(bad({ slots: [{ kind: 'product', itemId: first, slot: -1 }] })).toThrow(/non-negative/);
    // A rejected answer leaves the page pending.
    expect(journey.next()).toBe(req);
  });

  it('rejects products from another category on a category page', () => {
    const journey = new ShopperJourney(world, world.shoppers[5]!, { sessionsPerShopper: 20 });
    let req = journey.next()!;
    while (req.page !== 'category') {
      journey.respond(defaultPolicy(req, { world, rng: journey.policyRng }));
      req = journey.next()!;
    }
    const outsider = catalogue.items.find((i) => i.category !== req.category)!;
    expect(() => journey.respond({ slots: [{ kind: 'product', itemId: outsider.id, slot: 0 }] })).toThrow(/not a candidate/);
  });

  it('rejects out-of-range options', () => {
    expect(() => new ShopperJourney(world, world.shoppers[0]!, { sessionsPerShopper: 0 })).toThrow(/sessionsPerShopper/);
    expect(() => new ShopperJourney(world, world.shoppers[0]!, { days: -1 })).toThrow(/days/);
    expect(() => new ShopperJourney(world, world.shoppers[0]!, { start: 1.5 })).toThrow(/start/);
  });
});
