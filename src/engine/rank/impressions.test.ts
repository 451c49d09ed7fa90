import { describe, expect, it } from 'vitest';
import { impressionEvents } from './impressions';

describe('impressionEvents', () => {
  it('logs every slot with its kind, slot and the request id', () => {
    const slots = [
      { kind: 'product' as const, itemId: 'p1', slot: 0, scores: null, why: null },
      { kind: 'ad' as const, adId: 'a1', itemId: 'p9', slot: 1, scores: null, why: null },
    ];
    expect(impressionEvents({ requestId: 'r-1', slots }, 'category')).toEqual([
      { type: 'impression', item: 'p1', slot: 0, request: 'r-1', page: 'category' },
      { type: 'ad_impression', item: 'p9', slot: 1, request: 'r-1', page: 'category' },
    ]);
  });
});
