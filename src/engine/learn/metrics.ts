/** Ranking and calibration metrics over plain arrays. */

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counting half.
 * @param scores - predicted scores.
 * @param labels - 1 for positive, 0 for negative.
 * @param mask - optional; rows with mask 0 are ignored.
 * @returns AUC in [0, 1], or `NaN` when there are no positives or no negatives.
 * @example auc([0.9, 0.1, 0.5], [1, 0, 0]) // 1
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>, mask?: ArrayLike<number>): number {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!mask || (mask[i] as number) > 0) idx.push(i);
  idx.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    // Tied scores share the average rank (1-based).
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if ((labels[idx[k]!] as number) > 0) {
        pos++;
        rankSum += avgRank;
      } else neg++;
    }
    i = j + 1;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Mean binary log loss, probabilities clipped to [1e-7, 1 - 1e-7].
 * @example logLoss([0.5], [1]) // ln 2 = 0.693…
 */
export function logLoss(p: ArrayLike<number>, labels: ArrayLike<number>, mask?: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < p.length; i++) {
    if (mask && !((mask[i] as number) > 0)) continue;
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i] as number));
    sum += (labels[i] as number) > 0 ? -Math.log(q) : -Math.log(1 - q);
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

/**
 * Page-order log loss: for each clicked row, minus the log of its softmax
 * share among the rows of its page, `log Σ_page e^z − z_clicked`, averaged
 * over the clicks. It judges only the order within each page, so a model
 * that expects more or fewer clicks everywhere scores the same.
 * @param logits - predicted logits.
 * @param labels - 1 for a click, 0 otherwise.
 * @param page - each row's page (any integer id).
 * @param mask - optional; rows with mask 0 are ignored.
 * @returns the mean loss and the clicks it averages over (`NaN` and 0 when
 *   no page has a click among at least two rows).
 * @example pageOrderLoss([0, 0], [1, 0], [7, 7]) // { loss: ln 2 = 0.693…, clicks: 1 }
 */
export function pageOrderLoss(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  page: ArrayLike<number>,
  mask?: ArrayLike<number>,
): { loss: number; clicks: number } {
  const pages = new Map<number, number[]>();
  for (let i = 0; i < logits.length; i++) {
    if (mask && !((mask[i] as number) > 0)) continue;
    const rows = pages.get(page[i] as number);
    if (rows) rows.push(i);
    else pages.set(page[i] as number, [i]);
  }
  let sum = 0;
  let clicks = 0;
  for (const rows of pages.values()) {
    if (rows.length < 2 || !rows.some((i) => (labels[i] as number) > 0)) continue;
    let max = -Infinity;
    for (const i of rows) max = Math.max(max, logits[i] as number);
    let total = 0;
    for (const i of rows) total += Math.exp((logits[i] as number) - max);
    const lse = max + Math.log(total);
    for (const i of rows) {
      if ((labels[i] as number) > 0) {
        sum += lse - (logits[i] as number);
        clicks++;
      }
    }
  }
  return clicks === 0 ? { loss: Number.NaN, clicks: 0 } : { loss: sum / clicks, clicks };
}
