import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../errors';
import type { BehaviourEvent } from '../events/types';
import { PROFILE_KEY } from './schema';
import { isQuotaError, readModelCache } from './store';
import { closeAll, DAY, fillDisk, makeEvents, MINUTE, openTestStore, rawPut, replay, T0 } from './testing';

let disk: ReturnType<typeof fillDisk> | undefined;
afterEach(() => {
  disk?.restore();
  disk = undefined;
  closeAll();
});

const HOUR = 60 * MINUTE;
const NOW = T0 + DAY;
/** This visit started ten minutes ago. */
const SESSION = NOW - 10 * MINUTE;
/** 40 events of earlier visits and 4 of this one. */
const before = makeEvents(40, T0, MINUTE);
const during = makeEvents(4, SESSION, MINUTE);

async function storeWithHistory(sessionStart = SESSION) {
  const opened = await openTestStore({ now: () => NOW, sessionStart });
  await opened.store.append(before);
  for (const e of during) await opened.store.append([e]);
  return opened;
}

/** Rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('a full disk', () => {
  it('deletes the oldest quarter from earlier visits, keeps this visit, and retries the append', async () => {
    const { store } = await storeWithHistory();
    const fresh = makeEvents(3, SESSION + 5 * MINUTE, MINUTE);
    // The third add of the batch fails: the first two must not be kept on their own.
    disk = fillDisk(1, 2);
    await store.append(fresh);
    // 44 stored, a quarter is 11: the 11 oldest of the earlier visits go.
    const kept = await store.events();
    expect(kept).toEqual([...before.slice(11), ...during, ...fresh]);
    // Three adds, the last failing, then the three of the retry.
    expect(disk.calls()).toBe(6);
    expect(await store.profile()).toEqual(replay(kept));
    expect((await store.summary()).unsaved).toBe(0);
  });

  it('keeps the events in memory while the disk stays full, and saves them once it has room', async () => {
    const { store } = await storeWithHistory();
    const first = makeEvents(2, SESSION + 5 * MINUTE, MINUTE);
    const second = makeEvents(1, SESSION + 7 * MINUTE, MINUTE);
    disk = fillDisk(Number.POSITIVE_INFINITY);

    const error = await rejection(store.append(first));
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(/storage for this site is full: 2 shopping events could not be saved even after deleting the 11 oldest/);
    expect(error.message).toMatch(/Free disk space, or erase the shop’s stored data on the privacy page/);
    expect(isQuotaError(error.cause)).toBe(true);
    expect((await store.summary()).unsaved).toBe(2);

    // 33 left: a quarter is 9; the two waiting events are retried with the new one.
    await expect(store.append(second)).rejects.toThrow(/3 shopping events could not be saved even after deleting the 9 oldest/);
    expect((await store.summary()).unsaved).toBe(3);
    expect(await store.events()).toEqual([...before.slice(20), ...during]);

    disk.restore();
    const third = makeEvents(1, SESSION + 9 * MINUTE, MINUTE);
    await store.append(third);
    const kept = await store.events();
    // Nothing of this visit is lost, and the waiting events come in their order.
    expect(kept).toEqual([...before.slice(20), ...during, ...first, ...second, ...third]);
    expect(await store.profile()).toEqual(replay(kept));
    expect((await store.summary()).unsaved).toBe(0);
  });

  it('never deletes this visit: with nothing older, the events wait and an empty append saves them', async () => {
    // Everything stored belongs to this visit.
    const { store } = await storeWithHistory(T0);
    disk = fillDisk(Number.POSITIVE_INFINITY);
    const fresh = makeEvents(2, SESSION + 5 * MINUTE, MINUTE);
    await expect(store.append(fresh)).rejects.toThrow(/no events from earlier visits left to delete/);
    expect(await store.count()).toBe(44);
    disk.restore();
    await store.append([]);
    expect(await store.events()).toEqual([...before, ...during, ...fresh]);
  });

  it('forgets waiting events when this tab erases the data', async () => {
    const { store } = await storeWithHistory(T0);
    disk = fillDisk(Number.POSITIVE_INFINITY);
    await expect(store.append(makeEvents(2, SESSION + 5 * MINUTE, MINUTE))).rejects.toThrow(StorageError);
    await store.eraseAll();
    expect((await store.summary()).unsaved).toBe(0);
    disk.restore();
    await store.append([]);
    expect(await store.count()).toBe(0);
  });

  it('drops waiting events when another tab erased the data after they were recorded', async () => {
    const { store, name } = await storeWithHistory(T0);
    disk = fillDisk(Number.POSITIVE_INFINITY);
    await expect(store.append(makeEvents(2, SESSION + 5 * MINUTE, MINUTE))).rejects.toThrow(StorageError);
    expect((await store.summary()).unsaved).toBe(2);
    disk.restore();
    const { store: otherTab } = await openTestStore({ name, now: () => NOW });
    await otherTab.eraseAll();
    // The notice crosses tabs asynchronously, as a BroadcastChannel message.
    await vi.waitFor(async () => expect((await store.summary()).unsaved).toBe(0));
    const after = makeEvents(1, NOW + MINUTE, MINUTE);
    await store.append(after);
    expect(await store.events()).toEqual(after);
  });
});

describe('faults', () => {
  it('rejects an invalid event with a StorageError and stores nothing of the call', async () => {
    const { store } = await openTestStore({ now: () => NOW });
    const good = makeEvents(1, T0, MINUTE)[0]!;
    const bad = { ...good, type: 'hover' } as unknown as BehaviourEvent;
    await expect(store.append([good, bad])).rejects.toThrow(/Cannot store event 1 of 2: .*"type":"hover".* Nothing from this call was stored/);
    expect(await store.count()).toBe(0);
  });

  it('says what to do when the connection is closed', async () => {
    const { store } = await openTestStore({ now: () => NOW });
    store.close();
    const error = await rejection(store.append(makeEvents(1, T0, MINUTE)));
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toMatch(/behaviour store is closed .* Reload the page/);
  });

  it('skips corrupt and foreign records in events, recentEvents, profile, summary and export', async () => {
    const events = makeEvents(6, T0, MINUTE);
    const { store, name } = await openTestStore({ now: () => NOW });
    await store.append(events);
    await rawPut(name, 'events', [{ foo: 1 }, { ts: 'x', type: 'click', item: 3 }]);
    await rawPut(name, 'profile', [{ nonsense: true }], PROFILE_KEY);
    expect(await store.count()).toBe(8);
    expect(await store.events()).toEqual(events);
    // `ts: 'x'` sorts after every number in the time index: the newest entry.
    expect(await store.recentEvents(3)).toEqual(events.slice(3));
    expect(await store.profile()).toEqual(replay(events));
    const summary = await store.summary();
    expect(summary.events).toBe(6);
    expect(summary.skippedRecords).toBe(2);
    expect(summary.newest).toBe(events[5]!.ts);
    const exported = await store.exportAll();
    expect(exported.events).toEqual(events);
    expect(exported.skippedRecords).toBe(2);
    // Appending over a log with foreign records works and keeps skipping them.
    await store.append(makeEvents(1, T0 + HOUR, MINUTE));
    expect((await store.summary()).events).toBe(7);
  });

  it('deletes a malformed model copy instead of returning it', async () => {
    const { store, name } = await openTestStore({ now: () => NOW });
    await rawPut(name, 'models', [{ version: 'm1', savedAt: T0, files: { 'manifest.json': [123, 125] } }], 'last-good');
    expect(await readModelCache(name)).toBeNull();
    const db = await openDB(name);
    expect(await db.get('models', 'last-good')).toBeUndefined();
    db.close();
    await rawPut(name, 'models', [{ version: 'm1', savedAt: T0, files: { 'manifest.json': 'not bytes' } }], 'last-good');
    expect(await store.loadModelFiles()).toBeNull();
    expect((await store.summary()).modelCacheBytes).toBe(0);
  });
});
