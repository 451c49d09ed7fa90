import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../../engine/events/types';
import { TABS_CHANNEL, type TabMessage } from '../../engine/runtime/tabs';
import { DEFAULT_RETENTION } from '../../engine/storage/retention';
import { PAUSED_KEY } from '../../engine/storage/schema';
import { openBehaviourDB, readSetting } from '../../engine/storage/store';
import {
  eraseWithoutEngine,
  exportFileName,
  exportWithoutEngine,
  formatBytes,
  listenToOtherTabs,
  NOT_INCLUDED_WITHOUT_ENGINE,
  setPausedWithoutEngine,
  summaryWithoutEngine,
} from './privacy';

/** 1 November 2026, 00:00 UTC. */
const T0 = Date.UTC(2026, 10, 1);
const MINUTE = 60_000;
const event = (i: number, type: BehaviourEvent['type']): BehaviourEvent => ({
  ts: T0 + i * MINUTE,
  shopper: 'local',
  type,
  item: `p${i + 1}`,
  slot: i,
  request: `r${i}`,
  page: 'home',
});
/** Two impressions and a click, a minute apart. */
const EVENTS = [event(0, 'impression'), event(1, 'impression'), event(2, 'click')];

let counter = 0;
const freshName = (): string => `privacy-page-${++counter}`;

/**
 * A database as the engine leaves it, written without one: three events, a
 * profile, the pause setting, and one corrupt record in the log.
 */
async function seed(name: string, paused: boolean): Promise<void> {
  const db = await openBehaviourDB(name);
  // Newest first, so the export's time order is not just the insertion order.
  for (const e of [...EVENTS].reverse()) await db.add('events', e);
  // A record no event can be (a foreign script, a bad disk): no type, a string for a time.
  await db.add('events', { ts: 'yesterday', item: 'p9' } as unknown as BehaviourEvent);
  await db.put('meta', { key: PAUSED_KEY, value: paused });
  db.close();
}

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

describe('privacy page helpers', () => {
  it('names the export by its UTC day', () => {
    expect(exportFileName(Date.UTC(2026, 10, 28, 23, 59))).toBe('fernhill-my-data-2026-11-28.json');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(183_716)).toBe('179 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('deletes the database when the engine is not running', async () => {
    const db = await openDB('privacy-erase', 1, { upgrade: (d) => void d.createObjectStore('events', { autoIncrement: true }) });
    await db.add('events', { ts: 1 });
    db.close();
    await eraseWithoutEngine('privacy-erase');
    const reopened = await openDB('privacy-erase');
    expect(reopened.objectStoreNames.length).toBe(0);
    reopened.close();
  });
});

describe('the shopper’s data when the engine is not running', () => {
  it('summarises what is stored, skipping and counting a corrupt record; the interests need the model', async () => {
    const name = freshName();
    await seed(name, false);
    expect(await summaryWithoutEngine(name)).toEqual({
      events: 3,
      byType: { impression: 2, click: 1, cart: 0, purchase: 0, ad_impression: 0, ad_click: 0 },
      oldest: T0,
      newest: T0 + 2 * MINUTE,
      skippedRecords: 1,
      checkpointBytes: 0,
      modelCacheBytes: 0,
      unsaved: 0,
      interests: null,
      paused: false,
      retention: DEFAULT_RETENTION,
    });
  });

  it('summarises an empty store for a shopper with nothing stored', async () => {
    const summary = await summaryWithoutEngine(freshName());
    expect(summary).toMatchObject({ events: 0, oldest: null, newest: null, skippedRecords: 0, paused: false });
  });

  it('exports the events in the normal format, without the corrupt record, and says what it could not include', async () => {
    const name = freshName();
    await seed(name, true);
    const exported = await exportWithoutEngine(name, T0 + 60 * MINUTE);
    const parsed = JSON.parse(JSON.stringify(exported)) as typeof exported;
    expect(parsed).toEqual(exported);
    expect(parsed).toMatchObject({
      format: 'shop-recommender-export',
      version: 1,
      exportedAt: T0 + 60 * MINUTE,
      database: name,
      skippedRecords: 1,
      settings: { [PAUSED_KEY]: true },
      checkpoints: [],
      modelVersion: null,
      interests: null,
    });
    expect(parsed.events).toEqual(EVENTS);
    // No profile was written by this seed: the file says so with null rather than inventing one.
    expect(parsed.profile).toBeNull();
    expect(parsed.notIncluded).toEqual(NOT_INCLUDED_WITHOUT_ENGINE);
    expect(exportFileName(parsed.exportedAt)).toBe('fernhill-my-data-2026-11-01.json');
  });

  it('pauses where the engine reads it at start, and tells the other tabs', async () => {
    const name = freshName();
    await seed(name, false);
    const heard: TabMessage[] = [];
    const tab = new BroadcastChannel(`${TABS_CHANNEL}:${name}`);
    channels.push(tab);
    const told = new Promise<void>((resolve) =>
      tab.addEventListener('message', (e: MessageEvent<TabMessage>) => {
        heard.push(e.data);
        resolve();
      }),
    );
    await setPausedWithoutEngine(true, name);
    expect(await readSetting(PAUSED_KEY, name)).toBe(true);
    expect((await summaryWithoutEngine(name)).paused).toBe(true);
    await told;
    expect(heard).toEqual([{ type: 'paused', paused: true }]);
    await setPausedWithoutEngine(false, name);
    expect(await readSetting(PAUSED_KEY, name)).toBe(false);
  });

  it('hears a pause and an erase from the other tabs, and stops when told', async () => {
    const name = freshName();
    await seed(name, false);
    const heard: TabMessage[] = [];
    let next: () => void = () => undefined;
    const stop = listenToOtherTabs((m) => {
      heard.push(m);
      next();
    }, name);
    const message = (): Promise<void> => new Promise((resolve) => (next = resolve));
    // Another tab's page: its own channel, as `setPausedWithoutEngine` and `eraseWithoutEngine` there use.
    const other = new BroadcastChannel(`${TABS_CHANNEL}:${name}`);
    channels.push(other);
    let arrived = message();
    other.postMessage({ type: 'paused', paused: true } satisfies TabMessage);
    await arrived;
    arrived = message();
    other.postMessage({ type: 'erased' } satisfies TabMessage);
    await arrived;
    expect(heard).toEqual([{ type: 'paused', paused: true }, { type: 'erased' }]);
    stop();
    other.postMessage({ type: 'paused', paused: false } satisfies TabMessage);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toHaveLength(2);
  });

  it("does not hear its own page's pause and erase again, which the other tabs still hear", async () => {
    const name = freshName();
    await seed(name, false);
    const mine: TabMessage[] = [];
    const stop = listenToOtherTabs((m) => mine.push(m), name);
    const theirs: TabMessage[] = [];
    const other = new BroadcastChannel(`${TABS_CHANNEL}:${name}`);
    channels.push(other);
    const both = new Promise<void>((resolve) =>
      other.addEventListener('message', (e: MessageEvent<TabMessage>) => {
        theirs.push(e.data);
        if (theirs.length === 2) resolve();
      }),
    );
    await setPausedWithoutEngine(true, name);
    await eraseWithoutEngine(name);
    await both;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(theirs).toEqual([{ type: 'paused', paused: true }, { type: 'erased' }]);
    expect(mine).toEqual([]);
    stop();
  });

  it('waits for another connection that closes a moment after it is asked to, and gives up on one that never does', async () => {
    const name = freshName();
    await seed(name, false);
    const late = await openDB(name);
    late.addEventListener('versionchange', () => setTimeout(() => late.close(), 50));
    await eraseWithoutEngine(name, 2_000);
    expect((await summaryWithoutEngine(name)).events).toBe(0);

    const other = freshName();
    await seed(other, false);
    const stuck = await openDB(other);
    await expect(eraseWithoutEngine(other, 100)).rejects.toThrow(/another tab of the shop still has the data open/);
    stuck.close();
  });

  it('erases everything but keeps a pause, as an erase through the engine does', async () => {
    const name = freshName();
    await seed(name, true);
    await eraseWithoutEngine(name);
    const after = await summaryWithoutEngine(name);
    expect(after).toMatchObject({ events: 0, skippedRecords: 0, paused: true });
    expect((await exportWithoutEngine(name)).settings).toEqual({ [PAUSED_KEY]: true });
  });
});
