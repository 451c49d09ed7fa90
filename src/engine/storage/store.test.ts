import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../events/types';
import { FeatureEncoder } from '../features/encode';
import { applyEvent, emptyProfile } from '../features/profile';
import { FIXTURE_CATALOGUE, FIXTURE_SPEC } from '../testing/fixture';
import { PROFILE_KEY } from './schema';
import { openBehaviourStore, type BehaviourStore } from './store';

const encoder = new FeatureEncoder(FIXTURE_SPEC, FIXTURE_CATALOGUE);
const T0 = Date.UTC(2026, 10, 1);
/** The store's clock, so retention never depends on the day the tests run. */
const NOW = T0 + 86_400_000;
let dbCounter = 0;
let store: BehaviourStore | undefined;

async function open(): Promise<{ store: BehaviourStore; name: string }> {
  const name = `test-${++dbCounter}`;
  store = await openBehaviourStore({ name, spec: FIXTURE_SPEC, lookup: (id) => encoder.item(id), now: () => NOW });
  return { store, name };
}

afterEach(() => store?.close());

const events: BehaviourEvent[] = [
  { ts: T0, shopper: 'local', type: 'impression', item: 'p1', slot: 0, request: 'r1', page: 'home' },
  { ts: T0, shopper: 'local', type: 'impression', item: 'p5', slot: 1, request: 'r1', page: 'home' },
  { ts: T0 + 2_000, shopper: 'local', type: 'click', item: 'p5', slot: 1, request: 'r1', page: 'home' },
  { ts: T0 + 9_000, shopper: 'local', type: 'cart', item: 'p5', slot: 1, request: 'r1', page: 'product' },
  { ts: T0 + 3_600_000, shopper: 'local', type: 'click', item: 'p7', slot: 4, request: 'r2', page: 'category' },
  { ts: T0 + 3_700_000, shopper: 'local', type: 'purchase', item: 'p5', slot: 1, request: 'r1', page: 'cart' },
];

describe('behaviour store', () => {
  it('keeps events and an up-to-date profile', async () => {
    const { store } = await open();
    await store.append(events.slice(0, 2));
    await store.append(events.slice(2));
    expect(await store.count()).toBe(events.length);
    expect(await store.events()).toEqual(events);
    const p = await store.profile();
    expect(p.counts.click).toBe(2);
    expect(p.recent.map((r) => r.item)).toEqual(['p5', 'p7', 'p5', 'p5']);
  });

  it('gives the events stored after a time, in time order, none at or before it, and at most the newest few', async () => {
    const { store } = await open();
    await store.append(events);
    expect(await store.eventsAfter(T0 + 2_000, 100)).toEqual(events.slice(3));
    expect(await store.eventsAfter(T0 - 1, 100)).toEqual(events);
    expect(await store.eventsAfter(T0 + 3_700_000, 100)).toEqual([]);
    expect(await store.eventsAfter(T0 - 1, 2)).toEqual(events.slice(-2));
  });

  it('gives the events after a time by their time, also when they were stored out of time order', async () => {
    const { store } = await open();
    // The purchase first, then the rest: the store's keys no longer follow the events' times.
    await store.append([events[5]!, events[0]!, events[1]!]);
    await store.append(events.slice(2, 5));
    expect(await store.eventsAfter(T0 + 2_000, 100)).toEqual(events.slice(3));
    expect(await store.eventsAfter(T0 + 2_000, 2)).toEqual(events.slice(4));
    expect(await store.eventsAfter(T0, 3)).toEqual(events.slice(3));
  });

  it('gives the training path and the browser path identical feature arrays', async () => {
    // Training path: events replayed in memory.
    const inMemory = events.reduce((p, e) => applyEvent(p, e, encoder.item(e.item), FIXTURE_SPEC), emptyProfile(FIXTURE_SPEC));
    // Browser path: the same events through IndexedDB, one transaction at a time.
    const { store } = await open();
    for (const e of events) await store.append([e]);
    const stored = await store.profile();
    const ctx = { now: T0 + 4_000_000, page: 'home' as const };
    const a = encoder.shopper(inMemory, ctx);
    const b = encoder.shopper(stored, ctx);
    expect(b.dense).toEqual(a.dense);
    expect(b.recentItems).toEqual(a.recentItems);
    expect(b.recentTypes).toEqual(a.recentTypes);
    const cands = FIXTURE_CATALOGUE.items.map((item) => ({ item }));
    const ca = encoder.candidates(inMemory, cands);
    const cb = encoder.candidates(stored, cands);
    expect(cb.dense).toEqual(ca.dense);
    expect(cb.attrs).toEqual(ca.attrs);
    expect(cb.title).toEqual(ca.title);
  });

  it('survives reopening', async () => {
    const { store: first, name } = await open();
    await first.append(events);
    first.close();
    const again = await openBehaviourStore({ name, spec: FIXTURE_SPEC, lookup: (id) => encoder.item(id), now: () => NOW });
    store = again;
    expect(await again.count()).toBe(events.length);
    expect((await again.profile()).counts.purchase).toBe(1);
  });

  it('rebuilds a corrupt profile record from the log', async () => {
    const { store, name } = await open();
    await store.append(events);
    const expected = await store.profile();
    // Overwrite the profile with garbage, as a foreign script or a bad disk might.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        const tx = req.result.transaction('profile', 'readwrite');
        tx.objectStore('profile').put({ nonsense: true }, PROFILE_KEY);
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    expect(await store.profile()).toEqual(expected);
  });

  it('rebuilds a profile stored by an older engine (format 1, no price positions) with them', async () => {
    const { store, name } = await open();
    await store.append(events);
    const expected = await store.profile();
    expect(expected.priceZ[0]).toBeGreaterThan(0);
    const { priceZ: _dropped, ...older } = expected;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => {
        const tx = req.result.transaction('profile', 'readwrite');
        tx.objectStore('profile').put({ ...older, format: 1 }, PROFILE_KEY);
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    expect(await store.profile()).toEqual(expected);
  });
});
