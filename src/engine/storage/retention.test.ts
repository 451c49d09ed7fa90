import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { DEFAULT_RETENTION, pruneCount, quotaPruneCount, validateRetention } from './retention';
import { closeAll, DAY, makeEvents, MINUTE, openTestStore, rawPut, replay, T0 } from './testing';

afterEach(closeAll);

describe('validateRetention', () => {
  it('fills defaults and copies, never mutating the caller', () => {
    expect(validateRetention()).toEqual({ maxAgeDays: 90, maxEvents: 50_000 });
    expect(DEFAULT_RETENTION).toEqual({ maxAgeDays: 90, maxEvents: 50_000 });
    const mine = { maxAgeDays: 7 };
    const out = validateRetention(mine);
    expect(out).toEqual({ maxAgeDays: 7, maxEvents: 50_000 });
    out.maxAgeDays = 1;
    expect(mine).toEqual({ maxAgeDays: 7 });
    expect(validateRetention({ maxAgeDays: 0.5, maxEvents: 1 })).toEqual({ maxAgeDays: 0.5, maxEvents: 1 });
  });

  it.each([
    [{ maxAgeDays: 0 }, /retention\.maxAgeDays must be a positive finite number; got 0/],
    [{ maxAgeDays: -3 }, /retention\.maxAgeDays .* got -3/],
    [{ maxAgeDays: Number.NaN }, /retention\.maxAgeDays .* got NaN/],
    [{ maxEvents: Number.POSITIVE_INFINITY }, /retention\.maxEvents .* got Infinity/],
    [{ maxEvents: '100' as unknown as number }, /retention\.maxEvents .* got 100/],
    [{ maxEvents: 2.5 }, /retention\.maxEvents must be a whole number/],
    [{ maxAgeDay: 30 } as unknown as { maxAgeDays: number }, /retention\.maxAgeDay is not a retention option/],
  ])('rejects %o, naming the field', (config, message) => {
    expect(() => validateRetention(config)).toThrow(ConfigError);
    expect(() => validateRetention(config)).toThrow(message);
  });

  it('is applied by openBehaviourStore', async () => {
    await expect(openTestStore({ retention: { maxEvents: 0 } })).rejects.toThrow(ConfigError);
    await expect(openTestStore({ sessionStart: Number.NaN })).rejects.toThrow(/sessionStart must be a time/);
  });
});

describe('prune plans', () => {
  it('deletes what is too old, then the oldest beyond the cap', () => {
    // Times 1..6; before 3 drops two (1, 2); keep 3 drops three (1, 2, 3): the larger wins.
    expect(pruneCount([1, 2, 3, 4, 5, 6], 3, 10)).toBe(2);
    expect(pruneCount([1, 2, 3, 4, 5, 6], 3, 3)).toBe(3);
    expect(pruneCount([1, 2, 3, 4, 5, 6], 0, 6)).toBe(0);
    expect(pruneCount([], 10, 0)).toBe(0);
  });

  it('frees a quarter of the log for a full disk, never from this session', () => {
    // Eight events, session from 7: six are eligible; a quarter is 2.
    expect(quotaPruneCount([1, 2, 3, 4, 5, 6, 7, 8], 7, 1)).toBe(2);
    // Five waiting events need more than a quarter.
    expect(quotaPruneCount([1, 2, 3, 4, 5, 6, 7, 8], 7, 5)).toBe(5);
    // ...but only six are older than the session.
    expect(quotaPruneCount([1, 2, 3, 4, 5, 6, 7, 8], 7, 100)).toBe(6);
    expect(quotaPruneCount([7, 8], 7, 1)).toBe(0);
  });
});

describe('retention', () => {
  it('prune() deletes events older than maxAgeDays and rebuilds the profile from the rest', async () => {
    let now = T0 + 20 * DAY;
    // One event a day for 21 days: days 0..20.
    const events = makeEvents(21, T0, DAY);
    const { store } = await openTestStore({ now: () => now, retention: { maxAgeDays: 90 } });
    await store.append(events);
    expect(await store.prune()).toEqual({ removed: 0, remaining: 21 });

    now = T0 + 100 * DAY; // the cut-off is day 10
    expect(await store.prune()).toEqual({ removed: 10, remaining: 11 });
    const kept = await store.events();
    expect(kept).toEqual(events.slice(10));
    // The profile forgets the deleted behaviour: it is the profile of what remains.
    const profile = await store.profile();
    expect(profile).toEqual(replay(kept));
    expect(profile).not.toEqual(replay(events));
    expect(Object.values(profile.counts).reduce((a, b) => a + b, 0)).toBe(11);
  });

  it('prunes when the store opens, by age and by count', async () => {
    const events = makeEvents(30, T0, DAY);
    const { store: first, name } = await openTestStore({ now: () => T0 + 30 * DAY });
    await first.append(events);
    first.close();

    // 40 days later with a 30-day limit: days 0..9 are too old.
    const { store: aged } = await openTestStore({ name, now: () => T0 + 40 * DAY, retention: { maxAgeDays: 30 } });
    expect(await aged.events()).toEqual(events.slice(10));
    expect(await aged.profile()).toEqual(replay(events.slice(10)));
    aged.close();

    // A smaller cap: only the newest 5 stay.
    const { store: capped } = await openTestStore({ name, now: () => T0 + 40 * DAY, retention: { maxAgeDays: 30, maxEvents: 5 } });
    expect(await capped.events()).toEqual(events.slice(25));
    expect(await capped.profile()).toEqual(replay(events.slice(25)));
  });

  it('keeps the log at or under maxEvents while appending one by one, keeping the newest', async () => {
    const events = makeEvents(200, T0, MINUTE);
    const { store } = await openTestStore({ now: () => T0 + DAY, retention: { maxEvents: 50 } });
    const counts: number[] = [];
    for (const e of events) {
      await store.append([e]);
      counts.push(await store.count());
    }
    expect(Math.max(...counts)).toBe(50);
    // Hysteresis: a full log is pruned to 45 (90 %) before the append, so the
    // log is not rebuilt on every append: 46, 47, 48, 49, 50, 46, ...
    expect(counts.slice(49, 57)).toEqual([50, 46, 47, 48, 49, 50, 46, 47]);
    const kept = await store.events();
    expect(kept).toEqual(events.slice(200 - kept.length));
    expect(await store.profile()).toEqual(replay(kept));
  });

  it('keeps only the newest maxEvents of a batch larger than the cap', async () => {
    const events = makeEvents(25, T0, MINUTE);
    const { store } = await openTestStore({ now: () => T0 + DAY, retention: { maxEvents: 10 } });
    await store.append(events);
    expect(await store.events()).toEqual(events.slice(15));
    expect(await store.profile()).toEqual(replay(events.slice(15)));
  });

  it('prunes and rebuilds around corrupt records without crashing', async () => {
    let now = T0 + DAY;
    const events = makeEvents(12, T0, DAY);
    const { store, name } = await openTestStore({ now: () => now });
    await store.append(events);
    await rawPut(name, 'events', [{ foo: 1 }, { ts: 'x', type: 'click', item: 3 }, { ts: T0 - 400 * DAY, type: 'nope', item: 'p1' }]);
    now = T0 + 95 * DAY; // the cut-off is day 5
    expect(await store.prune()).toEqual({ removed: 5, remaining: 7 });
    expect(await store.events()).toEqual(events.slice(5));
    expect(await store.profile()).toEqual(replay(events.slice(5)));
    // Foreign records are left alone (erase removes them) and counted.
    expect((await store.summary()).skippedRecords).toBe(3);
  });
});
