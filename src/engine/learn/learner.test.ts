import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FineTuneRound, Recommender, RankRequest, RankResult } from '../api';
import { createRecommender, type RecommenderOptions } from '../recommender';
import { readMark } from './learner';
import type { CheckpointRecord } from '../storage/schema';
import { openBehaviourStore } from '../storage/store';
import { memoryFetch, readModelFiles } from '../testing/files';
import { FIXTURE_CATALOGUE, FIXTURE_SPEC } from '../testing/fixture';
import { FIXTURE_MODEL_DIR } from '../testing/fixture-model';

const open: Recommender[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.dispose();
});

let dbn = 0;
let now = Date.UTC(2026, 10, 27, 9);
const clock = () => now;

async function engine(dbName: string, extra: Partial<RecommenderOptions> = {}): Promise<Recommender> {
  const fetchFn = memoryFetch(await readModelFiles(FIXTURE_MODEL_DIR, '/models/'));
  const r = await createRecommender({
    catalogue: FIXTURE_CATALOGUE,
    modelUrl: '/models/',
    backends: ['cpu'],
    fetch: fetchFn,
    dbName,
    now: clock,
    fineTune: { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 30, batchSize: 32, learningRate: 0.05 },
    ...extra,
  });
  open.push(r);
  return r;
}

const request: RankRequest = { page: 'home', candidates: FIXTURE_CATALOGUE.items.map((i) => i.id), productSlots: 8 };
const category = (id: string) => FIXTURE_CATALOGUE.items.find((i) => i.id === id)!.category;

/** A shopper who clicks every lamp on every page and nothing else. */
async function browseLamps(r: Recommender, pages: number): Promise<void> {
  for (let p = 0; p < pages; p++) {
    now += 60_000;
    const page = await r.rank(request);
    await r.recordMany(
      page.slots.map((s) => ({ type: s.kind === 'ad' ? 'ad_impression' : 'impression', item: s.itemId, slot: s.slot, request: page.requestId, page: 'home' })),
    );
    for (const s of page.slots) {
      if (s.kind === 'product' && category(s.itemId) === 'lamps') {
        now += 1_000;
        await r.record({ type: 'click', item: s.itemId, slot: s.slot, request: page.requestId, page: 'home' });
      }
    }
  }
}

/** Mean click score of lamps minus mean click score of shoes. */
function lampMargin(page: RankResult): number {
  const score = (cat: string) => {
    const s = page.slots.flatMap((x) => (x.kind === 'product' && category(x.itemId) === cat ? [x.scores!.click] : []));
    return s.reduce((a, b) => a + b, 0) / s.length;
  };
  return score('lamps') - score('shoes');
}

describe('the stored fine-tuning mark', () => {
  it('is read for this model version only, and a malformed one is no mark', () => {
    const mark = { model: '1.0.0+abc', pagesAfter: 5, clicksAfter: 7 };
    expect(readMark(JSON.stringify(mark), '1.0.0+abc')).toEqual(mark);
    // A new shipped model has learnt from none of the shopper's clicks.
    expect(readMark(JSON.stringify(mark), '1.0.1+def')).toBeNull();
    for (const bad of [
      undefined,
      null,
      7,
      '',
      'not json',
      '[]',
      'null',
      JSON.stringify({ ...mark, clicksAfter: 'soon' }),
      JSON.stringify({ ...mark, pagesAfter: null }),
    ]) {
      expect(readMark(bad, '1.0.0+abc'), String(bad)).toBeNull();
    }
  });

  it("carries the panel's counters and chart, a diverged round's NaN loss included, and drops them when they are malformed", () => {
    const round: FineTuneRound = {
      at: 1_000,
      steps: 12,
      loss: NaN,
      heldOutLossBefore: 0.4,
      heldOutLossAfter: NaN,
      aucBefore: 0.6,
      aucAfter: null,
      accepted: false,
      reason: 'non-finite loss',
      priorScale: 1,
      priorScaleKept: false,
    };
    const mark = { model: 'v1', pagesAfter: 5, clicksAfter: 7 };
    const progress = { rounds: 3, rollbacks: 2, history: [round] };
    expect(readMark(JSON.stringify({ ...mark, progress }), 'v1')).toEqual({ ...mark, progress });
    const malformed = [
      { ...progress, rollbacks: 4 },
      { ...progress, rounds: 0 },
      { ...progress, rounds: -1 },
      { ...progress, history: 'rounds' },
      { ...progress, history: [{ ...round, accepted: 'no' }] },
      { ...progress, history: [{ ...round, steps: '12' }] },
      { ...progress, history: [{ ...round, heldOutOrderAfter: 'low' }] },
    ];
    for (const bad of malformed) expect(readMark(JSON.stringify({ ...mark, progress: bad }), 'v1'), JSON.stringify(bad)).toEqual(mark);
  });
});

describe('on-device fine-tuning (fixture model, cpu)', () => {
  it("moves a biased shopper's category up beyond what the features alone do", async () => {
    const name = `ft-${++dbn}`;
    const learning = await engine(name);
    await browseLamps(learning, 8);
    now += 60_000;
    const frozenEngine = await engine(name, { fineTune: false });
    const frozen = lampMargin(await frozenEngine.rank(request));
    let status = learning.fineTuneStatus();
    for (let i = 0; i < 4; i++) {
      await browseLamps(learning, 2);
      status = await learning.fineTune();
    }
    expect(status.rounds).toBe(4);
    expect(status.acceptedSteps).toBeGreaterThan(0);
    expect(status.history.every((h) => Number.isFinite(h.heldOutLossBefore))).toBe(true);
    const tuned = lampMargin(await learning.rank(request));
    const frozenNow = lampMargin(await frozenEngine.rank(request));
    // Same stored behaviour, same features: only the fine-tuned weights differ.
    expect(tuned).toBeGreaterThan(frozenNow + 0.05);
    expect(frozenNow).toBeGreaterThanOrEqual(frozen - 0.2);
  });

  it("solves the personal head exactly when asked, and that alone moves the shopper's category up", async () => {
    const name = `ft-${++dbn}`;
    // A learning rate of 0: the optimiser steps change nothing, so what moves is the solved head.
    const solving = { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 2, batchSize: 32, learningRate: 0, personalPrior: 1 };
    const learning = await engine(name, { fineTune: solving });
    await browseLamps(learning, 8);
    const frozenEngine = await engine(name, { fineTune: false });
    let status = learning.fineTuneStatus();
    for (let i = 0; i < 3; i++) {
      await browseLamps(learning, 2);
      status = await learning.fineTune();
    }
    expect(status.rounds).toBe(3);
    expect(status.acceptedSteps).toBeGreaterThan(0);
    expect(lampMargin(await learning.rank(request))).toBeGreaterThan(lampMargin(await frozenEngine.rank(request)) + 0.05);
  });

  it('learns that a shopper the crowd explains badly leans less on the popularity prior, and keeps that in the checkpoint', async () => {
    const fetch = await lampsUnpopular();
    const name = `ft-${++dbn}`;
    const withPrior = { fetch, fineTune: { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 4, batchSize: 32, learningRate: 0.01, priorScaleStrength: 1 } };
    const r = await engine(name, withPrior);
    expect(r.fineTuneStatus().priorScale).toBe(1);
    await browseLamps(r, 6);
    let status = r.fineTuneStatus();
    for (let i = 0; i < 4 && status.priorScale === 1; i++) {
      await browseLamps(r, 2);
      status = await r.fineTune();
    }
    expect(status.priorScale).toBeLessThan(0.8);
    expect(status.priorScale).toBeGreaterThanOrEqual(0);
    // The prior's share of pCTR shown to the shopper follows the scale (a few
    // dozen actions barely fade a prior that halves at 1,000).
    now += 60_000;
    await r.rank(request);
    expect(r.info().popularityShare).toBeCloseTo(status.priorScale * 0.5, 1);
    expect(r.info().popularityShare).toBeLessThan(0.5 * 0.8);
    // A reload ranks with the same scale; a reset goes back to the shipped one.
    const again = await engine(name, withPrior);
    expect(again.fineTuneStatus().priorScale).toBe(status.priorScale);
    // The panel's counters and last loss come back with the checkpoint.
    expect(again.fineTuneStatus()).toMatchObject({ acceptedSteps: status.acceptedSteps, rounds: status.rounds, lastLoss: status.lastLoss });
    expect(again.fineTuneStatus().lastLoss).toEqual(expect.any(Number));
    await again.resetPersonalisation();
    expect(again.fineTuneStatus().priorScale).toBe(1);
  });

  it('keeps a better crowd weight from a round whose weights are rolled back', async () => {
    const fetch = await lampsUnpopular();
    const name = `ft-${++dbn}`;
    // Steps that diverge: the new weights never survive the guard.
    const diverging = {
      fetch,
      fineTune: { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 20, batchSize: 32, learningRate: 1e38, anchor: 0, priorScaleStrength: 1 },
    };
    const r = await engine(name, diverging);
    await browseLamps(r, 6);
    let status = await r.fineTune();
    for (let i = 0; i < 4 && status.priorScale === 1; i++) {
      await browseLamps(r, 2);
      status = await r.fineTune();
    }
    const kept = status.history.find((round) => round.priorScaleKept);
    expect(kept).toMatchObject({ accepted: false });
    expect(status.rollbacks).toBe(status.rounds);
    expect(status.acceptedSteps).toBe(0);
    expect(status.priorScale).toBeLessThan(1);
    expect(status.history.at(-1)!.priorScale).toBe(status.priorScale);
    expect(status.checkpoint).not.toBeNull();
    // The network is still the shipped one: pCVR = pCTCVR / pCTR, which the
    // prior's blend leaves alone, matches an engine that never fine-tuned.
    now += 60_000;
    const page = await r.rank(request);
    const shipped = await engine(name, { fetch, fineTune: false });
    const frozenPage = await shipped.rank(request);
    const pcvr = (p: RankResult) => new Map(p.slots.flatMap((x) => (x.kind === 'product' ? [[x.itemId, x.scores!.purchase / x.scores!.click] as const] : [])));
    const [tuned, frozen] = [pcvr(page), pcvr(frozenPage)];
    expect(tuned.size).toBe(8);
    for (const [id, v] of tuned) expect(v).toBeCloseTo(frozen.get(id)!, 6);
    expect(r.info().popularityShare).toBeLessThan(shipped.info().popularityShare!);
    // The scale is in the checkpoint.
    const again = await engine(name, diverging);
    expect(again.fineTuneStatus().priorScale).toBe(status.priorScale);
  });

  it('keeps the checkpoint across a reload and forgets it on reset', async () => {
    const name = `ft-${++dbn}`;
    const first = await engine(name);
    await browseLamps(first, 6);
    const status = await first.fineTune();
    // The fixture is random enough that a round can lose on the held-back pages: try until one is kept.
    for (let i = 0; i < 5 && learningIsShipped(first); i++) {
      await browseLamps(first, 2);
      await first.fineTune();
    }
    expect(status.rounds).toBeGreaterThanOrEqual(1);
    expect(first.fineTuneStatus().checkpoint).not.toBeNull();
    now += 60_000;
    const before = await first.rank(request);
    await first.dispose();
    open.splice(open.indexOf(first), 1);

    const second = await engine(name);
    expect(second.fineTuneStatus().checkpoint).toEqual(first.fineTuneStatus().checkpoint);
    const after = await second.rank(request);
    expect(after.slots.map((s) => s.scores)).toEqual(before.slots.map((s) => s.scores));

    await second.resetPersonalisation();
    expect(second.fineTuneStatus().checkpoint).toBeNull();
    expect(second.fineTuneStatus().acceptedSteps).toBe(0);
    const shipped = await engine(name, { fineTune: false });
    const reset = await second.rank(request);
    expect(reset.slots.map((s) => s.scores)).toEqual((await shipped.rank(request)).slots.map((s) => s.scores));
    const third = await engine(name);
    expect(third.fineTuneStatus().checkpoint).toBeNull();
  });

  it('rolls back a diverging round, so the ranking never sees it, and the panel still shows it after a page load', async () => {
    const name = `ft-${++dbn}`;
    const diverging = { fineTune: { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 20, batchSize: 32, learningRate: 1e38, anchor: 0 } };
    const r = await engine(name, diverging);
    await browseLamps(r, 6);
    now += 60_000;
    const before = await r.rank(request);
    const status = await r.fineTune();
    expect(status.rounds).toBe(1);
    expect(status.rollbacks).toBe(1);
    expect(status.history[0]!.accepted).toBe(false);
    expect(status.history[0]!.reason).toMatch(/non-finite|worse/);
    // The fixture ships no popularity prior, so there is no crowd weight to keep instead, and nothing is saved.
    expect(status.history[0]!.priorScaleKept).toBe(false);
    expect(status.checkpoint).toBeNull();
    const after = await r.rank(request);
    expect(after.slots.map((s) => s.scores)).toEqual(before.slots.map((s) => s.scores));

    // No checkpoint holds the round; the stored mark does, its non-finite loss included.
    await r.dispose();
    open.splice(open.indexOf(r), 1);
    const reloaded = (await engine(name, diverging)).fineTuneStatus();
    expect(reloaded).toMatchObject({ rounds: 1, rollbacks: 1, acceptedSteps: 0, checkpoint: null, pendingFeedback: 0 });
    expect(reloaded.history).toEqual(status.history);
    expect(reloaded.lastLoss).toBe(Number.isFinite(status.history[0]!.loss) ? status.history[0]!.loss : null);
  });

  it('goes back to the shipped weights once they have done better on feedback neither had learned from', async () => {
    // Learning rate 0 and no crowd weight: a round changes nothing, so only going back can change the ranking.
    const still = { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 2, batchSize: 32, learningRate: 0, priorScaleStrength: 0 };
    const scores = (page: RankResult) => page.slots.map((s) => s.scores);
    const outcome = async (shippedCheckRows: number, judge: 'logLoss' | 'pageOrder' | 'both' = 'both') => {
      const name = `ft-${++dbn}`;
      await saveScrambledCheckpoint(name);
      const r = await engine(name, { fineTune: { ...still, shippedCheckRows, judge } });
      expect(r.fineTuneStatus().checkpoint).not.toBeNull();
      const frozen = await engine(name, { fineTune: false });
      await browseLamps(r, 4);
      const tensors = tf.memory().numTensors;
      const status = await r.fineTune();
      const leaked = tf.memory().numTensors - tensors;
      now += 60_000;
      const same = JSON.stringify(scores(await r.rank(request))) === JSON.stringify(scores(await frozen.rank(request)));
      return { name, round: status.history.at(-1)!, same, frozen, leaked };
    };

    const off = await outcome(0);
    expect(off.leaked).toBe(0);
    expect(off.round.revertedToShipped).toBe(false);
    expect(off.round.heldOutLossShipped).toBeNull();
    expect(off.same).toBe(false);

    const on = await outcome(1);
    expect(on.leaked).toBe(0);
    expect(on.round.revertedToShipped).toBe(true);
    expect(on.round.heldOutLossShipped!).toBeLessThan(on.round.heldOutLossBefore);
    // By the page order too, which is what the default judge sums.
    expect(on.round.heldOutOrderShipped!).toBeLessThan(on.round.heldOutOrderBefore!);
    expect(on.round.heldOutOrderAfter).toEqual(expect.any(Number));
    expect(on.same).toBe(true);
    // The same by the click log loss alone, or the page order alone.
    for (const judge of ['logLoss', 'pageOrder'] as const) {
      const by = await outcome(1, judge);
      expect(by.leaked).toBe(0);
      expect(by.round.revertedToShipped).toBe(true);
      expect(by.same).toBe(true);
    }
    // Saved: the next visit ranks with the shipped weights too.
    const reloaded = await engine(on.name, { fineTune: { ...still, shippedCheckRows: 1 } });
    now += 60_000;
    expect(scores(await reloaded.rank(request))).toEqual(scores(await on.frozen.rank(request)));

    // Short of the rows it asks for, the comparison only adds up, and is saved with the checkpoint.
    const waiting = await outcome(1_000_000);
    expect(waiting.leaked).toBe(0);
    expect(waiting.round.revertedToShipped).toBe(false);
    expect(waiting.same).toBe(false);
    const store = await openBehaviourStore({ name: waiting.name, spec: FIXTURE_SPEC, lookup: () => undefined });
    const [saved] = await store.loadCheckpoints('fixture-1');
    store.close();
    expect(saved!.shippedTally!.rows).toBeGreaterThan(0);
    expect(saved!.shippedTally!.personal).toBeGreaterThan(saved!.shippedTally!.shipped);
  });

  it('takes up the saved comparison with the shipped weights only when it sums what this engine judges by', async () => {
    const still = { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 2, batchSize: 32, learningRate: 0, priorScaleStrength: 0, shippedCheckRows: 500 };
    // Saved sums that already cover the rows asked, with the shipped weights far ahead: taken up, the first round goes back.
    const ahead = { rows: 500, personal: 1e6, shipped: 0 };
    const firstRound = async (saved: Record<string, unknown>, judge: 'logLoss' | 'both') => {
      const name = `ft-${++dbn}`;
      await saveScrambledCheckpoint(name, saved);
      const r = await engine(name, { fineTune: { ...still, judge } });
      await browseLamps(r, 4);
      return (await r.fineTune()).history.at(-1)!;
    };
    // Log losses, as saved before tallies said what they sum.
    expect((await firstRound(ahead, 'logLoss')).revertedToShipped).toBe(true);
    expect((await firstRound({ ...ahead, measure: 'logLoss' }, 'logLoss')).revertedToShipped).toBe(true);
    // Page-order sums are not added to log losses: the comparison starts again and has too few rows yet.
    expect((await firstRound(ahead, 'both')).revertedToShipped).toBe(false);
    expect((await firstRound({ ...ahead, measure: 'pageOrder' }, 'both')).revertedToShipped).toBe(true);
    // A tally naming some other measure is malformed.
    expect((await firstRound({ ...ahead, measure: 'auc' }, 'logLoss')).revertedToShipped).toBe(false);
  });

  it('starts a round by itself after enough clicks', async () => {
    const r = await engine(`ft-${++dbn}`, { fineTune: { clickThreshold: 3, idleMs: 1e9, stepsPerRound: 4 } });
    const seen: number[] = [];
    r.subscribe((e) => e.type === 'finetune' && seen.push(e.status.rounds));
    await browseLamps(r, 4);
    await waitFor(() => r.fineTuneStatus().rounds >= 1 && !r.fineTuneStatus().running);
    expect(r.fineTuneStatus().rounds).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('trains on clicks under the threshold once the shopper is idle', async () => {
    // A threshold no test reaches: only the idle timer starts rounds here.
    const r = await engine(`ft-${++dbn}`, { fineTune: { clickThreshold: 1000, idleMs: 30, stepsPerRound: 4 } });
    await browseLamps(r, 3);
    await waitFor(() => r.fineTuneStatus().rounds >= 1 && !r.fineTuneStatus().running && r.fineTuneStatus().pendingFeedback === 0);
    const rounds = r.fineTuneStatus().rounds;
    for (let p = 0; p < 2; p++) {
      now += 60_000;
      const page = await r.rank(request);
      await r.recordMany(page.slots.map((s) => ({ type: 'impression', item: s.itemId, slot: s.slot, request: page.requestId, page: 'home' })));
      await r.record({ type: 'click', item: page.slots[0]!.itemId, slot: 0, request: page.requestId, page: 'home' });
    }
    await waitFor(() => r.fineTuneStatus().rounds > rounds && !r.fineTuneStatus().running);
    expect(r.fineTuneStatus().pendingFeedback).toBe(0);
  });

  it('counts clicks from before a page load towards the next round, and not those a round has learnt from', async () => {
    const name = `ft-${++dbn}`;
    const reload = async (r: Recommender, extra: Partial<RecommenderOptions> = {}): Promise<Recommender> => {
      await r.dispose();
      open.splice(open.indexOf(r), 1);
      return engine(name, extra);
    };
    const first = await engine(name);
    await browseLamps(first, 3);
    const clicks = first.fineTuneStatus().pendingFeedback;
    expect(clicks).toBeGreaterThan(0);
    expect(first.fineTuneStatus().rounds).toBe(0);

    // The next page is a new document (a reload, a shop whose pages are not one app): the clicks still wait for a round.
    const second = await reload(first);
    expect(second.fineTuneStatus().pendingFeedback).toBe(clicks);
    await browseLamps(second, 3);
    const both = second.fineTuneStatus().pendingFeedback;
    expect(both).toBeGreaterThan(clicks);
    now += 60_000;
    const status = await second.fineTune();
    expect(status.rounds).toBe(1);
    expect(status.pendingFeedback).toBe(0);

    // The round saw every click: none is pending after the next load, and a new one is.
    const third = await reload(second);
    expect(third.fineTuneStatus().pendingFeedback).toBe(0);
    now += 60_000;
    const page = await third.rank(request);
    await third.record({ type: 'click', item: page.slots[0]!.itemId, slot: 0, request: page.requestId, page: 'home' });
    const fourth = await reload(third, { fineTune: { clickThreshold: 1000, idleMs: 30, stepsPerRound: 4 } });
    expect(fourth.fineTuneStatus().pendingFeedback).toBe(1);
    // Carried-over clicks start a round by themselves once the shopper is idle, with no new click.
    await waitFor(() => fourth.fineTuneStatus().rounds >= 1 && !fourth.fineTuneStatus().running);

    // A reset starts the count again: what was clicked before it is not new feedback.
    await fourth.resetPersonalisation();
    const fifth = await reload(fourth);
    expect(fifth.fineTuneStatus().pendingFeedback).toBe(0);
  });

  it("shows a following tab the learning tab's rolled-back rounds, not only its checkpoints", async () => {
    // Web Locks as a browser has them, for this test: one holder per name, the next in line when it lets go.
    const held = new Set<string>();
    const waiting = new Map<string, (() => void)[]>();
    const locks = {
      request(name: string, grant: () => Promise<void> | undefined): Promise<void> {
        const run = async (): Promise<void> => {
          held.add(name);
          try {
            await grant();
          } finally {
            held.delete(name);
            waiting.get(name)?.shift()?.();
          }
        };
        if (!held.has(name)) return run();
        return new Promise<void>((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), () => void run().then(resolve)]));
      },
    };
    vi.stubGlobal('navigator', { locks });
    try {
      const name = `ft-${++dbn}`;
      const diverging = { fineTune: { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 20, batchSize: 32, learningRate: 1e38, anchor: 0 } };
      const learning = await engine(name, diverging);
      await waitFor(() => learning.fineTuneStatus().mode === 'learning');
      const following = await engine(name, diverging);
      await waitFor(() => following.fineTuneStatus().mode === 'follower');
      await browseLamps(learning, 6);
      now += 60_000;
      const status = await learning.fineTune();
      expect(status).toMatchObject({ rounds: 1, rollbacks: 1, checkpoint: null });
      await waitFor(() => following.fineTuneStatus().rounds === 1);
      expect(following.fineTuneStatus()).toMatchObject({ mode: 'follower', rounds: 1, rollbacks: 1, checkpoint: null, acceptedSteps: 0, running: false });
      expect(following.fineTuneStatus().history).toEqual(status.history);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it.each([0, 1])('leaks no tensors over a round (personalPrior %s)', async (personalPrior) => {
    const r = await engine(`ft-${++dbn}`, {
      fineTune: { clickThreshold: 1000, idleMs: 1e9, stepsPerRound: 30, batchSize: 32, learningRate: 0.05, personalPrior },
    });
    await browseLamps(r, 4);
    await r.fineTune();
    await browseLamps(r, 2);
    const before = tf.memory().numTensors;
    const status = await r.fineTune();
    expect(status.rounds).toBe(2);
    await r.rank(request);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('retires checkpoints of another model version and skips damaged ones', async () => {
    const name = `ft-${++dbn}`;
    const store = await openBehaviourStore({ name, spec: FIXTURE_SPEC, lookup: () => undefined });
    await store.saveCheckpoint({ modelVersion: 'older-model', savedAt: 1, acceptedSteps: 5, rounds: 1, rollbacks: 0, history: [], weights: {} });
    store.close();
    const r = await engine(name);
    expect(r.fineTuneStatus().checkpoint).toBeNull();
    await r.dispose();
    open.splice(open.indexOf(r), 1);

    const store2 = await openBehaviourStore({ name, spec: FIXTURE_SPEC, lookup: () => undefined });
    expect(await store2.loadCheckpoints('older-model')).toEqual([]);
    await store2.saveCheckpoint({
      modelVersion: 'fixture-1',
      savedAt: 2,
      acceptedSteps: 7,
      rounds: 1,
      rollbacks: 0,
      history: [],
      weights: { 'towers/kernel': { shape: [1], values: new Float32Array([Number.NaN]) } },
    });
    store2.close();
    const damaged = await engine(name);
    expect(damaged.fineTuneStatus().checkpoint).toBeNull();
    expect(damaged.fineTuneStatus().lastError).toMatch(/damaged/);

    // Sound weights with a scale on the prior that cannot be: skipped as well.
    const store3 = await openBehaviourStore({ name, spec: FIXTURE_SPEC, lookup: () => undefined });
    await store3.clearCheckpoints();
    await store3.saveCheckpoint({
      modelVersion: 'fixture-1',
      savedAt: 3,
      acceptedSteps: 2,
      rounds: 1,
      rollbacks: 0,
      history: [],
      weights: {},
      priorScale: Number.NaN,
    });
    store3.close();
    const badScale = await engine(name);
    expect(badScale.fineTuneStatus().checkpoint).toBeNull();
    expect(badScale.fineTuneStatus().priorScale).toBe(1);
    expect(badScale.fineTuneStatus().lastError).toMatch(/damaged/);
  });
});

/** Model files whose popularity prior calls every lamp unpopular and everything else popular, at full strength for a long while. */
async function lampsUnpopular(): Promise<ReturnType<typeof memoryFetch>> {
  const files = await readModelFiles(FIXTURE_MODEL_DIR, '/models/');
  const manifest = JSON.parse(new TextDecoder().decode(files['/models/manifest.json']!)) as Record<string, unknown>;
  const clickLogit = Object.fromEntries(FIXTURE_CATALOGUE.items.map((i) => [i.id, i.category === 'lamps' ? -4 : 1]));
  const prior = { clickLogit, defaultLogit: -2, weight: 0.5, halfActions: 1000 };
  return memoryFetch({ ...files, '/models/manifest.json': new TextEncoder().encode(JSON.stringify({ ...manifest, prior })) });
}

/** Saves a checkpoint whose personal head has large made-up weights: it ranks far worse than the shipped model. */
async function saveScrambledCheckpoint(name: string, shippedTally?: Record<string, unknown>): Promise<void> {
  const files = await readModelFiles(FIXTURE_MODEL_DIR, '/models/');
  const manifest = JSON.parse(new TextDecoder().decode(files['/models/manifest.json']!)) as { version: string; config: { inputs: { candidateDense: number } } };
  const shape = [manifest.config.inputs.candidateDense, 3];
  const values = Float32Array.from({ length: shape[0]! * shape[1]! }, (_, i) => ((i * 7919) % 13) - 6);
  const store = await openBehaviourStore({ name, spec: FIXTURE_SPEC, lookup: () => undefined });
  await store.saveCheckpoint({
    modelVersion: manifest.version,
    savedAt: now,
    acceptedSteps: 10,
    rounds: 1,
    rollbacks: 0,
    history: [],
    weights: { 'personal/kernel_dense': { shape, values } },
    ...(shippedTally ? { shippedTally: shippedTally as CheckpointRecord['shippedTally'] } : {}),
  });
  store.close();
}

function learningIsShipped(r: Recommender): boolean {
  return r.fineTuneStatus().checkpoint === null;
}

async function waitFor(ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
