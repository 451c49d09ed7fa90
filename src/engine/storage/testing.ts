/**
 * Helpers of the storage tests (not exported from the folder): a store over
 * the fixture catalogue, deterministic events, raw writes that bypass the
 * store, and a disk that fills up on demand. Import `fake-indexeddb/auto`
 * before this file.
 */
import { EVENT_TYPES, type BehaviourEvent, type EventType } from '../events/types';
import { FeatureEncoder } from '../features/encode';
import { applyEvent, emptyProfile, type Profile } from '../features/profile';
import { FIXTURE_CATALOGUE, FIXTURE_SPEC } from '../testing/fixture';
import { openBehaviourStore, type BehaviourStore, type BehaviourStoreOptions } from './store';

/** 1 November 2026, 00:00 UTC. */
export const T0 = Date.UTC(2026, 10, 1);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

const encoder = new FeatureEncoder(FIXTURE_SPEC, FIXTURE_CATALOGUE);
/** Looks up a fixture product. */
export const lookup = (id: string) => encoder.item(id);

let counter = 0;
/** A database name no other test uses. */
export const freshName = (prefix: string): string => `${prefix}-${++counter}`;

const opened: BehaviourStore[] = [];

/**
 * Opens a store over the fixture spec and catalogue; {@link closeAll} closes it.
 * @returns the store and its database name.
 */
export async function openTestStore(options: Partial<BehaviourStoreOptions> = {}): Promise<{ store: BehaviourStore; name: string }> {
  const name = options.name ?? freshName('store');
  const store = await openBehaviourStore({ spec: FIXTURE_SPEC, lookup, ...options, name });
  opened.push(store);
  return { store, name };
}

/** Closes every store {@link openTestStore} opened; call in `afterEach`. */
export function closeAll(): void {
  for (const s of opened.splice(0)) s.close();
}

/**
 * `n` events `step` ms apart from `start`, cycling through the fixture's
 * products and the given types.
 */
export function makeEvents(n: number, start: number, step: number, types: readonly EventType[] = EVENT_TYPES): BehaviourEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    ts: start + i * step,
    shopper: 'local',
    type: types[i % types.length] as EventType,
    item: `p${(i % 8) + 1}`,
    slot: i % 6,
    request: `r${Math.floor(i / 6)}`,
    page: 'home' as const,
  }));
}

/** The profile the training path computes from the same events, in time order. */
export function replay(events: readonly BehaviourEvent[]): Profile {
  return [...events].sort((a, b) => a.ts - b.ts).reduce((p, e) => applyEvent(p, e, lookup(e.item), FIXTURE_SPEC), emptyProfile(FIXTURE_SPEC));
}

/**
 * Writes records straight into a store of the database, as a foreign script
 * or a bad disk might, bypassing every check of the behaviour store.
 */
export function rawPut(name: string, storeName: string, values: readonly unknown[], key?: IDBValidKey): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(storeName, 'readwrite');
      try {
        for (const v of values) tx.objectStore(storeName).put(v, key);
      } catch (e) {
        tx.abort();
        db.close();
        reject(e as Error);
        return;
      }
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

/**
 * Makes `IDBObjectStore.prototype.add` throw `QuotaExceededError`, as a full
 * disk does, `times` calls in a row (`Infinity`: until restored) after letting
 * `after` calls through.
 * @returns `calls()`: adds attempted since; `restore()`: the disk has room again.
 */
export function fillDisk(times: number, after = 0): { calls(): number; restore(): void } {
  const original = IDBObjectStore.prototype.add;
  let left = times;
  let calls = 0;
  IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>): IDBRequest<IDBValidKey> {
    calls++;
    if (calls > after && left > 0) {
      left--;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return original.apply(this, args);
  };
  return {
    calls: () => calls,
    restore: () => {
      IDBObjectStore.prototype.add = original;
    },
  };
}
