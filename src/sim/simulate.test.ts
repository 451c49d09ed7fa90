import { describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../engine/events/types';
import { trueRelevance } from './behaviour';
import { generateCatalogue } from './catalogue';
import { SIM_START } from './journey';
import { defaultPolicy, randomPolicy } from './policy';
import type { SimShopper } from './shopper';
import { simulateLogs, simulateWorld, simulateWorldAsync } from './simulate';
import { createWorld } from './world';

const catalogue = generateCatalogue();
const world = createWorld({ seed: 11, catalogue, shoppers: 400 });
const events = simulateWorld(world);
const randomEvents = simulateWorld(world, { policy: randomPolicy });
const itemCategory = new Map(catalogue.items.map((i) => [i.id, i.category]));

const count = (evs: readonly BehaviourEvent[], type: BehaviourEvent['type']): number => evs.filter((e) => e.type === type).length;
const key = (e: BehaviourEvent): string => `${e.request}|${e.slot}|${e.item}`;

/** Area under the ROC curve by the rank-sum formula, ties sharing their average rank. */
function auc(rows: { score: number; label: number }[]): number {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.label) {
        positives++;
        rankSum += avg;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

describe('simulateLogs', () => {
  it('gives identical events for the same seed and different ones for another seed', () => {
    const a = simulateLogs({ seed: 3, catalogue, shoppers: 40 });
    const b = simulateLogs({ seed: 3, catalogue, shoppers: 40 });
    expect(b).toEqual(a);
    expect(simulateLogs({ seed: 4, catalogue, shoppers: 40 })).not.toEqual(a);
  });

  it('writes valid events over 60 days from 2026-09-01, time-ordered overall and per shopper', () => {
    expect(events.length).toBeGreaterThan(100_000);
    const shoppers = new Set(world.shoppers.map((s) => s.id));
    // Counting violations instead of one expect per event keeps this test fast.
    let bad = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (!shoppers.has(e.shopper) || !itemCategory.has(e.item) || !Number.isInteger(e.ts)) bad++;
      if (i > 0 && e.ts < events[i - 1]!.ts) bad++;
    }
    expect(bad).toBe(0);
    expect(events[0]!.ts).toBeGreaterThanOrEqual(SIM_START);
    expect(events[events.length - 1]!.ts).toBeLessThan(SIM_START + 61 * 86_400_000);
    const byShopper = simulateWorld(world, { order: 'shopper' });
    expect(byShopper.length).toBe(events.length);
    const last = new Map<string, number>();
    let backwards = 0;
    for (const e of byShopper) {
      if (e.ts < (last.get(e.shopper) ?? 0)) backwards++;
      last.set(e.shopper, e.ts);
    }
    expect(backwards).toBe(0);
    expect(new Set(byShopper.slice(0, 50).map((e) => e.shopper)).size).toBe(1);
  });

  it('gives each request one shopper, one page, 24 product slots and its ad slots', () => {
    const pages = new Map<string, { shopper: string; page: string; products: number; ads: number; slots: Set<number>; mixed: boolean }>();
    for (const e of events) {
      if (e.type !== 'impression' && e.type !== 'ad_impression') continue;
      const p = pages.get(e.request!) ?? { shopper: e.shopper, page: e.page, products: 0, ads: 0, slots: new Set<number>(), mixed: false };
      if (p.shopper !== e.shopper || p.page !== e.page) p.mixed = true;
      p.slots.add(e.slot!);
      if (e.type === 'impression') p.products++;
      else p.ads++;
      pages.set(e.request!, p);
    }
    const wrong = [...pages.values()].filter(
      (p) => p.mixed || p.products !== 24 || p.ads !== (p.page === 'home' ? 3 : 2) || p.slots.size !== p.products + p.ads,
    );
    expect(wrong).toEqual([]);
    // Events per shopper: ~8 sessions × ~4 pages × 26–27 slots.
    const perShopper = events.length / world.shoppers.length;
    expect(perShopper).toBeGreaterThan(500);
    expect(perShopper).toBeLessThan(1500);
  });

  it('joins every label to its impression by request and slot: click ← impression, cart ← click, purchase ← cart', () => {
    const seen = new Map<string, Set<string>>();
    const orphans: BehaviourEvent[] = [];
    const needs: Partial<Record<BehaviourEvent['type'], readonly string[]>> = {
      click: ['impression'],
      ad_click: ['ad_impression'],
      cart: ['click', 'ad_click'],
      purchase: ['cart'],
    };
    for (const e of events) {
      const before = seen.get(key(e)) ?? new Set<string>();
      const parents = needs[e.type];
      if (parents && !parents.some((p) => before.has(p))) orphans.push(e);
      if ((e.type === 'cart' && e.page !== 'product') || (e.type === 'purchase' && e.page !== 'cart')) orphans.push(e);
      before.add(e.type);
      seen.set(key(e), before);
    }
    expect(orphans).toEqual([]);
    expect(count(events, 'purchase')).toBeGreaterThan(0);
  });

  it('has realistic funnel rates: 1–3 clicks per page, purchases 0.5–1.5 % of impressions', () => {
    const impressions = count(events, 'impression') + count(events, 'ad_impression');
    const clicks = count(events, 'click') + count(events, 'ad_click');
    const pages = new Set(events.filter((e) => e.type === 'impression').map((e) => e.request)).size;
    expect(clicks / pages).toBeGreaterThan(1);
    expect(clicks / pages).toBeLessThan(3);
    const purchaseRate = count(events, 'purchase') / impressions;
    expect(purchaseRate).toBeGreaterThan(0.005);
    expect(purchaseRate).toBeLessThan(0.015);
    expect(count(events, 'cart')).toBeLessThan(clicks);
    expect(count(events, 'purchase')).toBeLessThan(count(events, 'cart'));
  });

  it('shows position bias: under a random order, CTR falls with the slot like (1 + slot)^−0.7', () => {
    const shown = new Array<number>(27).fill(0);
    const clicked = new Array<number>(27).fill(0);
    for (const e of randomEvents) {
      if (e.page !== 'home') continue;
      if (e.type === 'impression') shown[e.slot!]!++;
      if (e.type === 'click') clicked[e.slot!]!++;
    }
    const ctr = (from: number, to: number): number => {
      let c = 0;
      let n = 0;
      for (let s = from; s <= to; s++) {
        c += clicked[s]!;
        n += shown[s]!;
      }
      return c / n;
    };
    expect(ctr(0, 0)).toBeGreaterThan(ctr(1, 2));
    expect(ctr(1, 2)).toBeGreaterThan(ctr(4, 8));
    expect(ctr(4, 8)).toBeGreaterThan(ctr(9, 16));
    expect(ctr(9, 16)).toBeGreaterThan(ctr(17, 26));
    // Relevance is independent of the slot here, so CTR(0) / CTR(10) ≈ 11^0.7 = 5.4.
    const ratio = ctr(0, 0) / ctr(10, 10);
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(8);
  });

  it('makes shoppers click their favourite category far more than others', () => {
    const favourite = new Map(world.shoppers.map((s) => [s.id, Object.entries(s.tastes.categories).sort((a, b) => b[1] - a[1])[0]![0]]));
    let favShown = 0;
    let favClicked = 0;
    let otherShown = 0;
    let otherClicked = 0;
    for (const e of events) {
      const fav = favourite.get(e.shopper) === itemCategory.get(e.item);
      if (e.type === 'impression') fav ? favShown++ : otherShown++;
      if (e.type === 'click') fav ? favClicked++ : otherClicked++;
    }
    expect(favClicked / favShown).toBeGreaterThan(2.5 * (otherClicked / otherShown));
    expect(favClicked / (favClicked + otherClicked)).toBeGreaterThan(0.4);
  });

  it('clicks ads less than products', () => {
    const adCtr = count(events, 'ad_click') / count(events, 'ad_impression');
    const productCtr = count(events, 'click') / count(events, 'impression');
    expect(adCtr).toBeGreaterThan(0.003);
    expect(adCtr).toBeLessThan(productCtr);
  });

  it('leaves room for personalisation: true relevance ranks clicks far better than popularity (AUC)', () => {
    const shopper = new Map<string, SimShopper>(world.shoppers.map((s) => [s.id, s]));
    const clicks = new Set(events.filter((e) => e.type === 'click').map(key));
    const popRank = new Map(world.popularity.map((id, i) => [id, -i]));
    const impressions = events.filter((e) => e.type === 'impression').slice(0, 60_000);
    const oracle = auc(impressions.map((e) => ({ score: trueRelevance(world, shopper.get(e.shopper)!, e.item), label: clicks.has(key(e)) ? 1 : 0 })));
    const popularity = auc(impressions.map((e) => ({ score: popRank.get(e.item)!, label: clicks.has(key(e)) ? 1 : 0 })));
    expect(oracle).toBeGreaterThan(popularity + 0.1);
    expect(oracle).toBeGreaterThan(0.72);
  });

  it('makes a held-out log of the same shoppers with another seed and period', () => {
    const small = createWorld({ seed: 11, catalogue, shoppers: 30 });
    const start = SIM_START + 60 * 86_400_000;
    const test = simulateWorld(small, { seed: 99, start, days: 14 });
    expect(test[0]!.ts).toBeGreaterThanOrEqual(start);
    expect(new Set(test.map((e) => e.shopper)).size).toBe(30);
    expect(test).not.toEqual(simulateWorld(small, { start, days: 14 }));
  });

  it('drives an async policy to exactly the events of the sync driver', async () => {
    const small = createWorld({ seed: 12, catalogue, shoppers: 15 });
    const recorded: BehaviourEvent[] = [];
    let progress = 0;
    const asyncEvents = await simulateWorldAsync(small, {
      policy: async (req, ctx) => defaultPolicy(req, ctx),
      onEvents: (page) => {
        recorded.push(...page);
      },
      onProgress: (done) => {
        progress = done;
      },
    });
    expect(asyncEvents).toEqual(simulateWorld(small));
    expect(recorded.length).toBe(asyncEvents.length);
    expect(progress).toBe(15);
  });

  it('stops the async driver when aborted', async () => {
    const small = createWorld({ seed: 12, catalogue, shoppers: 5 });
    const controller = new AbortController();
    let pages = 0;
    const run = simulateWorldAsync(small, {
      policy: (req, ctx) => {
        if (++pages === 3) controller.abort(new Error('stop'));
        return defaultPolicy(req, ctx);
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow('stop');
    expect(pages).toBe(3);
  });
});
