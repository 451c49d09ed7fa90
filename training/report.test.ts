import { describe, expect, it } from 'vitest';
import { HEADS, type Head, type HeadMetrics, type ManifestMetrics, type ScorerReport } from './evaluate';
import { VARIANTS, formatEvalReport, pickShipped, type VariantResult } from './report';

const head = (auc: number): HeadMetrics => ({ auc, logLoss: 0.2, positives: 10, rows: 100 });
const heads = (auc: Partial<Record<Head, number>>): Record<Head, HeadMetrics> =>
  Object.fromEntries(HEADS.map((h) => [h, head(auc[h] ?? 0.7)])) as Record<Head, HeadMetrics>;
const ranking = { ndcg10: 0.5, recall20: 0.9, trueNdcg10: 0.8, pages: 40 };
const scorer = (auc: Partial<Record<Head, number>>): ScorerReport => ({
  heads: heads(auc),
  shopperHeads: heads(auc),
  ranking,
  shopperRanking: ranking,
  coldStart: ranking,
  newItems: { click: head(0.6), purchase: head(0.6) },
  masked: heads(auc),
  tagsPrecision5: 0.6,
});

function metrics(click: number, purchase: number, oracle = { click: 0.85, purchase: 0.9 }): ManifestMetrics {
  const model = scorer({ click, purchase });
  return {
    heads: Object.fromEntries(
      HEADS.map((h) => [h, { ...model.heads[h], oracleAuc: h === 'click' ? oracle.click : h === 'purchase' ? oracle.purchase : 0.8 }]),
    ) as ManifestMetrics['heads'],
    baselines: { popularity: heads({ click: 0.65, purchase: 0.66, adClick: 0.6, tags: 0.65 }) },
    detail: { model, popularity: scorer({ click: 0.65, purchase: 0.66, adClick: 0.6, tags: 0.65 }), oracle: scorer({ click: 0.85, purchase: 0.9 }) },
    data: { events: 1000, parameters: 5000, trainSeconds: 120, maskedShare: 0.3, splitAt: '2026-10-01T00:00:00.000Z' },
  };
}

const variant = (id: string) => VARIANTS.find((v) => v.id === id)!;
const result = (id: string, m: ManifestMetrics | null, skipped: string | null = null): VariantResult => ({
  variant: variant(id),
  metrics: m,
  seconds: 60,
  skipped,
  dir: `/tmp/${id}`,
});
const context = { command: 'npm run eval', machine: 'test machine', date: '2026-11-28', wallSeconds: 600 };

describe('pickShipped', () => {
  it('ships the candidate with the best mean click and purchase AUC, never a baseline variant', () => {
    const results = [
      result('shared-bottom', metrics(0.8, 0.8)),
      result('mmoe', metrics(0.84, 0.85)),
      result('ple', metrics(0.85, 0.82)),
      result('single-task-click', metrics(0.95, 0.95)),
    ];
    expect(pickShipped(results).variant.id).toBe('mmoe');
    expect(() => pickShipped([result('single-task-click', metrics(0.9, 0.9))])).toThrow(/nothing to ship/);
  });
});

describe('formatEvalReport', () => {
  it('says which targets are met and which are missed, with the figures', () => {
    const results = [result('mmoe', metrics(0.84, 0.7)), result('online-retail', null, 'Online Retail is not in /nowhere')];
    const text = formatEvalReport(results, pickShipped(results), context);
    expect(text).toContain('click AUC ≥ 0.98 × oracle: 0.8400 / 0.8500 = 0.988 — **met**');
    expect(text).toContain('purchase AUC ≥ 0.98 × oracle: 0.7000 / 0.9000 = 0.778 — **missed**');
    expect(text).toContain('Every head above every baseline: **met**');
    expect(text).toContain('Skipped: Online Retail is not in /nowhere.');
    expect(text).toMatch(/\| MMoE \| 5000 \| 2 min \| 0\.8400 \| 0\.7000 \|.*\*\*shipped\*\*/);
  });

  it('names the comparisons a head loses', () => {
    const m = metrics(0.84, 0.88);
    m.heads.tags.auc = 0.6;
    const results = [result('mmoe', m)];
    expect(formatEvalReport(results, pickShipped(results), context)).toContain('lost: tags vs Popularity (0.6000 vs 0.6500)');
  });

  it('shows the popularity prior, its validation choice and the network without it, which is no baseline', () => {
    const m = metrics(0.84, 0.88);
    // The network alone loses to popularity on tags; it is not a baseline the model must beat.
    const network = scorer({ click: 0.83, purchase: 0.87, tags: 0.5 });
    network.coldStart = { ...ranking, trueNdcg10: 0.61 };
    m.prior = {
      validationShoppers: 150,
      choice: {
        weight: 0.4,
        halfActions: 32,
        weights: [
          { weight: 0, trueNdcg10: 0.6 },
          { weight: 0.4, trueNdcg10: 0.65 },
        ],
        halves: [{ halfActions: 32, trueNdcg10: 0.83 }],
        pages: { coldStart: 150, all: 4000 },
      },
      network,
    };
    const results = [result('mmoe', m)];
    const text = formatEvalReport(results, pickShipped(results), context);
    expect(text).toContain('with weight 0.4 for a shopper with no actions, halving at 32 clicks');
    expect(text).toContain('on 150 validation shoppers');
    expect(text).toContain('| Network alone, no prior | 0.5000 | 0.9000 | 0.6100 | 40 |');
    expect(text).toContain('| cold-start true NDCG@10 | 0.6000 | 0.6500 |');
    expect(text).toContain('Every head above every baseline: **met**');
  });

  it("tells how the tags head's refit was chosen, or that the trained head stayed", () => {
    const m = metrics(0.84, 0.88);
    const grid = [
      { lambda: 3000, auc: 0.79 },
      { lambda: 300, auc: 0.78 },
    ];
    m.tagsRefit = { lambda: 3000, trainedAuc: 0.785, grid, trainPages: 11000, choosingPages: 4700, source: 'validation shoppers' };
    let text = formatEvalReport([result('mmoe', m)], pickShipped([result('mmoe', m)]), context);
    expect(text).toContain('chosen on 4700 pages of the validation shoppers, where the trained head had a tags AUC of 0.7850: **λ 3000** was kept.');
    expect(text).toContain('| 300 | 0.7800 |');
    m.tagsRefit = { ...m.tagsRefit, lambda: null, trainedAuc: 0.8 };
    text = formatEvalReport([result('mmoe', m)], pickShipped([result('mmoe', m)]), context);
    expect(text).toContain('no penalty beat it, so the head stays as trained.');
  });

  it("tables click AUC by the shopper's history against the oracle and summarises the ratio", () => {
    const m = metrics(0.84, 0.88);
    const band = (from: number, to: number | null, positives: number, model: number, oracle: number) => ({
      from,
      to,
      rows: positives * 10,
      positives,
      auc: { model, network: model + 0.01, oracle },
    });
    m.byHistory = {
      time: [band(0, 1, 5, 0.5, 0.9), band(1, 5, 40, 0.7, 0.875), band(5, null, 400, 0.84, 0.875)],
      shopper: null,
    };
    const results = [result('mmoe', m)];
    const text = formatEvalReport(results, pickShipped(results), context);
    expect(text).toContain('| Time split: actions before the page | rows | clicks | Shipped model | Oracle | shipped / oracle |');
    expect(text).toContain('| 0 | 50 | 5 | 0.5000 | 0.9000 | 0.556 |');
    expect(text).toContain('| 1–4 | 400 | 40 | 0.7000 | 0.8750 | 0.800 |');
    expect(text).toContain('| 5 or more | 4000 | 400 | 0.8400 | 0.8750 | 0.960 |');
    expect(text).not.toContain('Shopper split: actions before the page');
    // The band with 5 clicks is too small to summarise.
    expect(text).toContain('reaches 0.800 × oracle with 1–4 actions and 0.960 × with 5 or more actions');
  });
});
