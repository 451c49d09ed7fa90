/**
 * Layout of the model panel's held-back AUC chart: one bar per fine-tuning
 * round, on a y range fitted to the values so small changes stay visible.
 * Pure, so the geometry and the spoken summary are tested without a DOM.
 */
import type { FineTuneRound } from '../../engine/api';

/** One round's bar, in SVG user units (y grows downwards). */
export interface AucBar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** `kept` rounds changed the weights; `rolled-back` ones did not; `none` had no AUC (one class only). */
  kind: 'kept' | 'rolled-back' | 'none';
  /** Tooltip text. */
  title: string;
}

/** What the chart draws. */
export interface AucChartLayout {
  bars: AucBar[];
  /** The y range, for the axis labels. */
  lo: number;
  hi: number;
  /** y of AUC 0.5 (chance) when it is inside the range, else `null`. */
  chanceY: number | null;
  /** One sentence for `aria-label`. */
  summary: string;
}

const fmt = (v: number): string => v.toFixed(3);

/**
 * What became of a round: kept or rolled back, and whether a rolled-back
 * round kept its new bestseller weight. `detailed` adds what it was judged by: a
 * kept round's held-back log losses and page-order losses, before and after
 * (the guard keeps a round by those, not by the AUC the bars show, so a kept
 * bar with a lower AUC makes sense), a rolled-back round's reason.
 */
function verdictOf(round: FineTuneRound, detailed: boolean): string {
  // A round that went back to the shipped weights judged its new weights against them.
  const restart = round.revertedToShipped ? 'back to the shipped weights (they had predicted your clicks better so far), then ' : '';
  if (round.accepted) {
    const from = round.revertedToShipped ? (round.heldOutLossShipped ?? Number.NaN) : round.heldOutLossBefore;
    const fromOrder = (round.revertedToShipped ? round.heldOutOrderShipped : round.heldOutOrderBefore) ?? Number.NaN;
    const toOrder = round.heldOutOrderAfter ?? Number.NaN;
    const parts = [
      Number.isFinite(from) && Number.isFinite(round.heldOutLossAfter) ? `held-back log loss ${fmt(from)} → ${fmt(round.heldOutLossAfter)}` : null,
      Number.isFinite(fromOrder) && Number.isFinite(toOrder) ? `page order ${fmt(fromOrder)} → ${fmt(toOrder)}` : null,
    ].filter((p) => p !== null);
    return `${restart}kept${detailed && parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  }
  return `${restart}rolled back${detailed && round.reason ? ` (${round.reason})` : ''}${round.priorScaleKept ? ', the new bestseller weight kept' : ''}`;
}

/** Rounds the chart has room for; the engine keeps at most 20 in `history`. */
export const AUC_CHART_ROUNDS = 20;

/**
 * Lays out the AUC bars for `history` in a `width` x `height` box, oldest at
 * the left, one slot per round for {@link AUC_CHART_ROUNDS} rounds (more share the width).
 * @param history - Rounds, oldest first.
 * @returns Bars, range and summary; no bars for an empty history.
 * @example aucChart([{ ...round, aucAfter: 0.71, accepted: true }], 120, 36).summary
 * // "Held-back click AUC after each of the last 1 fine-tuning rounds. Latest 0.710, kept."
 */
export function aucChart(history: readonly FineTuneRound[], width: number, height: number): AucChartLayout {
  const values = history.map((r) => r.aucAfter).filter((v): v is number => v !== null);
  // Fit the range to the data in steps of 0.1, never narrower than 0.2, inside [0, 1].
  let lo = values.length ? Math.max(0, Math.floor(Math.min(...values) * 10 - 1) / 10) : 0.5;
  let hi = values.length ? Math.min(1, Math.ceil(Math.max(...values) * 10) / 10) : 1;
  if (hi - lo < 0.2) {
    hi = Math.min(1, lo + 0.2);
    lo = Math.max(0, hi - 0.2);
  }
  const y = (v: number): number => height - ((v - lo) / (hi - lo)) * height;
  const slot = width / Math.max(history.length, AUC_CHART_ROUNDS);
  const barWidth = Math.max(1, slot * 0.75);
  const bars = history.map((round, i): AucBar => {
    const x = i * slot + (slot - barWidth) / 2;
    const verdict = verdictOf(round, true);
    if (round.aucAfter === null) {
      return { x, y: height - 2, width: barWidth, height: 2, kind: 'none', title: `Round ${i + 1}: no AUC (held-back clicks of one kind only), ${verdict}` };
    }
    const top = y(round.aucAfter);
    const before = round.aucBefore === null ? '' : ` (before ${fmt(round.aucBefore)})`;
    return {
      x,
      y: top,
      width: barWidth,
      height: Math.max(1, height - top),
      kind: round.accepted ? 'kept' : 'rolled-back',
      title: `Round ${i + 1}: AUC ${fmt(round.aucAfter)}${before}, ${verdict}`,
    };
  });
  const last = history.at(-1);
  let summary = 'No fine-tuning rounds yet.';
  if (last) {
    const latest = last.aucAfter === null ? 'Latest round had no AUC (held-back clicks of one kind only)' : `Latest ${fmt(last.aucAfter)}`;
    summary = `Held-back click AUC after each of the last ${history.length} fine-tuning rounds. ${latest}, ${verdictOf(last, false)}.`;
  }
  return { bars, lo, hi, chanceY: lo < 0.5 && hi > 0.5 ? y(0.5) : null, summary };
}
