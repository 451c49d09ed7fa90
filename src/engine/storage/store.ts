/**
 * The behaviour store: an event log and an incrementally updated profile in
 * IndexedDB. Writing an event and updating the profile happen in one
 * transaction, so the profile always matches the log; reading features reads
 * one profile record and never scans the log.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { CatalogueItem } from '../catalogue/types';
import { StorageError } from '../errors';
import { EVENT_TYPES, type BehaviourEvent } from '../events/types';
import { applyEvent, emptyProfile, isProfile, type Profile } from '../features/profile';
import type { FeatureSpec } from '../features/spec';
import { DB_VERSION, DEFAULT_DB_NAME, PROFILE_KEY, type BehaviourDB, type CheckpointRecord } from './schema';

/** Options of {@link openBehaviourStore}. */
export interface BehaviourStoreOptions {
  /** Database name; default `shop-recommender`. */
  name?: string;
  /** Feature spec (profile sizes and half-life). */
  spec: FeatureSpec;
  /** Looks up an event's product. */
  lookup: (id: string) => CatalogueItem | undefined;
}

/** The behaviour store. */
export interface BehaviourStore {
  /** Appends events and updates the profile, all in one transaction. */
  append(events: readonly BehaviourEvent[]): Promise<void>;
  /** The current profile (an empty one for a new shopper). */
  profile(): Promise<Profile>;
  /** Number of stored events. */
  count(): Promise<number>;
  /** Every stored event in time order. */
  events(): Promise<BehaviourEvent[]>;
  /** The newest `n` events, in time order; records that are not events are skipped. */
  recentEvents(n: number): Promise<BehaviourEvent[]>;
  /**
   * Saves fine-tuned weights as the current checkpoint and keeps the one it
   * replaces as `previous`, in one transaction.
   */
  saveCheckpoint(record: Omit<CheckpointRecord, 'slot'>): Promise<void>;
  /** The current checkpoint, then the previous one, that belong to `modelVersion`; checkpoints of other versions are deleted. */
  loadCheckpoints(modelVersion: string): Promise<CheckpointRecord[]>;
  /** Deletes every checkpoint. */
  clearCheckpoints(): Promise<void>;
  /** Closes the connection. */
  close(): void;
}

/**
 * Opens (and creates or upgrades) the behaviour database.
 * @throws {StorageError} when IndexedDB is unavailable or blocked.
 * @example
 * const store = await openBehaviourStore({ spec, lookup: (id) => byId.get(id) });
 * await store.append([{ ts: Date.now(), shopper: 'local', type: 'click', item: 'p0001', slot: 2, request: 'r1', page: 'home' }]);
 */
export async function openBehaviourStore(options: BehaviourStoreOptions): Promise<BehaviourStore> {
  const { spec, lookup } = options;
  const name = options.name ?? DEFAULT_DB_NAME;
  if (typeof indexedDB === 'undefined')
    throw new StorageError(
      'IndexedDB is not available in this browser context (private mode or an old browser?). Personalisation needs it; the shop keeps its default order.',
    );
  let db: IDBPDatabase<BehaviourDB>;
  try {
    db = await openDB<BehaviourDB>(name, DB_VERSION, {
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
      },
    });
  } catch (e) {
    throw new StorageError(`Could not open the behaviour store "${name}": ${(e as Error).message}. Close other tabs of the shop and reload.`, { cause: e });
  }
  db.addEventListener('versionchange', () => db.close());

  const rebuild = (events: readonly BehaviourEvent[]): Profile => {
    let p = emptyProfile(spec);
    for (const e of [...events].sort((a, b) => a.ts - b.ts)) p = applyEvent(p, e, lookup(e.item), spec);
    return p;
  };

  return {
    async append(events) {
      if (events.length === 0) return;
      const tx = db.transaction(['events', 'profile'], 'readwrite');
      const stored = await tx.objectStore('profile').get(PROFILE_KEY);
      let profile: Profile;
      if (isProfile(stored)) profile = stored;
      else if (stored === undefined) profile = emptyProfile(spec);
      else profile = rebuild((await tx.objectStore('events').getAll()) as BehaviourEvent[]);
      const eventsStore = tx.objectStore('events');
      for (const e of events) {
        profile = applyEvent(profile, e, lookup(e.item), spec);
        void eventsStore.add({ ...e });
      }
      void tx.objectStore('profile').put(profile, PROFILE_KEY);
      await tx.done;
    },
    async profile() {
      const stored = await db.get('profile', PROFILE_KEY);
      if (isProfile(stored)) return stored;
      if (stored === undefined) return emptyProfile(spec);
      // A corrupt or foreign record: rebuild once from the log and store it.
      const tx = db.transaction(['events', 'profile'], 'readwrite');
      const profile = rebuild((await tx.objectStore('events').getAll()) as BehaviourEvent[]);
      void tx.objectStore('profile').put(profile, PROFILE_KEY);
      await tx.done;
      return profile;
    },
    count: () => db.count('events'),
    async events() {
      const all = await db.getAllFromIndex('events', 'by_ts');
      return all.map(({ id: _id, ...e }) => e as BehaviourEvent);
    },
    async recentEvents(n) {
      const out: BehaviourEvent[] = [];
      let cursor = await db.transaction('events').store.index('by_ts').openCursor(null, 'prev');
      while (cursor && out.length < n) {
        if (isEvent(cursor.value)) {
          const { id: _id, ...e } = cursor.value;
          out.push(e);
        }
        cursor = await cursor.continue();
      }
      return out.reverse();
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
    close: () => db.close(),
  };
}

/** Checks the shape of a stored event, so foreign or corrupt records are skipped. */
export function isEvent(value: unknown): value is BehaviourEvent & { id?: number } {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<BehaviourEvent>;
  return typeof e.ts === 'number' && Number.isFinite(e.ts) && typeof e.type === 'string' && EVENT_TYPES.includes(e.type) && typeof e.item === 'string';
}
