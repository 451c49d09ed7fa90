import 'fake-indexeddb/auto';
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, PROFILE_KEY, type CheckpointRecord } from './schema';
import { openBehaviourDB } from './store';
import { closeAll, DAY, freshName, makeEvents, MINUTE, openTestStore, replay, T0 } from './testing';

afterEach(closeAll);

/** The stores version 1 of the schema created, as that release wrote them. */
function createV1(db: IDBPDatabase): void {
  const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
  events.createIndex('by_ts', 'ts');
  events.createIndex('by_type', 'type');
  db.createObjectStore('profile');
  db.createObjectStore('meta', { keyPath: 'key' });
}

const events = makeEvents(40, T0, MINUTE);

/** Writes the events and their profile the way the old release did. */
async function fill(db: IDBPDatabase): Promise<void> {
  const tx = db.transaction(['events', 'profile', 'meta'], 'readwrite');
  for (const e of events) void tx.objectStore('events').add({ ...e });
  void tx.objectStore('profile').put(replay(events), PROFILE_KEY);
  void tx.objectStore('meta').put({ key: 'paused', value: false });
  await tx.done;
}

const checkpoint: CheckpointRecord = {
  slot: 'current',
  modelVersion: 'm1',
  savedAt: T0 + 5 * MINUTE,
  acceptedSteps: 12,
  rounds: 2,
  rollbacks: 1,
  history: [],
  weights: { 'towers/kernel': { shape: [2, 2], values: new Float32Array([0.5, -1, 2, 0.25]) } },
};

async function storeNames(name: string): Promise<{ version: number; stores: string[]; indexes: string[] }> {
  const db = await openDB(name);
  const out = { version: db.version, stores: [...db.objectStoreNames].sort(), indexes: [...db.transaction('events').store.indexNames].sort() };
  db.close();
  return out;
}

describe('schema upgrades', () => {
  it('is at version 3 and creates every store in a new database', async () => {
    expect(DB_VERSION).toBe(3);
    const name = freshName('new');
    (await openBehaviourDB(name)).close();
    expect(await storeNames(name)).toEqual({ version: 3, stores: ['checkpoints', 'events', 'meta', 'models', 'profile'], indexes: ['by_ts', 'by_type'] });
  });

  it('upgrades a version 1 database, keeping every event, the profile and the settings', async () => {
    const name = freshName('v1');
    const old = await openDB(name, 1, { upgrade: createV1 });
    await fill(old);
    old.close();

    const { store } = await openTestStore({ name, now: () => T0 + DAY });
    expect(await store.count()).toBe(events.length);
    expect(await store.events()).toEqual(events);
    expect(await store.profile()).toEqual(replay(events));
    expect(await store.getSetting('paused')).toBe(false);
    // Version 2's and 3's stores are there and work.
    expect(await store.loadCheckpoints('m1')).toEqual([]);
    await store.saveModelFiles({ version: 'm1', savedAt: T0, files: { 'manifest.json': new Uint8Array([123, 125]) } });
    expect((await store.loadModelFiles())?.files['manifest.json']).toEqual(new Uint8Array([123, 125]));
    store.close();
    expect(await storeNames(name)).toEqual({ version: 3, stores: ['checkpoints', 'events', 'meta', 'models', 'profile'], indexes: ['by_ts', 'by_type'] });
  });

  it('upgrades a version 2 database, keeping every event and the checkpoint', async () => {
    const name = freshName('v2');
    const old = await openDB(name, 2, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) createV1(db);
        db.createObjectStore('checkpoints', { keyPath: 'slot' });
      },
    });
    await fill(old);
    await old.put('checkpoints', checkpoint);
    old.close();

    const { store } = await openTestStore({ name, now: () => T0 + DAY });
    expect(await store.count()).toBe(events.length);
    expect(await store.events()).toEqual(events);
    expect(await store.loadCheckpoints('m1')).toEqual([checkpoint]);
    expect(await store.loadModelFiles()).toBeNull();
    expect((await store.summary()).checkpointBytes).toBe(16);
  });

  it('rebuilds the profile of an old database that has events but no profile record', async () => {
    const more = makeEvents(3, T0 + 50 * MINUTE, MINUTE);
    for (const appendFirst of [false, true]) {
      const name = freshName('v1-no-profile');
      const old = await openDB(name, 1, { upgrade: createV1 });
      const tx = old.transaction('events', 'readwrite');
      for (const e of events) void tx.store.add({ ...e });
      await tx.done;
      old.close();

      const { store } = await openTestStore({ name, now: () => T0 + DAY });
      if (appendFirst) {
        // The append must extend the log's profile, not start from an empty one.
        await store.append(more);
        expect(await store.profile()).toEqual(replay([...events, ...more]));
      } else {
        expect(await store.profile()).toEqual(replay(events));
      }
    }
  });
});
