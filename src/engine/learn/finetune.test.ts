import { describe, expect, it } from 'vitest';
import type { BehaviourEvent } from '../events/types';
import { FIXTURE_CATALOGUE, FIXTURE_SPEC } from '../testing/fixture';
import { buildTrainingRows } from './dataset';
import { splitFeedback } from './finetune';

const T0 = Date.UTC(2026, 10, 1);
const e = (ts: number, type: BehaviourEvent['type'], item: string, slot: number, request: string): BehaviourEvent => ({
  ts: T0 + ts,
  shopper: 's1',
  type,
  item,
  slot,
  request,
  page: 'home',
});
const page = (ts: number, request: string, items: string[]): BehaviourEvent[] => items.map((item, slot) => e(ts, 'impression', item, slot, request));
const cfg = { heldOutFraction: 0.25, reservoirSize: 100, settleMs: 10_000 };

describe('splitFeedback', () => {
  // Two pages trained on in the last round (which ended with the newest event it saw, at +2 s).
  const trained = [...page(0, 'rA', ['p1', 'p2', 'p3']), e(100, 'click', 'p1', 0, 'rA'), ...page(2000, 'rB', ['p4', 'p5']), e(2100, 'click', 'p4', 0, 'rB')];
  const since = T0 + 2100;

  it('takes a click on a page shown before the last round as new feedback (the shopper came back to it)', () => {
    // Back on page A, a second click; then a new page C with a click.
    const log = [...trained, e(5000, 'click', 'p2', 1, 'rA'), ...page(6000, 'rC', ['p6', 'p7']), e(6100, 'click', 'p6', 0, 'rC')];
    const rows = buildTrainingRows(log, FIXTURE_CATALOGUE, FIXTURE_SPEC);
    const split = splitFeedback(rows, since, cfg, () => 0.5, T0 + 7000);
    if (!split) throw new Error('no split: the click on page A is new feedback');
    const requestOf = (r: number): string => ['rA', 'rB', 'rC'][rows.rowRequest[r]!]!;
    // A is trained on again with both clicks; C, the newest, is held back; B is old.
    expect([...split.recent].map(requestOf)).toEqual(['rA', 'rA', 'rA']);
    expect([...split.recent].map((r) => rows.click[r])).toEqual([1, 1, 0]);
    expect(new Set([...split.heldOut].map(requestOf))).toEqual(new Set(['rC']));
    expect(new Set([...split.older].map(requestOf))).toEqual(new Set(['rB']));
  });

  it('has nothing new when no event came after the last round', () => {
    const rows = buildTrainingRows(trained, FIXTURE_CATALOGUE, FIXTURE_SPEC);
    expect(splitFeedback(rows, since, cfg, () => 0.5, T0 + 60_000)).toBeNull();
  });
});
