/**
 * Ranking metrics for the on-device benchmark: NDCG against known true gains,
 * and the lift of one ranker over another with a paired bootstrap interval.
 */
import type { Rng } from '../src/sim/random';

/**
 * Discounted cumulative gain of the first `k` gains: Σ gain_i / log2(i + 2).
 * @param gains - gains in ranked order.
 * @param k - cut-off.
 * @returns the DCG.
 * @example dcgAt([1, 1], 2) // 1 + 1 / log2(3) = 1.6309…
 */
export function dcgAt(gains: ArrayLike<number>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) dcg += (gains[i] as number) / Math.log2(i + 2);
  return dcg;
}

/**
 * NDCG@k of a ranking against true gains; the ideal is the true top `k` of
 * every item that has a gain, not only of the ranked ones.
 * @param ranked - item ids in ranked order (only the first `k` count).
 * @param gains - the true gain of every item.
 * @param k - cut-off.
 * @returns NDCG in [0, 1]; 0 when every gain is 0.
 * @throws {RangeError} when a ranked item has no gain.
 * @example ndcgAt(['b', 'a'], new Map([['a', 1], ['b', 0]]), 2) // (0 + 1/log2 3) / 1 = 0.6309…
 */
export function ndcgAt(ranked: readonly string[], gains: ReadonlyMap<string, number>, k: number): number {
  const got = ranked.slice(0, k).map((id) => {
    const g = gains.get(id);
    if (g === undefined) throw new RangeError(`ndcgAt: item "${id}" has no true gain; pass gains for the whole catalogue.`);
    return g;
  });
  const ideal = dcgAt(
    [...gains.values()].sort((a, b) => b - a),
    k,
  );
  return ideal > 0 ? dcgAt(got, k) / ideal : 0;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/**
 * Relative lift of `treated` over `base`, as the ratio of their means minus 1.
 * @param base - per-unit values of the baseline.
 * @param treated - per-unit values of the treatment, paired with `base`.
 * @returns the lift (0.3 is +30 %); `NaN` for no units or a zero baseline.
 * @example liftOfMeans([0.2, 0.4], [0.3, 0.6]) // 0.5
 */
export function liftOfMeans(base: readonly number[], treated: readonly number[]): number {
  if (base.length === 0 || base.length !== treated.length) return Number.NaN;
  const b = mean(base);
  return b > 0 ? mean(treated) / b - 1 : Number.NaN;
}

/**
 * Percentile interval of {@link liftOfMeans} from a paired bootstrap over units
 * (units are resampled with their pair, so shopper-to-shopper spread counts once).
 * @param base - per-unit baseline values.
 * @param treated - paired treatment values.
 * @param rng - seeded stream for the resamples.
 * @param resamples - number of resamples.
 * @param level - coverage, default 0.95.
 * @returns `[low, high]`, or `[NaN, NaN]` for fewer than two units.
 */
export function bootstrapLiftInterval(base: readonly number[], treated: readonly number[], rng: Rng, resamples = 2000, level = 0.95): [number, number] {
  const n = base.length;
  if (n < 2 || treated.length !== n) return [Number.NaN, Number.NaN];
  const lifts: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let b = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      b += base[j] as number;
      t += treated[j] as number;
    }
    if (b > 0) lifts.push(t / b - 1);
  }
  lifts.sort((x, y) => x - y);
  const at = (q: number): number => lifts[Math.min(lifts.length - 1, Math.max(0, Math.floor(q * lifts.length)))] ?? Number.NaN;
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}

/**
 * The `q` quantile of values (nearest rank, lower).
 * @example quantile([3, 1, 2, 4], 0.25) // 2
 */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * s.length)))] ?? Number.NaN;
}
