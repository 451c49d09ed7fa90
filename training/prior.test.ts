import { describe, expect, it } from 'vitest';
import { smoothedItemRates } from './baselines';
import { actionsBefore, chooseBlend, fitPriorTable, servedWithPrior, WEIGHT_GRID } from './prior';
import { buildProtocol } from './protocol';
import { pageRankingMetrics } from './ranking';

const data = buildProtocol({ seed: 5, shoppers: 30, heldOutShoppers: 12, validationShoppers: 8, sessions: 2, newItemShare: 0.1, trainShare: 0.8 });
const { rows } = data;
const v = data.validation!;

describe('smoothedItemRates and fitPriorTable', () => {
  it("smooths each item's click rate towards the overall rate with the weight of 20 impressions", () => {
    const { byItem, overall } = smoothedItemRates(rows, data.train);
    let clicks = 0;
    for (const r of data.train) clicks += rows.click[r]!;
    expect(overall.click).toBeCloseTo(clicks / data.train.length, 9);
    const id = rows.rowItem[data.train[0]!]!;
    let n = 0;
    let c = 0;
    for (const r of data.train)
      if (rows.rowItem[r] === id) {
        n++;
        c += rows.click[r]!;
      }
    expect(byItem.get(id)!.click).toBeCloseTo((c + 20 * overall.click) / (n + 20), 9);
    const table = fitPriorTable(rows, data.train);
    expect(table.clickLogit[id]).toBeCloseTo(Math.log(byItem.get(id)!.click / (1 - byItem.get(id)!.click)), 9);
    expect(table.defaultLogit).toBeCloseTo(Math.log(overall.click / (1 - overall.click)), 9);
    // New products never trained, so they have no entry.
    for (const item of data.newItems) expect(table.clickLogit[item]).toBeUndefined();
  });
});

describe('actionsBefore', () => {
  it("counts each page's earlier clicks, carts, purchases and ad clicks of its shopper", () => {
    const actions = actionsBefore(data.events, rows);
    const kinds = new Set(['click', 'cart', 'purchase', 'ad_click']);
    let someLater = false;
    for (let q = 0; q < rows.requests; q += 7) {
      const expected = data.events.filter((e) => e.shopper === rows.requestShopper[q] && kinds.has(e.type) && e.ts < rows.requestTs[q]!).length;
      expect(actions[q]).toBe(expected);
      someLater ||= expected > 0;
    }
    expect(someLater).toBe(true);
    // A cold page has none.
    for (const r of data.coldStart) expect(actions[rows.rowRequest[r]!]).toBe(0);
  });
});

describe('servedWithPrior', () => {
  it("changes product rows by the engine's blend and leaves ads and other rows alone", () => {
    const table = fitPriorTable(rows, data.train);
    const scores = { click: new Float32Array(rows.rows).fill(0.1), purchase: new Float32Array(rows.rows).fill(0.01), adClick: new Float32Array(rows.rows) };
    const actions = new Float32Array(rows.requests);
    const product = Array.from(data.testTime).find((r) => rows.isAd[r] === 0)!;
    const ad = Array.from(data.testTime).find((r) => rows.isAd[r] === 1)!;
    const served = servedWithPrior(scores, rows, Int32Array.of(product, ad), actions, { ...table, weight: 1, halfActions: 1 });
    const expected = 1 / (1 + Math.exp(-(table.clickLogit[rows.rowItem[product]!] ?? table.defaultLogit)));
    expect(served.click[product]).toBeCloseTo(expected, 6);
    expect(served.purchase[product]! / served.click[product]!).toBeCloseTo(0.1, 6);
    expect(served.click[ad]).toBeCloseTo(0.1, 6);
    expect(served.click[data.train[0]!]).toBeCloseTo(0.1, 6);
    // The input is not changed.
    expect(scores.click[product]).toBeCloseTo(0.1, 6);
    expect(served.adClick).toBe(scores.adClick);
  });
});

describe('chooseBlend', () => {
  const table = fitPriorTable(rows, data.train);
  const actions = actionsBefore(v.events, v.rows);
  const priorRate = Float32Array.from({ length: v.rows.rows }, (_, r) => 1 / (1 + Math.exp(-(table.clickLogit[v.rows.rowItem[r]!] ?? table.defaultLogit))));

  it('takes the prior when the prior is what ranks the pages right, and no more of it than it needs', () => {
    // A network that knows nothing: every product alike, so any weight above 0 ranks by the prior.
    const network = { click: new Float32Array(v.rows.rows).fill(0.1), purchase: new Float32Array(v.rows.rows).fill(0.01) };
    const choice = chooseBlend(v.rows, network, priorRate, v, actions, table);
    expect(choice.weight).toBe(0.1);
    expect(choice.weights.map((w) => w.weight)).toEqual(WEIGHT_GRID);
    const byPrior = pageRankingMetrics(v.rows, v.coldStart, priorRate, priorRate).ndcg10;
    expect(byPrior).toBeCloseTo(1, 9);
    for (const w of choice.weights.slice(1)) expect(w.trueNdcg10).toBeCloseTo(byPrior, 9);
    expect(choice.weights[0]!.trueNdcg10).toBeLessThan(byPrior);
    expect(choice.pages.coldStart).toBe(8);
  });

  it('takes none of it when the network already ranks the pages right', () => {
    // Relevance the prior does not know: the reverse of its order.
    const relevance = priorRate.map((p) => 1 - p);
    const choice = chooseBlend(v.rows, { click: relevance, purchase: relevance.map((p) => p / 10) }, relevance, v, actions, table);
    expect(choice.weight).toBe(0);
    expect(choice.weights[0]!.trueNdcg10).toBeCloseTo(1, 9);
    // With no weight every half-life ties; the shortest wins.
    expect(choice.halfActions).toBe(0.5);
  });
});
