/**
 * The variants `npm run eval` trains and the Markdown report it writes to
 * `models/REPORT.md`.
 */
import { HEADS, type Head, type HeadMetrics, type HistoryBand, type ManifestMetrics, type RankingMetrics, type ScorerReport } from './evaluate';

/** One model variant: `npm run train` flags. */
export interface Variant {
  id: string;
  label: string;
  flags: string[];
  /** A candidate for shipping (a bottom or weighting, trained on everything the shipped model sees). */
  candidate: boolean;
}

/** Every variant of the evaluation. */
export const VARIANTS: readonly Variant[] = [
  { id: 'shared-bottom', label: 'Shared-bottom', flags: ['--bottom', 'shared-bottom'], candidate: true },
  { id: 'mmoe', label: 'MMoE', flags: ['--bottom', 'mmoe'], candidate: true },
  { id: 'ple', label: 'PLE', flags: ['--bottom', 'ple'], candidate: true },
  { id: 'mmoe-uncertainty', label: 'MMoE, uncertainty weighting', flags: ['--bottom', 'mmoe', '--task-weighting', 'uncertainty'], candidate: true },
  { id: 'mmoe-weighted', label: 'MMoE, task weights click 1.5, tags 1', flags: ['--bottom', 'mmoe', '--task-weights', 'click=1.5,tags=1'], candidate: true },
  { id: 'single-task-click', label: 'Single-task click (MMoE)', flags: ['--bottom', 'mmoe', '--single-task', 'click'], candidate: false },
  { id: 'id-only', label: 'MMoE, id-only item side', flags: ['--bottom', 'mmoe', '--item-side', 'id-only'], candidate: false },
  { id: 'online-retail', label: 'MMoE on Online Retail', flags: ['--bottom', 'mmoe', '--data', 'online-retail'], candidate: false },
];

/** What one variant's run produced. */
export interface VariantResult {
  variant: Variant;
  /** The manifest's metrics; null when skipped. */
  metrics: ManifestMetrics | null;
  seconds: number;
  /** Why the variant was skipped (its data is absent), or null. */
  skipped: string | null;
  /** Directory of its model files. */
  dir: string;
}

/** The score a shipping candidate is picked by: mean click and purchase AUC on the time split. */
export function shippingScore(m: ManifestMetrics): number {
  return (m.heads.click.auc + m.heads.purchase.auc) / 2;
}

/**
 * The best shipping candidate by {@link shippingScore}.
 * @throws {Error} when no candidate produced metrics.
 */
export function pickShipped(results: readonly VariantResult[]): VariantResult & { metrics: ManifestMetrics } {
  const ok = results.filter((r): r is VariantResult & { metrics: ManifestMetrics } => r.variant.candidate && r.metrics !== null);
  if (ok.length === 0) throw new Error('no model variant finished, so there is nothing to ship');
  return ok.reduce((best, r) => (shippingScore(r.metrics) > shippingScore(best.metrics) ? r : best));
}

const f4 = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));
const f3 = (x: number | null | undefined): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(3));

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

const SCORER_LABELS: Record<string, string> = {
  model: 'Shipped model',
  popularity: 'Popularity',
  logisticRegression: 'Logistic regression',
  oracle: 'Oracle (simulator truth)',
};

/** A history band's AUC ratio is summarised only with at least this many clicks. */
const MIN_BAND_CLICKS = 30;

/** A history band's actions: `0`, `1–4`, `160 or more`. */
function bandLabel(b: HistoryBand): string {
  if (b.to === null) return `${b.from} or more`;
  return b.to === b.from + 1 ? String(b.from) : `${b.from}–${b.to - 1}`;
}

/** The shipped model's click AUC over the oracle's in a history band. */
const oracleRatio = (b: HistoryBand): number => (b.auc.model ?? NaN) / (b.auc.oracle ?? NaN);

/** The shipped network's row without the popularity prior. */
const NETWORK_ALONE = 'Network alone, no prior';

/** How the report was produced. */
export interface ReportContext {
  command: string;
  machine: string;
  date: string;
  wallSeconds: number;
}

function ranking(r: RankingMetrics | null): string[] {
  return r ? [f4(r.ndcg10), f4(r.recall20), f4(r.trueNdcg10), String(r.pages)] : ['—', '—', '—', '0'];
}

/**
 * The Markdown report of an evaluation run.
 * @param results - every variant's result.
 * @param shipped - the variant shipped (see {@link pickShipped}).
 * @param context - how and where it ran.
 */
export function formatEvalReport(results: readonly VariantResult[], shipped: VariantResult & { metrics: ManifestMetrics }, context: ReportContext): string {
  const m = shipped.metrics;
  const d = m.detail;
  const by = (id: string): ManifestMetrics | null => results.find((r) => r.variant.id === id)?.metrics ?? null;
  const single = by('single-task-click');
  const idOnly = by('id-only');
  const retail = results.find((r) => r.variant.id === 'online-retail');
  const oracle = d.oracle ?? null;
  const out: string[] = [];
  out.push('# Model evaluation report');
  out.push('');
  out.push(
    `Written by \`${context.command}\` on ${context.date} (${context.machine}); training the variants took ${Math.round(context.wallSeconds / 60)} min of wall time. ` +
      `Every number below is measured on held-out data by that command; the shipped model in \`models/\` is the **${shipped.variant.label}** variant.`,
  );
  out.push('');
  out.push('## Protocol');
  out.push('');
  const data = m.data;
  out.push(
    `Simulated shop: ${data.events} events, ${data.impressions} impressions on ${data.pages} ranked pages. ` +
      `Training uses the known shoppers' pages before ${data.splitAt} (${data.trainRows} rows, of which ${data.coldCopyRows ?? 0} are copies of training pages with the shopper's history removed, so the model also learns a page for a shopper it knows nothing about). ` +
      `**Time split**: the known shoppers' later pages (${data.testRows} rows). ` +
      `**Shopper split**: ${data.shopperTestRows} rows of shoppers who never train; their first page, before any event of theirs, is the **cold start** (${data.coldStartRows} rows). ` +
      `**New products**: ${data.newProducts} products are left out of training and of the model's item vocabulary, as products added after training would be; ` +
      `${data.newProductRows} time-split rows show one. The **oracle** scores each row with the simulator's own probabilities ` +
      '(P(examine | slot) x P(click | examined), the funnel for purchases): no model can rank the rows better on average. ' +
      'Ranking figures order each page\'s products by the click score with the position feature at its serving constant; "true NDCG@10" uses the ' +
      "simulator's P(click | examined) as the gain, so it is free of click noise.",
  );
  out.push('');
  if (m.prior) {
    out.push(
      `The shipped model serves pCTR blended with a **popularity prior** (each product's smoothed training click rate, in logit space) with weight ${m.prior.choice.weight} ` +
        `for a shopper with no actions, halving at ${m.prior.choice.halfActions} clicks, carts and purchases. Both were chosen after training on ${m.prior.validationShoppers} ` +
        'validation shoppers who neither train nor test (see "Popularity prior" below). The model\'s figures are as served, with the prior; ' +
        '"Network alone" rows are the same network without it.',
    );
    out.push('');
  }

  out.push('## Bottoms compared');
  out.push('');
  const cand = results.filter((r) => r.variant.candidate && r.metrics);
  out.push(
    table(
      ['Variant', 'Parameters', 'Train time', ...HEADS.map((h) => `${h} AUC`), 'click / oracle', 'purchase / oracle', ''],
      cand.map((r) => {
        const x = r.metrics!;
        return [
          r.variant.label,
          String(x.data.parameters),
          `${Math.round(Number(x.data.trainSeconds) / 60)} min`,
          ...HEADS.map((h) => f4(x.heads[h].auc)),
          f3(x.heads.click.auc / (x.heads.click.oracleAuc ?? NaN)),
          f3(x.heads.purchase.auc / (x.heads.purchase.oracleAuc ?? NaN)),
          r === shipped ? '**shipped**' : '',
        ];
      }),
    ),
  );
  out.push('');
  out.push('The shipped variant has the best mean of click and purchase AUC on the time split.');
  out.push('');

  out.push('## Shipped model against baselines and the oracle (time split)');
  out.push('');
  const scorers: Array<[string, Partial<Record<Head, HeadMetrics>>]> = [
    ...Object.entries(d)
      .filter(([k]) => k !== 'oracle')
      .map(([k, v]): [string, Partial<Record<Head, HeadMetrics>>] => [SCORER_LABELS[k] ?? k, v.heads]),
    ...(m.prior ? [[NETWORK_ALONE, m.prior.network.heads] as [string, Partial<Record<Head, HeadMetrics>>]] : []),
    ...(single ? [['Single-task click model', { click: single.heads.click }] as [string, Partial<Record<Head, HeadMetrics>>]] : []),
    ...(oracle ? [[SCORER_LABELS.oracle!, oracle.heads] as [string, Partial<Record<Head, HeadMetrics>>]] : []),
  ];
  out.push(
    table(
      ['Scorer', ...HEADS.flatMap((h) => [`${h} AUC`, `${h} log loss`])],
      scorers.map(([name, heads]) => [name, ...HEADS.flatMap((h) => [f4(heads[h]?.auc), f4(heads[h]?.logLoss)])]),
    ),
  );
  out.push('');
  out.push(
    `Positives / rows: ${HEADS.map((h) => `${h} ${m.heads[h].positives} / ${m.heads[h].rows}`).join(', ')}. The tags head is scored per (page, tag) pair.`,
  );
  out.push('');

  out.push('### Targets');
  out.push('');
  const ratio = (h: Head): number => m.heads[h].auc / (m.heads[h].oracleAuc ?? NaN);
  for (const h of ['click', 'purchase'] as const) {
    out.push(`- ${h} AUC ≥ 0.98 × oracle: ${f4(m.heads[h].auc)} / ${f4(m.heads[h].oracleAuc)} = ${f3(ratio(h))} — **${ratio(h) >= 0.98 ? 'met' : 'missed'}**.`);
  }
  const beaten: string[] = [];
  const notBeaten: string[] = [];
  for (const [name, heads] of scorers) {
    if (name === SCORER_LABELS.model || name === SCORER_LABELS.oracle || name === NETWORK_ALONE) continue;
    for (const h of HEADS) {
      const b = heads[h]?.auc;
      if (b === undefined || Number.isNaN(b)) continue;
      (m.heads[h].auc > b ? beaten : notBeaten).push(`${h} vs ${name} (${f4(m.heads[h].auc)} vs ${f4(b)})`);
    }
  }
  out.push(
    `- Every head above every baseline: **${notBeaten.length === 0 ? 'met' : 'missed'}** (${beaten.length} of ${beaten.length + notBeaten.length} comparisons won${notBeaten.length ? `; lost: ${notBeaten.join('; ')}` : ''}).`,
  );
  out.push('');

  if (m.byHistory) {
    out.push("### Click AUC by the shopper's history");
    out.push('');
    out.push(
      "The oracle knows each shopper's hidden tastes; the model reads them from the shopper's own events. " +
        'Split by how many actions (clicks, carts, purchases, ad clicks) the shopper had taken before the page, product rows only:',
    );
    out.push('');
    const bands: Array<[string, HistoryBand[] | null]> = [
      ['Time split', m.byHistory.time],
      ['Shopper split', m.byHistory.shopper],
    ];
    for (const [split, rows] of bands) {
      if (!rows) continue;
      out.push(
        table(
          [`${split}: actions before the page`, 'rows', 'clicks', 'Shipped model', ...(m.prior ? [NETWORK_ALONE] : []), 'Oracle', 'shipped / oracle'],
          rows.map((b) => [
            bandLabel(b),
            String(b.rows),
            String(b.positives),
            f4(b.auc.model),
            ...(m.prior ? [f4(b.auc.network)] : []),
            f4(b.auc.oracle),
            f3(oracleRatio(b)),
          ]),
        ),
      );
      out.push('');
    }
    const ratios = m.byHistory.time.filter((b) => b.positives >= MIN_BAND_CLICKS).map((b) => ({ b, r: oracleRatio(b) }));
    const first = ratios[0];
    const last = ratios.at(-1);
    if (first && last && first !== last) {
      out.push(
        `On the time split the shipped model reaches ${f3(first.r)} × oracle with ${bandLabel(first.b)} actions and ${f3(last.r)} × with ${bandLabel(last.b)} actions ` +
          `(bands with at least ${MIN_BAND_CLICKS} clicks).`,
      );
      out.push('');
    }
  }

  out.push('## Ranking quality');
  out.push('');
  const rankers: Array<[string, ScorerReport]> = Object.entries(d).map(([k, v]) => [SCORER_LABELS[k] ?? k, v]);
  if (m.prior) rankers.splice(rankers.findIndex(([name]) => name === SCORER_LABELS.model) + 1, 0, [NETWORK_ALONE, m.prior.network]);
  const singleRank = single?.detail.model;
  if (singleRank) rankers.splice(rankers.length - (oracle ? 1 : 0), 0, ['Single-task click model', singleRank]);
  out.push(
    table(
      ['Scorer', 'NDCG@10', 'recall@20', 'true NDCG@10', 'pages', 'shopper split NDCG@10', 'shopper split true NDCG@10'],
      rankers.map(([name, r]) => [name, ...ranking(r.ranking), f4(r.shopperRanking?.ndcg10), f4(r.shopperRanking?.trueNdcg10)]),
    ),
  );
  out.push('');
  out.push('Pages show up to 24 products, so recall@20 is close to 1 for every scorer; NDCG@10 separates them.');
  out.push('');

  out.push('## Cold start: a shopper with no events');
  out.push('');
  out.push(
    table(
      ['Scorer', 'NDCG@10', 'recall@20', 'true NDCG@10', 'pages with a click'],
      rankers.map(([name, r]) => [name, ...ranking(r.coldStart)]),
    ),
  );
  out.push('');
  const cs = d.model.coldStart;
  const csPop = d.popularity?.coldStart;
  if (cs && csPop)
    out.push(
      `A new shopper's page is ranked from context and item attributes${m.prior ? ', with the popularity prior' : ' alone'}. True NDCG@10 ${f4(cs.trueNdcg10)} against popularity's ${f4(csPop.trueNdcg10)}: ` +
        `**${(cs.trueNdcg10 ?? 0) >= (csPop.trueNdcg10 ?? 0) ? 'at least as good as popularity' : 'below popularity'}**.`,
    );
  out.push('');
  if (m.prior) {
    const c = m.prior.choice;
    out.push('### Popularity prior');
    out.push('');
    out.push(
      `Chosen on the validation shoppers by true NDCG@10: the weight at no actions on their ${c.pages.coldStart} cold-start pages, ` +
        `then the half-life on all their ${c.pages.all} pages. Smaller weights and shorter half-lives win ties.` +
        (c.halves.at(-1)?.halfActions === c.halfActions
          ? ' The longest half-life tried won: the prior fades slowly, and a longer one might do as well or better.'
          : ''),
    );
    out.push('');
    out.push(
      table(['Weight at no actions', ...c.weights.map((w) => String(w.weight))], [['cold-start true NDCG@10', ...c.weights.map((w) => f4(w.trueNdcg10))]]),
    );
    out.push('');
    out.push(
      table(['Half-life (actions)', ...c.halves.map((h) => String(h.halfActions))], [['all pages true NDCG@10', ...c.halves.map((h) => f4(h.trueNdcg10))]]),
    );
    out.push('');
  }

  out.push('## New products and the multi-modal item side');
  out.push('');
  const newRow = (name: string, x: ScorerReport | undefined): string[] => [
    name,
    f4(x?.newItems?.click.auc),
    f4(x?.newItems?.purchase.auc),
    f4(x?.heads.click.auc),
    f4(x?.coldStart?.trueNdcg10),
  ];
  out.push(
    table(
      ['Scorer', 'new-product click AUC', 'new-product purchase AUC', 'all-rows click AUC', 'cold-start true NDCG@10'],
      [
        newRow('Shipped model (id + attributes + title tokens)', d.model),
        ...(idOnly ? [newRow('Same model, id-only item side', idOnly.detail.model)] : []),
        newRow('Popularity', d.popularity),
        newRow('Logistic regression (attributes, no title)', d.logisticRegression),
        ...(oracle ? [newRow('Oracle', oracle)] : []),
      ],
    ),
  );
  out.push('');
  out.push(
    `A new product reaches the model as "unknown id" with its attributes and hashed title tokens, so it is scored, not dropped (${d.model.newItems?.click.rows ?? 0} rows, ` +
      `${d.model.newItems?.click.positives ?? 0} clicks). The id-only row is the same network trained with the attributes and title tokens of every product removed from the item side ` +
      '(the dense match features stay): the difference is what the multi-modal item side adds.',
  );
  out.push('');

  out.push('## Missing data');
  out.push('');
  const masked = d.model.masked;
  if (masked) {
    out.push(
      table(
        ['Time split', ...HEADS.map((h) => `${h} AUC`)],
        [
          ['All attributes', ...HEADS.map((h) => f4(d.model.heads[h].auc))],
          [`${Math.round(Number(data.maskedShare) * 100)} % of brand, colour, price and title masked`, ...HEADS.map((h) => f4(masked[h].auc))],
        ],
      ),
    );
    out.push('');
    out.push(
      'Each product loses each attribute independently; the model reads a missing value through explicit missing indices and indicator features. `src/engine/missing-data.test.ts` removes each feature in turn and checks the ranking.',
    );
  }
  out.push('');

  out.push('## Interest tags');
  out.push('');
  out.push(
    table(
      ['Scorer', 'precision@5 against the true top-5 interests', 'tags AUC'],
      rankers.filter(([name]) => name !== 'Single-task click model').map(([name, r]) => [name, f3(r.tagsPrecision5), f4(r.heads.tags.auc)]),
    ),
  );
  out.push('');
  out.push("Per time-split page, the share of the five highest-scored tags among the shopper's five strongest hidden tag affinities.");
  out.push('');
  if (m.tagsRefit) {
    const r = m.tagsRefit;
    out.push(
      `After training, the tags head's output layer is refitted per tag as a ridge logistic regression on the shopper vector and the dense shopper features (standardised; ${r.trainPages} training pages; every weight pulled to zero but the intercept, pulled to the tag's base rate), ` +
        `the penalty chosen on ${r.choosingPages} pages of the ${r.source}, where the trained head had a tags AUC of ${f4(r.trainedAuc)}: ` +
        (r.lambda === null ? 'no penalty beat it, so the head stays as trained.' : `**λ ${r.lambda}** was kept.`),
    );
    out.push('');
    out.push(
      table(
        ['λ (in pages)', `tags AUC, ${r.source}`],
        r.grid.map((g) => [String(g.lambda), f4(g.auc)]),
      ),
    );
    out.push('');
  }

  out.push('## Real data: Online Retail (UCI, CC BY 4.0)');
  out.push('');
  if (!retail || retail.skipped || !retail.metrics) {
    out.push(`Skipped: ${retail?.skipped ?? 'not run'}.`);
  } else {
    const r = retail.metrics;
    out.push(
      `${r.data.events} events mapped from the transactions (${r.data.impressions} impressions on ${r.data.pages} invoices; train before ${r.data.splitAt}, ${r.data.trainRows} rows; test after, ${r.data.testRows} rows). ` +
        'Click proxy: the product is in the invoice, against products sampled by popularity that were not; purchase proxy: the customer buys it again within 90 days; ' +
        'tags: derived categories of what the customer buys in the next 7 days. There are no ads, so adClick is not measured. No oracle exists for real data.',
    );
    out.push('');
    out.push(
      table(
        ['Scorer', ...HEADS.map((h) => `${h} AUC`), 'NDCG@10', 'recall@20'],
        Object.entries(r.detail).map(([k, v]) => [
          k === 'model' ? 'Model' : (SCORER_LABELS[k] ?? k),
          ...HEADS.map((h) => f4(v.heads[h].auc)),
          f4(v.ranking.ndcg10),
          f4(v.ranking.recall20),
        ]),
      ),
    );
    out.push('');
    out.push(`Trained in ${Math.round(Number(r.data.trainSeconds) / 60)} min (${r.data.parameters} parameters).`);
  }
  out.push('');
  return `${out.join('\n')}\n`;
}
