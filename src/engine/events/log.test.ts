import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatEvent, formatEventLog, MAX_ERROR_DETAILS, parseEventLine, parseEventLog } from './log';
import type { BehaviourEvent } from './types';

const click: BehaviourEvent = { ts: 1788220806211, shopper: 's0001', type: 'click', item: 'p0042', slot: 0, request: 'rs0001-1', page: 'home' };
const cart: BehaviourEvent = { ts: 1788220851990, shopper: 's0001', type: 'cart', item: 'p0042', slot: null, request: null, page: 'product' };
const good = JSON.stringify({ v: 1, ts: 5, shopper: 's1', type: 'impression', item: 'p1', slot: 2, request: 'r1', page: 'category' });
const withField = (patch: Record<string, unknown>): string => JSON.stringify({ ...JSON.parse(good), ...patch });
const without = (field: string): string => {
  const row = JSON.parse(good) as Record<string, unknown>;
  delete row[field];
  return JSON.stringify(row);
};
const reasonOf = (line: string): string => {
  const r = parseEventLine(line);
  if (r.ok) throw new Error(`expected a rejection of ${line}`);
  return r.reason;
};

describe('formatEvent', () => {
  it('writes one line with the version and the fields in a fixed order', () => {
    expect(formatEvent(click)).toBe('{"v":1,"ts":1788220806211,"shopper":"s0001","type":"click","item":"p0042","slot":0,"request":"rs0001-1","page":"home"}');
    expect(formatEvent(cart)).toBe('{"v":1,"ts":1788220851990,"shopper":"s0001","type":"cart","item":"p0042","slot":null,"request":null,"page":"product"}');
  });

  it('refuses an event that would not read back, naming the field', () => {
    expect(() => formatEvent({ ...click, ts: 1.5 })).toThrow(/ts must be a whole number/);
    expect(() => formatEvent({ ...click, slot: -1 })).toThrow(/negative slot/);
    expect(() => formatEvent({ ...click, type: 'view' as BehaviourEvent['type'] })).toThrow(/unknown type "view"/);
  });

  it('drops fields the format does not know', () => {
    const extra = { ...click, category: 'shoes' } as BehaviourEvent;
    expect(formatEvent(extra)).toBe(formatEvent(click));
  });
});

describe('round trip', () => {
  it('reads back exactly what it wrote, one line per event', () => {
    const events = [click, cart, { ...click, type: 'ad_click' as const, slot: 3 }];
    const text = formatEventLog(events);
    expect(text.split('\n')).toHaveLength(events.length + 1);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseEventLog(text)).toEqual({ events, malformed: 0, errors: [] });
    expect(formatEventLog([])).toBe('');
  });

  it('accepts lines from an iterable, CRLF endings and a byte-order mark', () => {
    const lines = ['\uFEFF' + formatEvent(click), formatEvent(cart) + '\r'];
    expect(parseEventLog(lines).events).toEqual([click, cart]);
    expect(parseEventLog(`\uFEFF${formatEvent(click)}\r\n${formatEvent(cart)}\r\n`).events).toEqual([click, cart]);
  });

  it('parses the example in FORMAT.md', () => {
    const doc = readFileSync(new URL('./FORMAT.md', import.meta.url), 'utf8');
    const block = /```jsonl\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const parsed = parseEventLog(block);
    expect(parsed.malformed).toBe(0);
    expect(parsed.events.map((e) => e.type)).toEqual(['impression', 'ad_impression', 'click', 'cart', 'purchase']);
    // The click, cart and purchase join the first impression by (request, slot).
    const [impression, , ...labels] = parsed.events;
    for (const e of labels) expect([e.request, e.slot, e.item]).toEqual([impression!.request, impression!.slot, impression!.item]);
  });
});

describe('parseEventLine', () => {
  it('reads a good row, ignoring unknown fields and reading absent slot/request as null', () => {
    expect(parseEventLine(withField({ extra: [1, 2], category: 'shoes' }))).toEqual({
      ok: true,
      event: { ts: 5, shopper: 's1', type: 'impression', item: 'p1', slot: 2, request: 'r1', page: 'category' },
    });
    const bare = parseEventLine(JSON.stringify({ v: 1, ts: 5, shopper: 's1', type: 'purchase', item: 'p1', page: 'cart' }));
    expect(bare).toEqual({ ok: true, event: { ts: 5, shopper: 's1', type: 'purchase', item: 'p1', slot: null, request: null, page: 'cart' } });
  });

  it('gives a clear reason for each kind of bad row', () => {
    expect(reasonOf('{"v":1,')).toMatch(/^bad JSON: /);
    expect(reasonOf('[1,2]')).toBe('bad JSON: expected an object, got an array');
    expect(reasonOf('42')).toBe('bad JSON: expected an object, got 42');
    expect(reasonOf('null')).toBe('bad JSON: expected an object, got null');
    expect(reasonOf(without('v'))).toBe('missing field "v"');
    expect(reasonOf(withField({ v: 2 }))).toBe('unsupported version 2; this reader understands v1');
    expect(reasonOf(withField({ v: '1' }))).toBe('unsupported version "1"; this reader understands v1');
    for (const field of ['ts', 'shopper', 'type', 'item', 'page']) expect(reasonOf(without(field))).toBe(`missing field "${field}"`);
    expect(reasonOf(withField({ ts: null }))).toBe('missing field "ts"');
    expect(reasonOf(withField({ ts: '2026-09-01' }))).toBe('ts must be a number (ms since the epoch), got "2026-09-01"');
    // JSON cannot spell Infinity; a number too large for a double parses to it.
    expect(reasonOf(good.replace('"ts":5', '"ts":1e999'))).toBe('ts is not finite (Infinity)');
    expect(reasonOf(withField({ ts: 12.5 }))).toBe('ts must be a whole number of ms, got 12.5');
    expect(reasonOf(withField({ ts: -3 }))).toBe('ts is negative (-3)');
    expect(reasonOf(withField({ shopper: '' }))).toBe('shopper must be a non-empty string, got ""');
    expect(reasonOf(withField({ type: 'view' }))).toMatch(/^unknown type "view"; expected one of impression, click/);
    expect(reasonOf(withField({ item: 7 }))).toBe('item must be a non-empty string, got 7');
    expect(reasonOf(withField({ slot: -1 }))).toBe('negative slot (-1)');
    expect(reasonOf(withField({ slot: 1.5 }))).toBe('slot must be a whole number or null, got 1.5');
    expect(reasonOf(withField({ slot: '3' }))).toBe('slot must be a whole number or null, got "3"');
    expect(reasonOf(withField({ request: 12 }))).toBe('request must be a non-empty string or null, got 12');
    expect(reasonOf(withField({ page: 'checkout' }))).toMatch(/^unknown page "checkout"/);
    expect(reasonOf('   ')).toBe('blank line');
  });
});

describe('parseEventLog', () => {
  it('keeps good rows, counts bad ones with line numbers, and skips blank lines', () => {
    const text = [formatEvent(click), '', 'not json', withField({ type: 'view' }), '   ', formatEvent(cart), withField({ slot: -2 }), ''].join('\n');
    const parsed = parseEventLog(text);
    expect(parsed.events).toEqual([click, cart]);
    expect(parsed.malformed).toBe(3);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 7]);
    expect(parsed.errors[0]!.reason).toMatch(/^bad JSON/);
    expect(parsed.errors[1]!.reason).toMatch(/^unknown type "view"/);
    expect(parsed.errors[2]!.reason).toBe('negative slot (-2)');
  });

  it(`describes only the first ${MAX_ERROR_DETAILS} bad rows but counts them all`, () => {
    const lines = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `bad ${i}` : formatEvent({ ...click, ts: click.ts + i })));
    const parsed = parseEventLog(lines);
    expect(parsed.events).toHaveLength(25);
    expect(parsed.malformed).toBe(25);
    expect(parsed.errors).toHaveLength(MAX_ERROR_DETAILS);
    expect(parsed.errors[MAX_ERROR_DETAILS - 1]!.line).toBe(2 * MAX_ERROR_DETAILS - 1);
  });

  it('never throws, whatever the input', () => {
    const junk = ['{', '}', '"\\u12"', '{"v":1,"ts":{}}', '\u0000', '{"__proto__":{"v":1}}', 'undefined'];
    expect(() => parseEventLog(junk.join('\n'))).not.toThrow();
    expect(parseEventLog(junk).malformed).toBe(junk.length);
  });
});
