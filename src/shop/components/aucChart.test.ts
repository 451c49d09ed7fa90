import { describe, expect, it } from 'vitest';
import type { FineTuneRound } from '../../engine/api';
import { aucChart } from './aucChart';

const round = (aucAfter: number | null, accepted: boolean, reason: string | null = null): FineTuneRound => ({
  at: 0,
  steps: 12,
  loss: 0.4,
  heldOutLossBefore: 0.5,
  heldOutLossAfter: 0.45,
  aucBefore: 0.6,
  aucAfter,
  accepted,
  reason,
});

describe('aucChart', () => {
  it('says so when there are no rounds', () => {
    const c = aucChart([], 100, 40);
    expect(c.bars).toEqual([]);
    expect(c.summary).toBe('No fine-tuning rounds yet.');
  });

  it('fits the range to the values and colours kept and rolled-back rounds', () => {
    // Values 0.65 and 0.75: lo = floor(6.5 - 1) / 10 = 0.5, hi = ceil(7.5) / 10 = 0.8.
    const c = aucChart([round(0.65, true), round(0.75, false, 'held-out loss rose')], 100, 30);
    expect(c.lo).toBeCloseTo(0.5);
    expect(c.hi).toBeCloseTo(0.8);
    expect(c.chanceY).toBeNull(); // 0.5 is the bottom edge, not inside
    expect(c.bars.map((b) => b.kind)).toEqual(['kept', 'rolled-back']);
    // 0.65 is half-way up 0.5..0.8: top at 15 of 30; 0.75 is 5/6 up: top at 5.
    expect(c.bars[0]!.y).toBeCloseTo(15);
    expect(c.bars[0]!.height).toBeCloseTo(15);
    expect(c.bars[1]!.y).toBeCloseTo(5);
    expect(c.bars[0]!.title).toBe('Round 1: AUC 0.650 (before 0.600), kept (held-back log loss 0.500 → 0.450)');
    expect(c.bars[1]!.title).toBe('Round 2: AUC 0.750 (before 0.600), rolled back (held-out loss rose)');
    expect(c.summary).toBe('Held-back click AUC after each of the last 2 fine-tuning rounds. Latest 0.750, rolled back.');
  });

  it('says when a rolled-back round kept its new bestseller weight', () => {
    const c = aucChart(
      [round(0.7, false, 'worse on the held-back feedback'), { ...round(0.72, false, 'worse on the held-back feedback'), priorScaleKept: true }],
      100,
      30,
    );
    expect(c.bars.map((b) => b.kind)).toEqual(['rolled-back', 'rolled-back']);
    expect(c.bars[0]!.title).toBe('Round 1: AUC 0.700 (before 0.600), rolled back (worse on the held-back feedback)');
    expect(c.bars[1]!.title).toBe('Round 2: AUC 0.720 (before 0.600), rolled back (worse on the held-back feedback), the new bestseller weight kept');
    expect(c.summary).toBe('Held-back click AUC after each of the last 2 fine-tuning rounds. Latest 0.720, rolled back, the new bestseller weight kept.');
  });

  it('gives the held-back losses a round was kept by, also when its AUC fell', () => {
    const c = aucChart(
      [
        { ...round(0.55, true), heldOutLossBefore: 0.353, heldOutLossAfter: 0.341 },
        { ...round(0.7, true), heldOutLossAfter: Number.NaN },
      ],
      100,
      30,
    );
    expect(c.bars[0]!.title).toBe('Round 1: AUC 0.550 (before 0.600), kept (held-back log loss 0.353 → 0.341)');
    // A loss that is not a number is not shown.
    expect(c.bars[1]!.title).toBe('Round 2: AUC 0.700 (before 0.600), kept');
  });

  it('gives the page order a round was kept by beside its log loss, the shipped weights’ after going back to them', () => {
    const kept = { ...round(0.66, true), heldOutLossBefore: 0.3, heldOutLossAfter: 0.29, heldOutOrderBefore: 2.41, heldOutOrderAfter: 2.2 };
    const c = aucChart(
      [kept, { ...kept, revertedToShipped: true, heldOutLossShipped: 0.31, heldOutOrderShipped: 2.35 }, { ...kept, heldOutOrderAfter: null }],
      100,
      30,
    );
    expect(c.bars[0]!.title).toBe('Round 1: AUC 0.660 (before 0.600), kept (held-back log loss 0.300 → 0.290, page order 2.410 → 2.200)');
    expect(c.bars[1]!.title).toBe(
      'Round 2: AUC 0.660 (before 0.600), back to the shipped weights (they had predicted your clicks better so far), then kept (held-back log loss 0.310 → 0.290, page order 2.350 → 2.200)',
    );
    // No clicked page held back: no page order to give.
    expect(c.bars[2]!.title).toBe('Round 3: AUC 0.660 (before 0.600), kept (held-back log loss 0.300 → 0.290)');
  });

  it('says when a round went back to the shipped weights, and gives the losses it was then judged by', () => {
    const back = { ...round(0.68, true), revertedToShipped: true, heldOutLossBefore: 0.61, heldOutLossShipped: 0.52, heldOutLossAfter: 0.5 };
    const c = aucChart([back, { ...back, accepted: false, reason: 'worse on the held-back feedback' }], 100, 30);
    expect(c.bars[0]!.title).toBe(
      'Round 1: AUC 0.680 (before 0.600), back to the shipped weights (they had predicted your clicks better so far), then kept (held-back log loss 0.520 → 0.500)',
    );
    expect(c.bars[1]!.title).toBe(
      'Round 2: AUC 0.680 (before 0.600), back to the shipped weights (they had predicted your clicks better so far), then rolled back (worse on the held-back feedback)',
    );
    expect(c.summary).toBe(
      'Held-back click AUC after each of the last 2 fine-tuning rounds. Latest 0.680, back to the shipped weights (they had predicted your clicks better so far), then rolled back.',
    );
  });

  it('draws a stub for a round without AUC and keeps the range at least 0.2 wide', () => {
    const c = aucChart([round(0.9, true), round(null, true)], 100, 30);
    expect(c.hi - c.lo).toBeGreaterThanOrEqual(0.2 - 1e-9);
    expect(c.bars[1]).toMatchObject({ kind: 'none', height: 2 });
    expect(c.summary).toMatch(/Latest round had no AUC/);
  });
});
