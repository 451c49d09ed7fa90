import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, StorageError } from '../errors';
import { EVENT_TYPES } from '../events/types';
import { emptyProfile } from '../features/profile';
import { FIXTURE_SPEC } from '../testing/fixture';
import { PAUSED_KEY, type ModelCacheRecord } from './schema';
import { readModelCache, readSetting, readStoreExport, readStoreSummary, writeSetting, type StoreExport } from './store';
import { closeAll, DAY, freshName, makeEvents, MINUTE, openTestStore, rawPut, T0 } from './testing';

afterEach(closeAll);

const NOW = T0 + DAY;
/** The summary of a store with nothing in it. */
const EMPTY_SUMMARY = {
  events: 0,
  byType: Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])),
  oldest: null,
  newest: null,
  skippedRecords: 0,
  checkpointBytes: 0,
  modelCacheBytes: 0,
  unsaved: 0,
};
const weights = (values: number[]) => ({ 'towers/kernel': { shape: [values.length], values: new Float32Array(values) } });
const checkpoint = (version: string, values: number[]) => ({
  modelVersion: version,
  savedAt: T0,
  acceptedSteps: 3,
  rounds: 1,
  rollbacks: 0,
  history: [{ at: T0, steps: 3, loss: 0.5, heldOutLossBefore: 0.7, heldOutLossAfter: 0.6, aucBefore: 0.5, aucAfter: null, accepted: true, reason: null }],
  weights: weights(values),
});
const modelFiles = (version: string): ModelCacheRecord => ({
  version,
  savedAt: T0,
  files: { 'manifest.json': new TextEncoder().encode(`{"version":"${version}"}`), 'weights.bin': new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
});

describe('settings', () => {
  it('reads back what was set, across reopening; unknown keys are undefined', async () => {
    const { store, name } = await openTestStore({ now: () => NOW });
    expect(await store.getSetting('paused')).toBeUndefined();
    await store.setSetting('paused', true);
    await store.setSetting('theme', 'dark');
    await store.setSetting('paused', false);
    await store.setSetting('nothing', null);
    store.close();
    const { store: again } = await openTestStore({ name, now: () => NOW });
    expect(await again.getSetting('paused')).toBe(false);
    expect(await again.getSetting('theme')).toBe('dark');
    expect(await again.getSetting('nothing')).toBeNull();
  });

  it('refuses values IndexedDB settings do not hold', async () => {
    const { store } = await openTestStore({ now: () => NOW });
    await expect(store.setSetting('x', { a: 1 } as unknown as string)).rejects.toThrow(ConfigError);
    await expect(store.setSetting('x', Number.NaN)).rejects.toThrow(/Setting "x" must be a string, finite number, boolean or null; got null/);
    expect(await store.getSetting('x')).toBeUndefined();
  });
});

describe('model cache', () => {
  it('keeps the last good copy, replaces it, and reads it without a store', async () => {
    const { store, name } = await openTestStore({ now: () => NOW });
    expect(await store.loadModelFiles()).toBeNull();
    expect(await readModelCache(freshName('empty'))).toBeNull();
    await store.saveModelFiles(modelFiles('m1'));
    expect(await store.loadModelFiles()).toEqual(modelFiles('m1'));
    await store.saveModelFiles(modelFiles('m2'));
    expect(await store.loadModelFiles()).toEqual(modelFiles('m2'));
    expect(await readModelCache(name)).toEqual(modelFiles('m2'));
  });

  it('stores only the bytes of a view into a larger buffer', async () => {
    const { store } = await openTestStore({ now: () => NOW });
    const big = new Uint8Array(1000).map((_, i) => i % 256);
    await store.saveModelFiles({ version: 'm1', savedAt: T0, files: { 'weights.bin': big.subarray(10, 14) } });
    const loaded = await store.loadModelFiles();
    expect(loaded?.files['weights.bin']).toEqual(new Uint8Array([10, 11, 12, 13]));
    expect(loaded?.files['weights.bin']?.buffer.byteLength).toBe(4);
    expect((await store.summary()).modelCacheBytes).toBe(4);
  });

  it('refuses a malformed record with a StorageError naming the file', async () => {
    const { store } = await openTestStore({ now: () => NOW });
    const bad = { version: 'm1', savedAt: T0, files: { 'weights.bin': [1, 2] } } as unknown as ModelCacheRecord;
    await expect(store.saveModelFiles(bad)).rejects.toThrow(StorageError);
    await expect(store.saveModelFiles(bad)).rejects.toThrow(/files\["weights.bin"\] is not a Uint8Array/);
    expect(await store.loadModelFiles()).toBeNull();
  });
});

describe('summary, export and erase', () => {
  it('summarises events by type, their dates and the bytes kept', async () => {
    const events = makeEvents(9, T0, MINUTE, ['impression', 'impression', 'click']);
    const { store } = await openTestStore({ now: () => NOW });
    const empty = await store.summary();
    expect(empty).toEqual(EMPTY_SUMMARY);
    await store.append(events);
    await store.saveCheckpoint(checkpoint('m1', [1, 2, 3]));
    await store.saveCheckpoint(checkpoint('m1', [1, 2, 3, 4, 5]));
    await store.saveModelFiles(modelFiles('m1'));
    expect(await store.summary()).toEqual({
      events: 9,
      byType: { impression: 6, click: 3, cart: 0, purchase: 0, ad_impression: 0, ad_click: 0 },
      oldest: T0,
      newest: T0 + 8 * MINUTE,
      skippedRecords: 0,
      // Float32: (3 + 5) values of 4 bytes.
      checkpointBytes: 32,
      // '{"version":"m1"}' is 16 bytes, plus 8.
      modelCacheBytes: 24,
      unsaved: 0,
    });
  });

  it('exports everything about the shopper as JSON that round-trips, without the model cache', async () => {
    const events = makeEvents(12, T0, MINUTE);
    const { store, name } = await openTestStore({ now: () => NOW });
    // Out of time order on purpose: the export is in time order.
    await store.append(events.slice(6));
    await store.append(events.slice(0, 6));
    await store.setSetting('paused', false);
    await store.saveCheckpoint(checkpoint('m1', [0.1, -2.5, 3e-7]));
    await store.saveModelFiles(modelFiles('m1'));

    const exported = await store.exportAll();
    const parsed = JSON.parse(JSON.stringify(exported)) as StoreExport;
    expect(parsed).toEqual(exported);
    expect(parsed.format).toBe('shop-recommender-export');
    expect(parsed.version).toBe(1);
    expect(parsed.exportedAt).toBe(NOW);
    expect(parsed.database).toBe(name);
    expect(parsed.events).toEqual(events);
    expect(parsed.skippedRecords).toBe(0);
    expect(parsed.profile).toEqual(await store.profile());
    expect(parsed.settings).toEqual({ paused: false });
    expect(parsed.checkpoints).toHaveLength(1);
    const [cp] = parsed.checkpoints;
    expect(cp?.weights['towers/kernel']).toEqual({ shape: [3], values: Array.from(new Float32Array([0.1, -2.5, 3e-7])) });
    expect(cp?.history).toEqual(checkpoint('m1', []).history);
    expect(JSON.stringify(exported)).not.toContain('weights.bin');
  });

  it('erases everything in one go', async () => {
    const { store, name } = await openTestStore({ now: () => NOW, retention: { maxEvents: 20 } });
    await store.append(makeEvents(20, T0, MINUTE));
    await store.setSetting('paused', true);
    await store.saveCheckpoint(checkpoint('m1', [1, 2]));
    await store.saveModelFiles(modelFiles('m1'));
    await store.eraseAll();

    expect(await store.summary()).toEqual(EMPTY_SUMMARY);
    expect(await store.count()).toBe(0);
    expect(await store.profile()).toEqual(emptyProfile(FIXTURE_SPEC));
    expect(await store.getSetting('paused')).toBeUndefined();
    expect(await store.loadCheckpoints('m1')).toEqual([]);
    expect(await store.loadModelFiles()).toBeNull();
    expect(await readModelCache(name)).toBeNull();
    expect((await store.exportAll()).settings).toEqual({});
    const raw = await openDB(name);
    for (const storeName of raw.objectStoreNames) expect(await raw.count(storeName), storeName).toBe(0);
    raw.close();
    // The store keeps working after an erase.
    const fresh = makeEvents(20, NOW, MINUTE);
    await store.append(fresh);
    expect(await store.events()).toEqual(fresh);
  });
});

describe('without a store (the engine did not start)', () => {
  it('summarises and exports what a store would, skipping and counting a corrupt record', async () => {
    const events = makeEvents(6, T0, MINUTE, ['impression', 'click']);
    const { store, name } = await openTestStore({ now: () => NOW });
    await store.append(events);
    await store.setSetting(PAUSED_KEY, false);
    await store.saveCheckpoint(checkpoint('m1', [1, 2, 3]));
    const expectedSummary = await store.summary();
    const expectedExport = await store.exportAll();
    store.close();
    // A record no event can be: no type, a string for a time.
    await rawPut(name, 'events', [{ ts: 'yesterday', item: 'p1' }]);

    expect(await readStoreSummary(name)).toEqual({ ...expectedSummary, skippedRecords: 1 });
    const exported = await readStoreExport(name, NOW);
    expect(exported).toEqual({ ...expectedExport, skippedRecords: 1 });
    expect(exported.events).toEqual(events);
  });

  it('reads an empty summary from a database nothing was stored in', async () => {
    expect(await readStoreSummary(freshName('nothing'))).toEqual(EMPTY_SUMMARY);
  });

  it('writes a setting that a store opened later reads, and leaves no connection open', async () => {
    const name = freshName('pause');
    expect(await readSetting(PAUSED_KEY, name)).toBeUndefined();
    await writeSetting(PAUSED_KEY, true, name);
    expect(await readSetting(PAUSED_KEY, name)).toBe(true);
    const { store } = await openTestStore({ name, now: () => NOW });
    expect(await store.getSetting(PAUSED_KEY)).toBe(true);
    store.close();
    await expect(writeSetting('x', Number.NaN, name)).rejects.toThrow(ConfigError);
    // Nothing holds the database: it can be deleted at once.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('blocked by an open connection'));
    });
  });
});
