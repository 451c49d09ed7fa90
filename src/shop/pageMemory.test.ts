import { describe, expect, it } from 'vitest';
import type { RankResult } from '../engine/api';
import { forgetPages, recalledPage, rememberPage } from './pageMemory';

const page = (requestId: string): RankResult => ({ requestId, slots: [], ranked: true, order: 'personal', elapsedMs: 1 });

describe('pageMemory', () => {
  it('recalls a grid by history entry and request, and forgets on demand', () => {
    rememberPage('e1', 'home', page('r1'));
    rememberPage('e2', 'home', page('r2'));
    const again = recalledPage('e1', 'home');
    expect(again).toMatchObject({ slots: [], ranked: true, order: 'personal' });
    // A new view: its own request id, never the first view's or another view's.
    expect(again?.requestId).toMatch(/^r1\.\d+$/);
    expect(recalledPage('e1', 'home')?.requestId).not.toBe(again?.requestId);
    // A view of a view keeps the first view's id as its stem.
    rememberPage('e1', 'home', again!);
    expect(recalledPage('e1', 'home')?.requestId).toMatch(/^r1\.\d+$/);
    expect(recalledPage('e2', 'home')).toBeDefined();
    expect(recalledPage('e1', 'category')).toBeUndefined();
    forgetPages();
    expect(recalledPage('e1', 'home')).toBeUndefined();
  });

  it('keeps the 40 most recent grids, counting a recalled one as used when stored again', () => {
    forgetPages();
    for (let i = 0; i < 40; i++) rememberPage(`e${i}`, 'home', page(`r${i}`));
    rememberPage('e0', 'home', page('r0'));
    rememberPage('e40', 'home', page('r40'));
    expect(recalledPage('e0', 'home')).toBeDefined();
    expect(recalledPage('e1', 'home')).toBeUndefined();
    expect(recalledPage('e40', 'home')).toBeDefined();
  });
});
