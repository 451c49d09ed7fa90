/**
 * The behaviour store: an event log and an incrementally updated profile in
 * IndexedDB. Writing an event and updating the profile happen in one
 * transaction, so the profile always matches the log; reading features reads
 * one profile record and never scans the log.
 *
 * Privacy and faults: the log is pruned by age and size (the profile is
 * rebuilt from what remains, in the same transaction), it can be summarised,
 * exported and erased, events that do not fit a full disk wait in memory, and
 * records that are not events are skipped everywhere.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { CatalogueItem } from '../catalogue/types';
import { ConfigError, errorMessage, StorageError } from '../errors';
import { EVENT_TYPES, type BehaviourEvent, type EventType } from '../events/types';
import { applyEvent, emptyProfile, isProfile, type Profile } from '../features/profile';
import type { FeatureSpec } from '../features/spec';
import { DAY_MS, PRUNE_HYSTERESIS, pruneCount, quotaPruneCount, validateRetention, type RetentionConfig } from './retention';
import {
  DB_VERSION,
  DEFAULT_DB_NAME,
  MODEL_CACHE_KEY,
  PROFILE_KEY,
  type BehaviourDB,
  type CheckpointRecord,
  type MetaRecord,
  type ModelCacheRecord,
  type StoredEvent,
} from './schema';

export { DEFAULT_RETENTION, validateRetention, type RetentionConfig } from './retention';

/** Options of {@link openBehaviourStore}. */
export interface BehaviourStoreOptions {
  /** Database name; default `shop-recommender`. */
  name?: string;
  /** Feature spec (profile sizes and half-life). */
  spec: FeatureSpec;
  /** Looks up an event's product. */
  lookup: (id: string) => CatalogueItem | undefined;
  /** How much behaviour to keep; missing fields take {@link DEFAULT_RETENTION}. */
  retention?: Partial<RetentionConfig>;
  /** Clock; default `Date.now`. */
  now?: () => number;
  /**
   * Start of this visit (ms since the epoch); default `now()` when the store
   * opens. When the disk is full, only events older than this are deleted to
   * make room: the current visit's behaviour is never given up.
   */
  sessionStart?: number;
}

/** What {@link BehaviourStore.prune} did. */
export interface PruneResult {
  /** Events deleted. */
  removed: number;
  /** Valid events left. */
  remaining: number;
}

/** What the store holds, for the privacy page. */
export interface StoreSummary {
  /** Valid stored events. */
  events: number;
  /** Valid stored events by type; every type is present. */
  byType: Record<EventType, number>;
  /** Time of the oldest and newest valid event (ms since the epoch), `null` with none. */
  oldest: number | null;
  newest: number | null;
  /** Stored records that are not valid events (corrupt or foreign); skipped everywhere. */
  skippedRecords: number;
  /** Bytes of weight values in the checkpoints. */
  checkpointBytes: number;
  /** Bytes of the kept copy of the model files. */
  modelCacheBytes: number;
  /** Events waiting in memory because the browser's storage was full. */
  unsaved: number;
}

/** A weight as plain JSON. */
export interface ExportedWeight {
  shape: number[];
  values: number[];
}

/** A checkpoint as plain JSON: typed arrays become number arrays. */
export type ExportedCheckpoint = Omit<CheckpointRecord, 'weights'> & { weights: Record<string, ExportedWeight> };

/**
 * Everything the store keeps about the shopper, as one JSON-serialisable
 * object. The model cache is the shop's own files, not the shopper's data, and
 * is left out.
 */
export interface StoreExport {
  format: 'shop-recommender-export';
  version: 1;
  /** When the export was made (ms since the epoch). */
  exportedAt: number;
  /** Name of the IndexedDB database. */
  database: string;
  /** Valid events in time order. */
  events: BehaviourEvent[];
  /** Stored records that were not valid events and are not exported. */
  skippedRecords: number;
  /** The stored profile, or `null` when there is none (or it is corrupt). */
  profile: Profile | null;
  /** Settings and small facts from the `meta` store. */
  settings: Record<string, MetaRecord['value']>;
  checkpoints: ExportedCheckpoint[];
}

/** The behaviour store. */
export interface BehaviourStore {
  /**
   * Appends events and updates the profile, all in one transaction. Events
   * waiting from an earlier append that found the disk full are written first.
   * Keeps the log at or under `maxEvents`: when an append would pass it, the
   * oldest events are pruned first (down to 90 % of the cap).
   * @throws {StorageError} when an event is not a valid behaviour event (nothing is stored);
   *   when the disk is full and no event older than this visit can be deleted to
   *   make room (the events wait in memory, see {@link StoreSummary.unsaved});
   *   or when IndexedDB fails.
   */
  append(events: readonly BehaviourEvent[]): Promise<void>;
  /** The current profile (an empty one for a new shopper). */
  profile(): Promise<Profile>;
  /** Number of stored records in the event log (invalid ones included; see {@link StoreSummary}). */
  count(): Promise<number>;
  /** Every valid stored event in time order. */
  events(): Promise<BehaviourEvent[]>;
  /** The newest `n` events, in time order; records that are not events are skipped. */
  recentEvents(n: number): Promise<BehaviourEvent[]>;
  /**
   * The events stored after time `ts` (ms since the epoch, exclusive), in
   * time order, at most the newest `limit` of them (only those are read);
   * records that are not events are skipped.
   */
  eventsAfter(ts: number, limit: number): Promise<BehaviourEvent[]>;
  /**
   * Saves fine-tuned weights as the current checkpoint and keeps the one it
   * replaces as `previous`, in one transaction.
   */
  saveCheckpoint(record: Omit<CheckpointRecord, 'slot'>): Promise<void>;
  /** The current checkpoint, then the previous one, that belong to `modelVersion`; checkpoints of other versions are deleted. */
  loadCheckpoints(modelVersion: string): Promise<CheckpointRecord[]>;
  /** Deletes every checkpoint. */
  clearCheckpoints(): Promise<void>;
  /**
   * Reads a setting from the `meta` store.
   * @returns the value, or `undefined` when it is not set (or the record is corrupt).
   */
  getSetting(key: string): Promise<MetaRecord['value'] | undefined>;
  /**
   * Writes a setting to the `meta` store.
   * @throws {ConfigError} when the value is not a string, finite number, boolean or `null`.
   * @throws {StorageError} when the write fails (for example, the disk is full).
   */
  setSetting(key: string, value: MetaRecord['value']): Promise<void>;
  /**
   * Keeps a copy of the shipped model's verified files, replacing the old one.
   * @throws {StorageError} when the record is malformed or the write fails (for example, the disk is full).
   */
  saveModelFiles(record: ModelCacheRecord): Promise<void>;
  /** The kept copy of the model files, or `null`; a malformed record is deleted and gives `null`. */
  loadModelFiles(): Promise<ModelCacheRecord | null>;
  /**
   * Deletes events older than `maxAgeDays` and the oldest beyond `maxEvents`,
   * and rebuilds the profile from what remains, in one transaction. Runs on
   * its own when the store opens.
   */
  prune(): Promise<PruneResult>;
  /** Counts, dates and sizes of what is stored, in one read. */
  summary(): Promise<StoreSummary>;
  /** Everything stored about the shopper as one JSON-serialisable object (not the model cache). */
  exportAll(): Promise<StoreExport>;
  /**
   * Deletes events, profile, settings, checkpoints and the model cache in one
   * transaction, and forgets the events waiting in memory. Other tabs drop
   * their waiting events recorded before the erase.
   * @throws {StorageError} when the transaction fails; then nothing is deleted.
   */
  eraseAll(): Promise<void>;
  /** Closes the connection. */
  close(): void;
}

/** BroadcastChannel prefix of the stores' erase notices, per database name. */
const ERASE_CHANNEL = 'shop-recommender:store-erased';

/** An event read from the log; the key is always present on stored records. */
type KeyedEvent = BehaviourEvent & { id: number };

/**
 * Opens (creating or upgrading) the behaviour database: the schema's
 * `if (oldVersion < N)` ladder.
 * @param name - database name.
 * @throws {StorageError} when IndexedDB is unavailable, or the database cannot be opened.
 * @example
 * const db = await openBehaviourDB('shop-recommender');
 */
export async function openBehaviourDB(name: string = DEFAULT_DB_NAME): Promise<IDBPDatabase<BehaviourDB>> {
  if (typeof indexedDB === 'undefined')
    throw new StorageError(
      'IndexedDB is not available in this browser context (private mode or an old browser?). Personalisation needs it; the shop keeps its default order.',
    );
  try {
    return await openDB<BehaviourDB>(name, DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          const events = database.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
          events.createIndex('by_ts', 'ts');
          events.createIndex('by_type', 'type');
          database.createObjectStore('profile');
          database.createObjectStore('meta', { keyPath: 'key' });
        }
        if (oldVersion < 2) {
          database.createObjectStore('checkpoints', { keyPath: 'slot' });
        }
        if (oldVersion < 3) {
          // Out-of-line key: one record, MODEL_CACHE_KEY.
          database.createObjectStore('models');
        }
      },
    });
  } catch (e) {
    throw new StorageError(`Could not open the behaviour store "${name}": ${errorMessage(e)}. Close other tabs of the shop and reload.`, { cause: e });
  }
}

/**
 * Opens (and creates or upgrades) the behaviour store, and prunes it to its
 * retention.
 * @throws {ConfigError} when `retention` or `sessionStart` is invalid.
 * @throws {StorageError} when IndexedDB is unavailable or blocked.
 * @example
 * const store = await openBehaviourStore({ spec, lookup: (id) => byId.get(id), retention: { maxAgeDays: 30 } });
 * await store.append([{ ts: Date.now(), shopper: 'local', type: 'click', item: 'p0001', slot: 2, request: 'r1', page: 'home' }]);
 */
export async function openBehaviourStore(options: BehaviourStoreOptions): Promise<BehaviourStore> {
  const { spec, lookup } = options;
  const name = options.name ?? DEFAULT_DB_NAME;
  const retention = validateRetention(options.retention);
  const now = options.now ?? (() => Date.now());
  if (options.sessionStart !== undefined && (typeof options.sessionStart !== 'number' || !Number.isFinite(options.sessionStart)))
    throw new ConfigError(
      `sessionStart must be a time in ms since the epoch; got ${String(options.sessionStart)}. Leave it out to use the time the store opens.`,
    );
  const db = await openBehaviourDB(name);
  db.addEventListener('versionchange', () => db.close());
  const sessionStart = options.sessionStart ?? now();

  /** Valid events in the log, as far as this tab knows (other tabs append too); decides when an append prunes. */
  let estimate = 0;
  /** Events that did not fit a full disk, oldest first; written before the next append's events. */
  let unsaved: BehaviourEvent[] = [];
  /** Appends, prunes and erases run one at a time, so the estimate and the queue stay coherent. */
  let queue: Promise<unknown> = Promise.resolve();
  /** Counts erases (here or in another tab); events held across one are dropped, not saved. */
  let erasures = 0;
  // Tells the store in the shop's other tabs about an erase, so they drop the events they hold in memory.
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${ERASE_CHANNEL}:${name}`);
  channel?.addEventListener('message', (e: MessageEvent<unknown>) => {
    const m = e.data;
    if (!isObject(m) || m.type !== 'erased') return;
    erasures++;
    unsaved = [];
    estimate = 0;
  });
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  const rebuild = (oldestFirst: readonly BehaviourEvent[]): Profile => {
    let p = emptyProfile(spec);
    for (const e of oldestFirst) p = applyEvent(p, e, lookup(e.item), spec);
    return p;
  };

  /**
   * Deletes the oldest `plan(times)` valid events and rebuilds the profile
   * from the rest, in one transaction. Invalid records are left alone.
   */
  const pruneBy = async (plan: (oldestFirst: number[]) => number, alwaysRebuild: boolean): Promise<PruneResult> => {
    const tx = db.transaction(['events', 'profile'], 'readwrite');
    const events = tx.objectStore('events');
    const { valid } = partition(await events.getAll());
    const removed = plan(valid.map((e) => e.ts));
    const requests: Promise<unknown>[] = [];
    for (const e of valid.slice(0, removed)) requests.push(events.delete(e.id));
    if (removed > 0 || alwaysRebuild) requests.push(tx.objectStore('profile').put(rebuild(valid.slice(removed)), PROFILE_KEY));
    await finish(tx, requests);
    estimate = valid.length - removed;
    return { removed, remaining: estimate };
  };
  const retentionPrune = (keep: number, alwaysRebuild = false): Promise<PruneResult> =>
    pruneBy((oldestFirst) => pruneCount(oldestFirst, now() - retention.maxAgeDays * DAY_MS, keep), alwaysRebuild);

  /** Writes events and the updated profile in one transaction; nothing is kept when it fails. */
  const write = async (batch: readonly BehaviourEvent[]): Promise<void> => {
    const tx = db.transaction(['events', 'profile'], 'readwrite');
    const requests: Promise<unknown>[] = [];
    try {
      const events = tx.objectStore('events');
      const stored = await tx.objectStore('profile').get(PROFILE_KEY);
      let profile: Profile;
      if (isProfile(stored)) profile = stored;
      // No profile and no events: a new shopper. Otherwise the profile is corrupt or missing (deleted by hand): rebuild it.
      else if (stored === undefined && (await events.count()) === 0) profile = emptyProfile(spec);
      else profile = rebuild(partition(await events.getAll()).valid);
      for (const e of batch) {
        profile = applyEvent(profile, e, lookup(e.item), spec);
        requests.push(events.add({ ...e }));
      }
      requests.push(tx.objectStore('profile').put(profile, PROFILE_KEY));
    } catch (e) {
      // A request that throws (instead of failing) leaves the transaction open: abort, so no part of the batch is kept.
      for (const r of requests) r.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
      await tx.done.catch(() => undefined);
      throw isQuotaError(tx.error) ? tx.error : e;
    }
    await finish(tx, requests);
  };

  /**
   * Keeps events that could not be saved for the next append (the newest
   * `maxEvents`: retention would drop older ones anyway), unless the data was
   * erased since they were recorded.
   */
  const hold = (events: readonly BehaviourEvent[], era: number): void => {
    if (era === erasures) unsaved = [...events, ...unsaved].slice(-retention.maxEvents);
  };

  /** The disk is full: delete the oldest events from before this visit, then try once more. */
  const writeAfterFreeingSpace = async (batch: readonly BehaviourEvent[], era: number, cause: unknown): Promise<void> => {
    let lastError = cause;
    let freed = 0;
    try {
      freed = (await pruneBy((oldestFirst) => quotaPruneCount(oldestFirst, sessionStart, batch.length), false)).removed;
    } catch (e) {
      lastError = e;
    }
    if (freed > 0) {
      try {
        await write(batch);
        return;
      } catch (e) {
        lastError = e;
      }
    }
    // Never lose events silently.
    hold(batch, era);
    throw new StorageError(
      `The browser's storage for this site is full: ${batch.length} shopping events could not be saved` +
        (freed > 0 ? ` even after deleting the ${freed} oldest.` : ' and there are no events from earlier visits left to delete.') +
        ' They are kept in memory and saved with the next event once there is room. Free disk space, or erase the shop’s stored data on the privacy page.',
      { cause: lastError },
    );
  };

  const appendNow = async (fresh: readonly BehaviourEvent[]): Promise<void> => {
    const era = erasures;
    const batch = [...unsaved, ...fresh];
    if (batch.length === 0) return;
    unsaved = [];
    const cap = retention.maxEvents;
    try {
      if (estimate + batch.length > cap) await retentionPrune(Math.max(0, Math.min(Math.floor(cap * PRUNE_HYSTERESIS), cap - batch.length)));
      await write(batch);
    } catch (e) {
      if (!isQuotaError(e)) {
        // The events that were already waiting keep waiting; this call's are reported by the error.
        hold(batch.slice(0, batch.length - fresh.length), era);
        throw failure(e, `save ${fresh.length} shopping events`);
      }
      await writeAfterFreeingSpace(batch, era, e);
    }
    estimate += batch.length;
    // Only when one batch is larger than the whole cap.
    if (estimate > cap) await retentionPrune(cap).catch((e: unknown) => console.warn('[engine] could not prune the behaviour log:', errorMessage(e)));
  };

  // Retention applies from the first moment; a cheap check first, so a store within its limits opens without reading the log.
  try {
    const tx = db.transaction('events');
    const total = await tx.store.count();
    const first = await tx.store.index('by_ts').openKeyCursor();
    const oldest = first?.key;
    await tx.done;
    estimate = total;
    if (total > retention.maxEvents || (typeof oldest === 'number' && oldest < now() - retention.maxAgeDays * DAY_MS))
      await retentionPrune(retention.maxEvents);
  } catch (e) {
    // The store still works; the next append or prune tries again.
    console.warn('[engine] could not prune the behaviour log when opening it:', errorMessage(e));
  }

  return {
    append(events) {
      const fresh: BehaviourEvent[] = [];
      for (const [i, e] of events.entries()) {
        if (!isEvent(e))
          return Promise.reject(
            new StorageError(
              `Cannot store event ${i} of ${events.length}: it needs a finite numeric ts, a type from ${EVENT_TYPES.join('/')} and an item id (got ${safeJson(e)}). Nothing from this call was stored.`,
            ),
          );
        const { id: _id, ...event } = e as StoredEvent;
        fresh.push(event);
      }
      if (fresh.length === 0 && unsaved.length === 0) return Promise.resolve();
      return exclusive(() => appendNow(fresh));
    },
    async profile() {
      const stored = await db.get('profile', PROFILE_KEY);
      if (isProfile(stored)) return stored;
      if (stored === undefined && (await db.count('events')) === 0) return emptyProfile(spec);
      // A corrupt or foreign record, or events without one: rebuild once from the log and store it.
      const tx = db.transaction(['events', 'profile'], 'readwrite');
      const profile = rebuild(partition(await tx.objectStore('events').getAll()).valid);
      await finish(tx, [tx.objectStore('profile').put(profile, PROFILE_KEY)]);
      return profile;
    },
    count: () => db.count('events'),
    async events() {
      const all = await db.getAllFromIndex('events', 'by_ts');
      return all.filter(isEvent).map(withoutKey);
    },
    async recentEvents(n) {
      const out: BehaviourEvent[] = [];
      let cursor = await db.transaction('events').store.index('by_ts').openCursor(null, 'prev');
      while (cursor && out.length < n) {
        if (isEvent(cursor.value)) out.push(withoutKey(cursor.value));
        cursor = await cursor.continue();
      }
      return out.reverse();
    },
    async eventsAfter(ts, limit) {
      const tx = db.transaction('events');
      // Keys first (no record is read), then only the newest `limit` records.
      const keys = (await tx.store.index('by_ts').getAllKeys(IDBKeyRange.lowerBound(ts, true))).slice(-limit);
      if (keys.length === 0) return [];
      // One read of the key range they span; events stored out of time order in it are dropped again.
      const wanted = new Set(keys);
      const records = await tx.store.getAll(IDBKeyRange.bound(Math.min(...keys), Math.max(...keys)));
      return records
        .filter((r) => isEvent(r) && r.id !== undefined && wanted.has(r.id))
        .sort((a, b) => a.ts - b.ts)
        .map(withoutKey);
    },
    async saveCheckpoint(record) {
      const tx = db.transaction('checkpoints', 'readwrite');
      const current = await tx.store.get('current');
      if (current) void tx.store.put({ ...current, slot: 'previous' });
      void tx.store.put({ ...record, slot: 'current' });
      await tx.done;
    },
    async loadCheckpoints(modelVersion) {
      const tx = db.transaction('checkpoints', 'readwrite');
      const found: CheckpointRecord[] = [];
      for (const slot of ['current', 'previous'] as const) {
        const record = await tx.store.get(slot);
        if (!record) continue;
        // A new shipped model retires the checkpoints of the old one.
        if (record.modelVersion === modelVersion) found.push(record);
        else void tx.store.delete(slot);
      }
      await tx.done;
      return found;
    },
    async clearCheckpoints() {
      await db.clear('checkpoints');
    },
    getSetting: (key) => getSetting(db, key),
    setSetting: (key, value) => putSetting(db, key, value),
    async saveModelFiles(record) {
      const problem = modelCacheProblem(record);
      if (problem) throw new StorageError(`Cannot keep a copy of the model: ${problem}. Pass the manifest's version, a time and the verified file bytes.`);
      // A view stores its whole buffer: copy views that cover only part of one.
      const files = Object.fromEntries(
        Object.entries(record.files).map(([path, bytes]) => [
          path,
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice(),
        ]),
      );
      try {
        await db.put('models', { version: record.version, savedAt: record.savedAt, files }, MODEL_CACHE_KEY);
      } catch (e) {
        throw failure(e, 'keep a copy of the model on this device');
      }
    },
    loadModelFiles: () => loadModelCache(db),
    prune: () => exclusive(() => retentionPrune(retention.maxEvents, true)),
    async summary() {
      return { ...(await summarise(db)), unsaved: unsaved.length };
    },
    exportAll: () => exportRecords(db, name, now()),
    eraseAll() {
      // The shopper asked: the waiting events go even if the erase below fails.
      unsaved = [];
      erasures++;
      return exclusive(async () => {
        // An append that ran before this one may have left events waiting.
        unsaved = [];
        const tx = db.transaction(['events', 'profile', 'meta', 'checkpoints', 'models'], 'readwrite');
        const requests: Promise<unknown>[] = [
          tx.objectStore('events').clear(),
          tx.objectStore('profile').clear(),
          tx.objectStore('meta').clear(),
          tx.objectStore('checkpoints').clear(),
          tx.objectStore('models').clear(),
        ];
        try {
          await finish(tx, requests);
        } catch (e) {
          throw failure(e, "erase the shop's stored data");
        }
        estimate = 0;
        channel?.postMessage({ type: 'erased' });
      });
    },
    close: () => {
      channel?.close();
      db.close();
    },
  };
}

/**
 * Reads the kept copy of the model files without opening a whole store, for
 * when the shipped model fails before its feature spec is known. A malformed
 * record is deleted.
 * @param name - database name; default `shop-recommender`.
 * @returns the copy, or `null` when there is none.
 * @throws {StorageError} when IndexedDB is unavailable or cannot be opened.
 * @example
 * const copy = await readModelCache().catch(() => null);
 */
export function readModelCache(name: string = DEFAULT_DB_NAME): Promise<ModelCacheRecord | null> {
  return withBehaviourDB(name, loadModelCache);
}

/**
 * Counts, dates and sizes of what is stored, read straight from the database
 * without a store: for the privacy page when the engine cannot start (the
 * model failed). Records that are not events are skipped and counted.
 * `unsaved` is 0: without a store no event waits in memory.
 * @param name - database name; default `shop-recommender`.
 * @throws {StorageError} when IndexedDB is unavailable or cannot be opened.
 * @example
 * const { events, oldest, newest } = await readStoreSummary();
 */
export async function readStoreSummary(name: string = DEFAULT_DB_NAME): Promise<StoreSummary> {
  return { ...(await withBehaviourDB(name, summarise)), unsaved: 0 };
}

/**
 * Everything stored about the shopper, as {@link BehaviourStore.exportAll}
 * gives it, read straight from the database without a store (for when the
 * engine cannot start). Records that are not events are skipped and counted.
 * @param name - database name; default `shop-recommender`.
 * @param now - the export's time (ms since the epoch); default now.
 * @throws {StorageError} when IndexedDB is unavailable or cannot be opened.
 * @example
 * const data = await readStoreExport();
 */
export function readStoreExport(name: string = DEFAULT_DB_NAME, now: number = Date.now()): Promise<StoreExport> {
  return withBehaviourDB(name, (db) => exportRecords(db, name, now));
}

/**
 * Reads a setting from the `meta` store without a store, as
 * {@link BehaviourStore.getSetting} does.
 * @param key - the setting, for example {@link PAUSED_KEY}.
 * @param name - database name; default `shop-recommender`.
 * @returns the value, or `undefined` when it is not set (or the record is corrupt).
 * @throws {StorageError} when IndexedDB is unavailable or cannot be opened.
 * @example
 * const paused = (await readSetting(PAUSED_KEY)) === true;
 */
export function readSetting(key: string, name: string = DEFAULT_DB_NAME): Promise<MetaRecord['value'] | undefined> {
  return withBehaviourDB(name, (db) => getSetting(db, key));
}

/**
 * Writes a setting to the `meta` store without a store, as
 * {@link BehaviourStore.setSetting} does; an engine that starts later reads it.
 * @param key - the setting, for example {@link PAUSED_KEY}.
 * @param value - a string, finite number, boolean or `null`.
 * @param name - database name; default `shop-recommender`.
 * @throws {ConfigError} when the value is not a string, finite number, boolean or `null`.
 * @throws {StorageError} when IndexedDB is unavailable, or the write fails (for example, the disk is full).
 * @example
 * await writeSetting(PAUSED_KEY, true);
 */
export function writeSetting(key: string, value: MetaRecord['value'], name: string = DEFAULT_DB_NAME): Promise<void> {
  return withBehaviourDB(name, (db) => putSetting(db, key, value));
}

/**
 * Opens the database for one piece of work and closes it after, so an erase
 * (which deletes the database) is never blocked by this connection.
 */
async function withBehaviourDB<T>(name: string, work: (db: IDBPDatabase<BehaviourDB>) => Promise<T>): Promise<T> {
  const db = await openBehaviourDB(name);
  db.addEventListener('versionchange', () => db.close());
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

async function getSetting(db: IDBPDatabase<BehaviourDB>, key: string): Promise<MetaRecord['value'] | undefined> {
  const record: unknown = await db.get('meta', key);
  return isMetaRecord(record) ? record.value : undefined;
}

async function putSetting(db: IDBPDatabase<BehaviourDB>, key: string, value: MetaRecord['value']): Promise<void> {
  if (typeof key !== 'string') throw new ConfigError(`A setting's key must be a string; got ${safeJson(key)}.`);
  if (!isMetaValue(value)) throw new ConfigError(`Setting "${key}" must be a string, finite number, boolean or null; got ${safeJson(value)}.`);
  try {
    await db.put('meta', { key, value });
  } catch (e) {
    throw failure(e, `save the setting "${key}"`);
  }
}

/** Counts, dates and sizes in one read; records that are not events are counted, not read. */
async function summarise(db: IDBPDatabase<BehaviourDB>): Promise<Omit<StoreSummary, 'unsaved'>> {
  const byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  let events = 0;
  let skippedRecords = 0;
  let oldest: number | null = null;
  let newest: number | null = null;
  const tx = db.transaction(['events', 'checkpoints', 'models']);
  for (let cursor = await tx.objectStore('events').openCursor(); cursor; cursor = await cursor.continue()) {
    const e: unknown = cursor.value;
    if (!isEvent(e)) {
      skippedRecords++;
      continue;
    }
    events++;
    byType[e.type]++;
    if (oldest === null || e.ts < oldest) oldest = e.ts;
    if (newest === null || e.ts > newest) newest = e.ts;
  }
  const checkpoints: unknown[] = await tx.objectStore('checkpoints').getAll();
  const model: unknown = await tx.objectStore('models').get(MODEL_CACHE_KEY);
  await tx.done;
  let checkpointBytes = 0;
  for (const c of checkpoints)
    if (isObject(c) && isObject(c.weights)) for (const w of Object.values(c.weights)) checkpointBytes += isObject(w) ? viewBytes(w.values) : 0;
  let modelCacheBytes = 0;
  if (isObject(model) && isObject(model.files)) for (const f of Object.values(model.files)) modelCacheBytes += viewBytes(f);
  return { events, byType, oldest, newest, skippedRecords, checkpointBytes, modelCacheBytes };
}

/** Everything stored about the shopper, in one read; records that are not events are counted, not exported. */
async function exportRecords(db: IDBPDatabase<BehaviourDB>, name: string, exportedAt: number): Promise<StoreExport> {
  const tx = db.transaction(['events', 'profile', 'meta', 'checkpoints']);
  const records = await tx.objectStore('events').getAll();
  const profile = await tx.objectStore('profile').get(PROFILE_KEY);
  const meta: unknown[] = await tx.objectStore('meta').getAll();
  const checkpoints: unknown[] = await tx.objectStore('checkpoints').getAll();
  await tx.done;
  const { valid, skipped } = partition(records);
  return {
    format: 'shop-recommender-export',
    version: 1,
    exportedAt,
    database: name,
    events: valid.map(withoutKey),
    skippedRecords: skipped,
    profile: isProfile(profile) ? profile : null,
    // fromEntries defines own properties, so a key such as "__proto__" stays data.
    settings: Object.fromEntries(meta.filter(isMetaRecord).map((m) => [m.key, m.value])),
    checkpoints: checkpoints.filter(isObject).map(exportCheckpoint),
  };
}

/** Checks the shape of a stored event, so foreign or corrupt records are skipped. */
export function isEvent(value: unknown): value is BehaviourEvent & { id?: number } {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<BehaviourEvent>;
  return typeof e.ts === 'number' && Number.isFinite(e.ts) && typeof e.type === 'string' && EVENT_TYPES.includes(e.type) && typeof e.item === 'string';
}

/** Checks the shape of a model cache record: a version, a time, and every file a `Uint8Array`. */
export function isModelCacheRecord(value: unknown): value is ModelCacheRecord {
  return modelCacheProblem(value) === null;
}

/**
 * Whether an error means the browser's storage quota is used up.
 * @param error - what a transaction or request failed with.
 */
export function isQuotaError(error: unknown): boolean {
  // NS_ERROR_DOM_QUOTA_REACHED: older Firefox.
  return isObject(error) && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

/** What is wrong with a model cache record, or `null`. */
function modelCacheProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the record is not an object';
  if (typeof value.version !== 'string') return 'version is not a string';
  if (typeof value.savedAt !== 'number' || !Number.isFinite(value.savedAt)) return 'savedAt is not a finite number';
  if (!isObject(value.files) || Array.isArray(value.files)) return 'files is not an object of file bytes by path';
  for (const [path, bytes] of Object.entries(value.files)) if (!(bytes instanceof Uint8Array)) return `files["${path}"] is not a Uint8Array`;
  return null;
}

async function loadModelCache(db: IDBPDatabase<BehaviourDB>): Promise<ModelCacheRecord | null> {
  const tx = db.transaction('models', 'readwrite');
  const record: unknown = await tx.store.get(MODEL_CACHE_KEY);
  const requests: Promise<unknown>[] = [];
  const ok = isModelCacheRecord(record);
  // A malformed copy can never load: delete it so it stops taking space.
  if (record !== undefined && !ok) requests.push(tx.store.delete(MODEL_CACHE_KEY));
  await finish(tx, requests);
  return isModelCacheRecord(record) ? record : null;
}

/**
 * Waits for a transaction. The requests' own rejections are observed here, so
 * a failed transaction rejects once, with its real error (for example
 * `QuotaExceededError`), not with the `AbortError` of a request.
 */
async function finish(tx: { done: Promise<void>; error: DOMException | null }, requests: readonly Promise<unknown>[]): Promise<void> {
  for (const r of requests) r.catch(() => undefined);
  try {
    await tx.done;
  } catch (e) {
    throw tx.error ?? e;
  }
}

/** Valid events oldest first (ties by key), and how many records were not events. */
function partition(records: readonly unknown[]): { valid: KeyedEvent[]; skipped: number } {
  const valid: KeyedEvent[] = [];
  let skipped = 0;
  for (const r of records) {
    // The log's key path puts the key in every record.
    if (isEvent(r)) valid.push(r as KeyedEvent);
    else skipped++;
  }
  valid.sort((a, b) => a.ts - b.ts || a.id - b.id);
  return { valid, skipped };
}

function withoutKey(e: BehaviourEvent & { id?: number }): BehaviourEvent {
  const { id: _id, ...event } = e;
  return event;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isMetaValue(value: unknown): value is MetaRecord['value'] {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isMetaRecord(value: unknown): value is MetaRecord {
  return isObject(value) && typeof value.key === 'string' && isMetaValue(value.value);
}

function viewBytes(value: unknown): number {
  return ArrayBuffer.isView(value) ? value.byteLength : 0;
}

function exportCheckpoint(record: Record<string, unknown>): ExportedCheckpoint {
  const weights: Record<string, ExportedWeight> = {};
  if (isObject(record.weights))
    for (const [name, w] of Object.entries(record.weights)) {
      if (!isObject(w) || !Array.isArray(w.shape) || !(w.values instanceof Float32Array)) continue;
      weights[name] = { shape: w.shape.filter((d): d is number => typeof d === 'number'), values: Array.from(w.values) };
    }
  return { ...(record as unknown as CheckpointRecord), weights };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An IndexedDB failure as a {@link StorageError} that says what to do. */
function failure(e: unknown, what: string): StorageError {
  if (e instanceof StorageError) return e;
  if (isQuotaError(e))
    return new StorageError(
      `The browser's storage for this site is full, so the shop could not ${what}. Free disk space, or erase the shop’s stored data on the privacy page.`,
      {
        cause: e,
      },
    );
  if (isObject(e) && e.name === 'InvalidStateError')
    return new StorageError(
      `Could not ${what}: the behaviour store is closed (the shop was updated in another tab, or the engine was disposed). Reload the page.`,
      { cause: e },
    );
  return new StorageError(`Could not ${what}: ${errorMessage(e)}. Reload the page; if it keeps failing, erase the shop’s stored data on the privacy page.`, {
    cause: e,
  });
}
