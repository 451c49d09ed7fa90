/**
 * The event log on disk: versioned JSON Lines, one {@link BehaviourEvent} per
 * line (see FORMAT.md beside this file). Writing is strict, so a bug shows up
 * where the bad event is made; reading is forgiving, so one bad row never
 * costs a whole log.
 */
import { EVENT_LOG_VERSION, EVENT_TYPES, PAGE_TYPES, type BehaviourEvent, type EventType, type PageType } from './types';

/** Outcome of parsing one line. */
export type ParsedEventLine = { ok: true; event: BehaviourEvent } | { ok: false; reason: string };

/** A rejected line: its 1-based number and why. */
export interface EventLogError {
  line: number;
  reason: string;
}

/** Outcome of parsing a whole log. */
export interface ParsedEventLog {
  /** The valid events, in file order. */
  events: BehaviourEvent[];
  /** Number of rejected lines (blank lines are not counted). */
  malformed: number;
  /** Details of the first {@link MAX_ERROR_DETAILS} rejected lines. */
  errors: EventLogError[];
}

/** How many rejected lines {@link parseEventLog} describes; the rest are only counted. */
export const MAX_ERROR_DETAILS = 20;

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);
const PAGE_TYPE_SET: ReadonlySet<string> = new Set(PAGE_TYPES);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

function nonEmptyString(row: Record<string, unknown>, field: string): string {
  const value = row[field];
  if (value === undefined || value === null) throw new Error(`missing field "${field}"`);
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${field} must be a non-empty string, got ${describe(value)}`);
  return value;
}

/**
 * Checks a decoded row and builds the event from the known fields only.
 * Throws a plain Error whose message is the reason; callers turn it into a result.
 */
function toEvent(row: Record<string, unknown>): BehaviourEvent {
  if (row.v === undefined || row.v === null) throw new Error('missing field "v"');
  if (row.v !== EVENT_LOG_VERSION) {
    throw new Error(`unsupported version ${describe(row.v)}; this reader understands v${EVENT_LOG_VERSION}`);
  }

  const ts = row.ts;
  if (ts === undefined || ts === null) throw new Error('missing field "ts"');
  if (typeof ts !== 'number') throw new Error(`ts must be a number (ms since the epoch), got ${describe(ts)}`);
  if (!Number.isFinite(ts)) throw new Error(`ts is not finite (${ts})`);
  if (!Number.isInteger(ts)) throw new Error(`ts must be a whole number of ms, got ${ts}`);
  if (ts < 0) throw new Error(`ts is negative (${ts})`);

  const shopper = nonEmptyString(row, 'shopper');
  const type = nonEmptyString(row, 'type');
  if (!EVENT_TYPE_SET.has(type)) throw new Error(`unknown type ${describe(type)}; expected one of ${EVENT_TYPES.join(', ')}`);
  const item = nonEmptyString(row, 'item');

  let slot: number | null = null;
  if (row.slot !== undefined && row.slot !== null) {
    if (typeof row.slot !== 'number' || !Number.isInteger(row.slot)) {
      throw new Error(`slot must be a whole number or null, got ${describe(row.slot)}`);
    }
    if (row.slot < 0) throw new Error(`negative slot (${row.slot})`);
    slot = row.slot;
  }

  let request: string | null = null;
  if (row.request !== undefined && row.request !== null) {
    if (typeof row.request !== 'string' || row.request.length === 0) {
      throw new Error(`request must be a non-empty string or null, got ${describe(row.request)}`);
    }
    request = row.request;
  }

  const page = nonEmptyString(row, 'page');
  if (!PAGE_TYPE_SET.has(page)) throw new Error(`unknown page ${describe(page)}; expected one of ${PAGE_TYPES.join(', ')}`);

  return { ts, shopper, type: type as EventType, item, slot, request, page: page as PageType };
}

/**
 * Formats one event as a log line (no trailing newline). Keys are always
 * written in the same order: v, ts, shopper, type, item, slot, request, page.
 *
 * @param event The event.
 * @returns One line of JSON.
 * @throws {RangeError} when the event would not read back (for example a
 *   fractional `ts`, a negative slot or an unknown type); the message names the field.
 * @example
 * formatEvent({ ts: 1788220800000, shopper: 's0001', type: 'click', item: 'p0001', slot: 3, request: 'rs0001-1', page: 'home' })
 * // '{"v":1,"ts":1788220800000,"shopper":"s0001","type":"click","item":"p0001","slot":3,"request":"rs0001-1","page":"home"}'
 */
export function formatEvent(event: BehaviourEvent): string {
  let e: BehaviourEvent;
  try {
    e = toEvent({ ...event, v: EVENT_LOG_VERSION });
  } catch (err) {
    throw new RangeError(`formatEvent: ${(err as Error).message}; fix the event before logging it.`);
  }
  return JSON.stringify({ v: EVENT_LOG_VERSION, ts: e.ts, shopper: e.shopper, type: e.type, item: e.item, slot: e.slot, request: e.request, page: e.page });
}

/**
 * Formats events as a JSON Lines log: one line per event, each ending in `\n`.
 * @param events Events in the order to write them.
 * @returns The log text (empty for no events).
 * @throws {RangeError} as {@link formatEvent}.
 * @example formatEventLog(events).split('\n').length === events.length + 1 // true
 */
export function formatEventLog(events: Iterable<BehaviourEvent>): string {
  const lines: string[] = [];
  for (const e of events) lines.push(formatEvent(e), '\n');
  return lines.join('');
}

/**
 * Parses one log line. Never throws.
 *
 * Unknown extra fields are ignored; `slot` and `request` may be absent (read
 * as null); every other field is required.
 *
 * @param line One line, with or without its line ending.
 * @returns The event, or a reason such as `bad JSON: …`, `missing field "ts"`,
 *   `unknown type "view"`, `unsupported version 2; …`, `negative slot (-1)` or `ts is not finite …`.
 * @example parseEventLine('{"v":1,"ts":5}') // { ok: false, reason: 'missing field "shopper"' }
 */
export function parseEventLine(line: string): ParsedEventLine {
  const text = line.trim();
  if (text.length === 0) return { ok: false, reason: 'blank line' };
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `bad JSON: ${(err as Error).message}` };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return { ok: false, reason: `bad JSON: expected an object, got ${describe(row)}` };
  }
  try {
    return { ok: true, event: toEvent(row as Record<string, unknown>) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/**
 * Parses a log. Never throws: bad rows are counted and the first
 * {@link MAX_ERROR_DETAILS} are described; blank lines are skipped.
 *
 * @param input The whole text, or its lines (for example from a line reader).
 *   A leading byte-order mark is ignored.
 * @returns Valid events in file order, the count of bad rows and their details.
 * @example
 * const { events, malformed, errors } = parseEventLog(readFileSync('events.jsonl', 'utf8'));
 * if (malformed) console.warn(`${malformed} bad rows, first: line ${errors[0].line}: ${errors[0].reason}`);
 */
export function parseEventLog(input: string | Iterable<string>): ParsedEventLog {
  const lines: Iterable<string> = typeof input === 'string' ? input.split('\n') : input;
  const result: ParsedEventLog = { events: [], malformed: 0, errors: [] };
  let n = 0;
  for (const raw of lines) {
    n += 1;
    const line = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim().length === 0) continue;
    const parsed = parseEventLine(line);
    if (parsed.ok) {
      result.events.push(parsed.event);
    } else {
      result.malformed += 1;
      if (result.errors.length < MAX_ERROR_DETAILS) result.errors.push({ line: n, reason: parsed.reason });
    }
  }
  return result;
}
