/**
 * The engine's privacy controls and fault handling on the fixture model (cpu
 * backend, fake-indexeddb): pause, export, erase, the device copy of the model,
 * a lost backend, foreign records and two tabs writing at once.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent, EventInput, RankRequest, RankResult, Recommender } from './api';
import { ModelLoadError } from './errors';
import { impressionEvents } from './rank/impressions';
import { createRecommender, type RecommenderOptions } from './recommender';
import { memoryFetch, readModelFiles } from './testing/files';
import { FIXTURE_CATALOGUE } from './testing/fixture';
import { FIXTURE_MODEL_DIR } from './testing/fixture-model';

const engines: Recommender[] = [];
let n = 0;
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose().catch(() => undefined);
});

const home: RankRequest = { page: 'home', candidates: FIXTURE_CATALOGUE.items.map((i) => i.id), productSlots: 6, adPositions: [2, 5] };
const order = (page: RankResult): string[] => page.slots.map((s) => `${s.kind}:${s.itemId}`);

async function files(): Promise<Record<string, Uint8Array>> {
  return readModelFiles(FIXTURE_MODEL_DIR, '/models/');
}

async function start(dbName: string, extra: Partial<RecommenderOptions> = {}): Promise<Recommender> {
  const engine = await createRecommender({
    catalogue: FIXTURE_CATALOGUE,
    modelUrl: '/models/',
    backends: ['cpu'],
    fetch: memoryFetch(await files()),
    dbName,
    fineTune: false,
    ...extra,
  });
  engines.push(engine);
  return engine;
}

/** A page's impressions and a click on its first slot. */
function behaviour(page: RankResult): EventInput[] {
  return [...impressionEvents(page, 'home'), { type: 'click', item: page.slots[0]!.itemId, slot: 0, request: page.requestId, page: 'home' }];
}

describe('pause', () => {
  it('stores nothing and keeps the default order while paused, and is remembered across visits', async () => {
    const db = `pause-${++n}`;
    const r = await start(db);
    await r.setPaused(true);
    expect(r.info().paused).toBe(true);
    const page = await r.rank(home);
    expect(page).toMatchObject({ ranked: false, order: 'given' });
    expect(order(page)).toEqual(order(r.defaultOrder(home)));
    await r.recordMany(behaviour(page));
    expect((await r.dataSummary()).events).toBe(0);
    expect(await r.interests(3)).toEqual([]);
    await r.dispose();

    const again = await start(db);
    expect(again.info().paused).toBe(true);
    expect((await again.rank(home)).ranked).toBe(false);
    await again.setPaused(false);
    const ranked = await again.rank(home);
    expect(ranked.ranked).toBe(true);
    await again.recordMany(behaviour(ranked));
    expect((await again.dataSummary()).events).toBe(ranked.slots.length + 1);
  });
});

describe('pause with a shipped popularity', () => {
  it("ranks by the shop's popularity alone: the same page for a shopper with history and a new one", async () => {
    const shipped = await files();
    const manifest = JSON.parse(new TextDecoder().decode(shipped['/models/manifest.json'])) as Record<string, unknown>;
    // The catalogue's last product is the most clicked, the first the least.
    const ids = home.candidates;
    const clickLogit = Object.fromEntries(ids.map((id, i) => [id, i - ids.length]));
    const prior = { clickLogit, defaultLogit: -50, weight: 0.5, halfActions: 8 };
    const withPrior = memoryFetch({ ...shipped, '/models/manifest.json': new TextEncoder().encode(JSON.stringify({ ...manifest, prior })) });

    const known = await start(`popular-known-${++n}`, { fetch: withPrior });
    for (let i = 0; i < 3; i++) await known.recordMany(behaviour(await known.rank(home)));
    const fresh = await start(`popular-fresh-${n}`, { fetch: withPrior });
    expect(order(await known.rank(home))).not.toEqual(order(known.defaultOrder(home)));
    await known.setPaused(true);
    await fresh.setPaused(true);

    const a = await known.rank(home);
    const b = await fresh.rank(home);
    expect(a).toMatchObject({ ranked: false, order: 'popular' });
    expect(order(a)).toEqual(order(b));
    expect(order(a)).toEqual(order(known.defaultOrder(home)));
    expect(known.popularity()).toEqual({ clickLogit, defaultLogit: -50, categoryCap: 6 });
    // Products most clicked first, under the cap of 6 per category (the fixture has 4 or fewer per category).
    const products = a.slots.filter((s) => s.kind === 'product').map((s) => s.itemId);
    expect(products).toEqual([...ids].reverse().filter((id) => products.includes(id)));
    expect(a.slots.every((s) => s.scores === null && s.why === null)).toBe(true);
  });
});

describe('export and erase', () => {
  it('exports every stored event as JSON, then erases everything and ranks like a new shopper', async () => {
    const db = `erase-${++n}`;
    const fresh = await start(`erase-fresh-${n}`);
    const newShopper = order(await fresh.rank(home));

    const r = await start(db);
    for (let i = 0; i < 3; i++) await r.recordMany(behaviour(await r.rank(home)));
    // A checkpoint as the learner would save it.
    const raw = await openDB(db);
    await raw.put('checkpoints', {
      slot: 'current',
      modelVersion: 'fixture-1',
      savedAt: 1,
      acceptedSteps: 12,
      rounds: 1,
      rollbacks: 0,
      history: [],
      weights: { 'personal/kernel': { shape: [2, 2], values: new Float32Array(4) } },
    });
    raw.close();

    const summary = await r.dataSummary();
    expect(summary.events).toBeGreaterThan(20);
    expect(summary.byType.click).toBe(3);
    expect(summary.checkpointBytes).toBe(16);
    expect(summary.oldest).not.toBeNull();

    const exported = JSON.parse(JSON.stringify(await r.exportData())) as Awaited<ReturnType<Recommender['exportData']>>;
    expect(exported.format).toBe('shop-recommender-export');
    expect(exported.modelVersion).toBe('fixture-1');
    expect(exported.events).toHaveLength(summary.events);
    expect(exported.events.filter((e) => e.type === 'click')).toHaveLength(3);
    expect(exported.checkpoints[0]!.weights['personal/kernel']!.values).toEqual([0, 0, 0, 0]);

    await r.eraseData();
    const after = await r.dataSummary();
    expect(after).toMatchObject({ events: 0, oldest: null, newest: null, checkpointBytes: 0, modelCacheBytes: 0, interests: [] });
    expect(order(await r.rank(home))).toEqual(newShopper);
    const db2 = await openDB(db);
    for (const store of db2.objectStoreNames) expect(await db2.count(store), store).toBe(0);
    db2.close();
  });

  it('tells its listeners, and those of another tab on the same store, that the data was erased', async () => {
    const db = `erase-event-${++n}`;
    const here = await start(db);
    const there = await start(db);
    const heard = (r: Recommender): EngineEvent[] => {
      const events: EngineEvent[] = [];
      r.subscribe((e) => events.push(e));
      return events;
    };
    const mine = heard(here);
    const theirs = heard(there);
    await here.eraseData();
    expect(mine.filter((e) => e.type === 'erased')).toHaveLength(1);
    await vi.waitFor(() => expect(theirs.filter((e) => e.type === 'erased')).toHaveLength(1));
    // A pause is not an erase.
    await here.setPaused(true);
    await vi.waitFor(() => expect(there.info().paused).toBe(true));
    expect(theirs.filter((e) => e.type === 'erased')).toHaveLength(1);
  });

  it('keeps a pause through an erase', async () => {
    const r = await start(`erase-paused-${++n}`);
    await r.setPaused(true);
    await r.eraseData();
    expect(r.info().paused).toBe(true);
    expect((await r.dataSummary()).paused).toBe(true);
  });
});

describe('model files failing', () => {
  it('ranks with the copy kept on the device when the shipped files fail their check, and says so', async () => {
    const db = `copy-${++n}`;
    const day = (): string => new Date().toLocaleDateString([], { dateStyle: 'medium' });
    const savedOn = day();
    const good = await start(db);
    const expected = order(await good.rank(home));
    expect(good.info().modelSource).toBe('shipped');
    expect((await good.dataSummary()).modelCacheBytes).toBeGreaterThan(1000);
    await good.dispose();

    const tampered = await files();
    const weights = tampered['/models/weights.bin']!.slice();
    weights[10] = weights[10]! ^ 0xff;
    tampered['/models/weights.bin'] = weights;
    const r = await start(db, { fetch: memoryFetch(tampered) });
    expect(r.info().modelSource).toBe('device-copy');
    expect(r.info().notices).toHaveLength(1);
    expect(r.info().notices[0]).toMatch(/integrity check.*copy of model fixture-1 kept on this device/s);
    // The date as the shopper's locale writes it, as the shop's pages do, not an ISO date (either day, should midnight pass).
    expect([`since ${savedOn}.`, `since ${day()}.`].some((when) => r.info().notices[0]!.includes(when))).toBe(true);
    expect(order(await r.rank(home))).toEqual(expected);
  });

  it('fails with the shipped error when there is no copy', async () => {
    const truncated = await files();
    truncated['/models/weights.bin'] = truncated['/models/weights.bin']!.slice(0, 100);
    await expect(start(`nocopy-${++n}`, { fetch: memoryFetch(truncated) })).rejects.toThrow(ModelLoadError);
    await expect(start(`nocopy-${++n}`, { fetch: memoryFetch(truncated) })).rejects.toThrow(/truncated/);
  });
});

describe('a lost backend', () => {
  it('re-initialises, answers the request with the same ranking, says so, and leaks nothing', async () => {
    const r = await start(`lost-${++n}`, { fineTune: {} });
    const before = order(await r.rank(home));
    const tensors = tf.memory().numTensors;
    await r.simulateDeviceLoss();
    const page = await r.rank(home);
    expect(page.ranked).toBe(true);
    expect(order(page)).toEqual(before);
    expect(r.info().backend).toBe('cpu');
    // A reset backend starts again; the notice does not claim the engine moved to where it already was.
    expect(r.info().notices.at(-1)).toBe('Fault drill: the cpu backend was reset and started again; ranking went on.');
    expect(r.fineTuneStatus().mode).toBe('learning');
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('foreign records and two tabs', () => {
  it('skips and counts records that are not events, and still ranks', async () => {
    const db = `foreign-${++n}`;
    const r = await start(db);
    await r.recordMany(behaviour(await r.rank(home)));
    const raw = await openDB(db);
    await raw.add('events', { hello: 'world' });
    await raw.add('events', { ts: 'yesterday', type: 'click', item: 42 });
    await raw.put('profile', { not: 'a profile' }, 'local');
    raw.close();
    const page = await r.rank(home);
    expect(page.ranked).toBe(true);
    const summary = await r.dataSummary();
    expect(summary.skippedRecords).toBe(2);
    expect(summary.events).toBe(page.slots.length + 1);
    expect((await r.exportData()).events).toHaveLength(summary.events);
  });

  it('loses no event when two tabs record at once', async () => {
    const db = `tabs-${++n}`;
    const a = await start(db);
    const b = await start(db);
    const pa = await a.rank(home);
    const pb = await b.rank(home);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 25; i++) {
      writes.push(a.recordMany(behaviour(pa)));
      writes.push(b.record({ type: 'click', item: pb.slots[1]!.itemId, slot: 1, request: pb.requestId, page: 'home' }));
    }
    await Promise.all(writes);
    const summary = await a.dataSummary();
    expect(summary.events).toBe(25 * (pa.slots.length + 1) + 25);
    expect(summary.byType.click).toBe(50);
  });
});
