/**
 * How long the behaviour store keeps events, and which events a prune removes.
 * Pure: the store applies the plan in one transaction.
 */
import { ConfigError } from '../errors';

/** How much behaviour the store keeps. */
export interface RetentionConfig {
  /** Events older than this many days are deleted when the store opens and on `prune()`. */
  maxAgeDays: number;
  /** The newest this many events are kept; older ones are deleted as new ones arrive. */
  maxEvents: number;
}

/** Defaults: three months, at most 50,000 events (a few MB). */
export const DEFAULT_RETENTION: Readonly<RetentionConfig> = Object.freeze({ maxAgeDays: 90, maxEvents: 50_000 });

/**
 * When an append would take the log past `maxEvents`, the store first prunes
 * down to this fraction of it, so a full log is not rebuilt on every append.
 */
export const PRUNE_HYSTERESIS = 0.9;

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/**
 * Copies a retention config, fills defaults and checks every field.
 * @param config - partial config; `undefined` gives the defaults. Not mutated.
 * @returns a complete config.
 * @throws {ConfigError} naming the field when a value is not a positive finite
 *   number (`maxEvents`: a positive integer) or a field is unknown.
 * @example
 * const retention = validateRetention({ maxAgeDays: 30 }); // { maxAgeDays: 30, maxEvents: 50000 }
 */
export function validateRetention(config?: Partial<RetentionConfig>): RetentionConfig {
  const out: RetentionConfig = { ...DEFAULT_RETENTION };
  if (config === undefined) return out;
  if (typeof config !== 'object' || config === null)
    throw new ConfigError(`retention must be an object like { maxAgeDays: 90, maxEvents: 50000 }; got ${String(config)}.`);
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (key !== 'maxAgeDays' && key !== 'maxEvents')
      throw new ConfigError(`retention.${key} is not a retention option; use maxAgeDays (days, default 90) and maxEvents (count, default 50000).`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw new ConfigError(`retention.${key} must be a positive finite number; got ${String(value)}. The default is ${DEFAULT_RETENTION[key]}.`);
    if (key === 'maxEvents' && !Number.isInteger(value))
      throw new ConfigError(`retention.maxEvents must be a whole number of events; got ${value}. The default is ${DEFAULT_RETENTION.maxEvents}.`);
    out[key] = value;
  }
  return out;
}

/**
 * How many of the oldest events a prune deletes.
 * @param oldestFirst - times of the stored events, oldest first.
 * @param before - events with `ts < before` go.
 * @param keep - at most this many events stay.
 * @returns the length of the prefix of `oldestFirst` to delete.
 * @example pruneCount([1, 2, 3, 4], 2, 2) // 2: one is too old, and two may stay
 */
export function pruneCount(oldestFirst: readonly number[], before: number, keep: number): number {
  let old = 0;
  while (old < oldestFirst.length && (oldestFirst[old] as number) < before) old++;
  return Math.max(old, oldestFirst.length - Math.max(0, keep));
}

/**
 * How many of the oldest events to delete to make room when the browser's
 * storage is full: the oldest quarter of the log (at least `need`), but never
 * an event from the current session.
 * @param oldestFirst - times of the stored events, oldest first.
 * @param sessionStart - events at or after this time are never deleted.
 * @param need - how many events are waiting to be written.
 * @returns the length of the prefix of `oldestFirst` to delete (0 when nothing may go).
 * @example quotaPruneCount([1, 2, 3, 4, 5, 6, 7, 8], 7, 1) // 2
 */
export function quotaPruneCount(oldestFirst: readonly number[], sessionStart: number, need: number): number {
  let eligible = 0;
  while (eligible < oldestFirst.length && (oldestFirst[eligible] as number) < sessionStart) eligible++;
  return Math.min(eligible, Math.max(Math.ceil(oldestFirst.length / 4), need));
}
