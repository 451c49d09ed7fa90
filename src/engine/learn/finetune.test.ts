import { describe, expect, it } from 'vitest';
import { beatsBy, worseBy, type Judged } from './finetune';

/** The weights to beat on some held-back pages: log loss 0.20, page order 2.00 over 3 clicks. */
const old: Judged = { loss: 0.2, rows: 60, order: 2, clicks: 3, auc: 0.7 };

describe('judging a round against the weights it must beat', () => {
  it('by log loss alone, by page order alone, or by both', () => {
    // Better calibrated, but the clicked products sit lower on their pages.
    const calibrated: Judged = { ...old, loss: 0.18, order: 2.1 };
    expect(worseBy('logLoss', calibrated, old)).toBeNull();
    expect(beatsBy('logLoss', calibrated, old)).toBe(true);
    expect(worseBy('pageOrder', calibrated, old)).toBe('ordered the held-back pages worse');
    expect(worseBy('both', calibrated, old)).toBe('ordered the held-back pages worse');
    expect(beatsBy('both', calibrated, old)).toBe(false);
    // Better ordered, worse calibrated.
    const ordered: Judged = { ...old, loss: 0.22, order: 1.9 };
    expect(worseBy('logLoss', ordered, old)).toBe('worse on the held-back feedback');
    expect(worseBy('pageOrder', ordered, old)).toBeNull();
    expect(beatsBy('pageOrder', ordered, old)).toBe(true);
    expect(worseBy('both', ordered, old)).toBe('worse on the held-back feedback');
    // Better by both: every judge keeps it.
    const better: Judged = { ...old, loss: 0.19, order: 1.9 };
    for (const judge of ['logLoss', 'pageOrder', 'both'] as const) {
      expect(worseBy(judge, better, old)).toBeNull();
      expect(beatsBy(judge, better, old)).toBe(true);
    }
  });

  it('needs to be better by one measure to beat, and no worse by the other', () => {
    expect(beatsBy('both', old, old)).toBe(false);
    expect(worseBy('both', old, old)).toBeNull();
    expect(beatsBy('both', { ...old, order: 1.5 }, old)).toBe(true);
    expect(beatsBy('both', { ...old, loss: 0.1 }, old)).toBe(true);
  });

  it('falls back to the log loss when no held-back page has a click', () => {
    const noClicks: Judged = { loss: 0.1, rows: 40, order: Number.NaN, clicks: 0, auc: null };
    const worse: Judged = { ...noClicks, loss: 0.12 };
    for (const judge of ['logLoss', 'pageOrder', 'both'] as const) {
      expect(worseBy(judge, worse, noClicks)).toBe('worse on the held-back feedback');
      expect(worseBy(judge, noClicks, worse)).toBeNull();
      expect(beatsBy(judge, noClicks, worse)).toBe(true);
    }
  });
});
