/**
 * `npm run eval:ondevice`: does on-device fine-tuning help shoppers whose
 * tastes differ from the population, and what does it cost everyone else?
 *
 * Simulated shoppers browse through the real engine (`createRecommender` on
 * the tfjs cpu backend, IndexedDB from fake-indexeddb): each page is ranked
 * by the fine-tuning engine, the shopper clicks by their hidden tastes with
 * position bias (the simulator's `ShopperJourney`), the events are recorded,
 * and a fine-tuning round runs after every 5 clicks. A second engine with
 * fine-tuning off shares the same database, so both see identical behaviour
 * features and differ only in their weights.
 *
 * At 0, 5, 10, 20 and 50 clicks both engines rank the whole catalogue; the
 * report gives NDCG@10 against the shopper's true P(click | examined), with
 * a product the shopper has bought worth nothing on the page (the shop lists
 * it last; the simulator's shoppers have no notion of having bought it). At the
 * end each shopper's saved checkpoint scores a held-out log of the population,
 * to see what the fine-tuned weights do to click AUC there.
 *
 * Options: --shoppers 30 --from far|typical --seed 2026 --population 40 --max-pages 400
 * --models models/ --out bench/ondevice-results.json, and --fine-tune '{"stepsPerRound": 24}'
 * to try other fine-tuning settings (they are written into the results).
 */
import 'fake-indexeddb/auto';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { deleteDB } from 'idb';
import { format, resolveConfig } from 'prettier';
import type { EventInput, RankRequest, RankResult } from '../src/engine/api';
import type { Catalogue } from '../src/engine/catalogue/types';
import type { BehaviourEvent } from '../src/engine/events/types';
import type { FeatureSpec } from '../src/engine/features/spec';
import { DEFAULT_FINE_TUNE, validateFineTuneConfig, type FineTuneConfig } from '../src/engine/learn/config';
import { buildTrainingRows, type TrainingRows } from '../src/engine/learn/dataset';
import { FineTuner } from '../src/engine/learn/finetune';
import { installFastSegmentSum } from '../src/engine/learn/kernels';
import { auc } from '../src/engine/learn/metrics';
import { predictRows } from '../src/engine/learn/trainer';
import type { RecommenderModel } from '../src/engine/model/build';
import { loadModel, type FetchLike, type ModelManifest } from '../src/engine/model/manifest';
import { createRecommender } from '../src/engine/recommender';
import type { StoredWeight } from '../src/engine/storage/schema';
import { openBehaviourStore } from '../src/engine/storage/store';
import { memoryFetch, readModelFiles } from '../src/engine/testing/files';
import { relevanceVector } from '../src/sim/behaviour';
import { estimatedShopper } from '../src/sim/reference';
import { SIM_START, ShopperJourney } from '../src/sim/journey';
import { Rng } from '../src/sim/random';
import type { SimShopper } from '../src/sim/shopper';
import { simulateWorld } from '../src/sim/simulate';
import { createWorld, type World } from '../src/sim/world';
import { bootstrapLiftInterval, liftOfMeans, ndcgAt, quantile } from './ranking-metrics';

/** Click counts at which both engines are measured. */
const CHECKPOINTS = [0, 5, 10, 20, 50] as const;
/** A fine-tuning round after every this many clicks. */
const ROUND_EVERY = 5;
/** NDCG cut-off. */
const K = 10;
/** The training CLI's seed: the shop's catalogue, item qualities and training shoppers. */
const TRAINING_SEED = 7;
/** Shoppers the shipped model was trained on (`npm run train` default). */
const TRAINING_SHOPPERS = 450;
/** Unseen shoppers the benchmark's shoppers are picked from. */
const CANDIDATE_SHOPPERS = 600;
/** Rounds run only when the benchmark calls `fineTune()`. */
const ROUNDS_ON_CALL_ONLY: Partial<FineTuneConfig> = { clickThreshold: 1e9, idleMs: 1e9 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Simulated time of the benchmark shoppers: after the training period (60 days) and the population hold-out (14 days). */
const BENCH_START = SIM_START + 90 * DAY;

const { values: args } = parseArgs({
  options: {
    shoppers: { type: 'string', default: '30' },
    seed: { type: 'string', default: '2026' },
    population: { type: 'string', default: '40' },
    'max-pages': { type: 'string', default: '400' },
    'fine-tune': { type: 'string', default: '{}' },
    from: { type: 'string', default: 'far' },
    models: { type: 'string', default: fileURLToPath(new URL('../models/', import.meta.url)) },
    out: { type: 'string', default: fileURLToPath(new URL('./ondevice-results.json', import.meta.url)) },
  },
});

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`eval:ondevice: --${name} must be a positive integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

/** `--fine-tune` JSON: other fine-tuning settings to try; the defaults otherwise. */
function fineTuneOverrides(json: string): Partial<FineTuneConfig> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    console.error(`eval:ondevice: --fine-tune is not JSON (${(e as Error).message}); pass for example '{"stepsPerRound": 24}'`);
    process.exit(2);
  }
  const unknownKeys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).filter((k) => !(k in DEFAULT_FINE_TUNE)) : null;
  if (unknownKeys === null || unknownKeys.length > 0) {
    console.error(`eval:ondevice: --fine-tune must be an object of FineTuneConfig fields (${Object.keys(DEFAULT_FINE_TUNE).join(', ')}); got ${json}`);
    process.exit(2);
  }
  return value as Partial<FineTuneConfig>;
}

function selection(value: string | undefined): 'far' | 'typical' {
  if (value === 'far' || value === 'typical') return value;
  console.error(`eval:ondevice: --from must be "far" (shoppers least like the population) or "typical", got ${JSON.stringify(value)}`);
  process.exit(2);
}

const settings = {
  from: selection(args.from),
  shoppers: positiveInt('shoppers', args.shoppers),
  seed: positiveInt('seed', args.seed),
  population: positiveInt('population', args.population),
  maxPages: positiveInt('max-pages', args['max-pages']),
  models: args.models!.endsWith('/') ? args.models! : `${args.models!}/`,
  out: args.out!,
  fineTune: fineTuneOverrides(args['fine-tune']!),
};
const fineTuneOptions: Partial<FineTuneConfig> = { ...settings.fineTune, ...ROUNDS_ON_CALL_ONLY };

const started = performance.now();
const seconds = (): number => (performance.now() - started) / 1000;
const log = (msg: string): void => console.log(`[${seconds().toFixed(1).padStart(6)}s] ${msg}`);

/** What the benchmark shares between shoppers. */
interface Bench {
  catalogue: Catalogue;
  manifest: ModelManifest;
  fetch: FetchLike;
  world: World;
  spec: FeatureSpec;
}

/** One measurement of one shopper. */
interface Point {
  clicks: number;
  pages: number;
  frozen: number;
  tuned: number;
  /** NDCG@10 of the products ordered by pCTR alone (no revenue term, no category cap; bought products last). */
  frozenClick: number;
  tunedClick: number;
  /** The reference learner's NDCG@10 from the same clicks (`src/sim/reference.ts`). */
  reference: number;
}

/** Everything measured for one shopper. */
interface ShopperRun {
  id: string;
  /** NDCG@10 of the population's bestseller order for this shopper (the selection score). */
  popularityNdcg: number;
  points: Point[];
  pages: number;
  clicks: number;
  rounds: number;
  accepted: number;
  rolledBack: number;
  /** Rolled-back rounds that kept their new crowd weight (the scale on the prior's weight) alone. */
  crowdWeightOnly: number;
  /** Rounds that started again from the shipped weights (`shippedCheckRows`). */
  revertedToShipped: number;
  /** `fineTune()` calls that found too little settled feedback and ran no round. */
  skipped: number;
  /** The learned scale on the popularity prior's weight at the end (1 as shipped). */
  priorScale: number;
  /** The saved checkpoint's weights, or `null` when no round was accepted. */
  weights: Record<string, StoredWeight> | null;
  seconds: number;
}

/**
 * Picks unseen shoppers of the training world (same catalogue and item
 * qualities, ids after the 450 the model was trained on) by the NDCG@10 of
 * the population's bestseller order for them: `far` = the bottom quarter
 * (tastes furthest from the population's), `typical` = the middle half;
 * the first `n` of them by id.
 */
function selectShoppers(
  world: World,
  n: number,
  from: 'far' | 'typical',
): { picked: Array<{ shopper: SimShopper; popularityNdcg: number }>; range: [number, number]; all: number[] } {
  const scored = world.shoppers.slice(TRAINING_SHOPPERS).map((shopper) => ({ shopper, popularityNdcg: ndcgAt(world.popularity, gainsOf(world, shopper), K) }));
  const all = scored.map((s) => s.popularityNdcg);
  const range: [number, number] = from === 'far' ? [-Infinity, quantile(all, 0.25)] : [quantile(all, 0.25), quantile(all, 0.75)];
  const inRange = (x: number): boolean => (from === 'far' ? x <= range[1] : x > range[0] && x <= range[1]);
  return { picked: scored.filter((s) => inRange(s.popularityNdcg)).slice(0, n), range, all };
}

/** The catalogue's ids by a shopper's P(click | examined), highest first. */
function rankByRelevance(world: World, shopper: SimShopper): string[] {
  const rel = relevanceVector(world, shopper);
  return world.stats.itemIds
    .map((id, i) => ({ id, p: rel[i] as number }))
    .sort((a, b) => b.p - a.p || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}

/** True P(click | examined) of every item for a shopper. */
function gainsOf(world: World, shopper: SimShopper): Map<string, number> {
  const rel = relevanceVector(world, shopper);
  return new Map(world.stats.itemIds.map((id, i) => [id, rel[i] as number]));
}

function productIds(result: RankResult): string[] {
  return result.slots.flatMap((s) => (s.kind === 'product' ? [s.itemId] : []));
}

/** The page's products by pCTR, highest first: the click model's own order. */
function byClick(result: RankResult): string[] {
  return result.slots
    .flatMap((s) => (s.kind === 'product' && s.scores ? [{ id: s.itemId, p: s.scores.click }] : []))
    .sort((a, b) => b.p - a.p || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}

const isClick = (e: BehaviourEvent): boolean => e.type === 'click' || e.type === 'ad_click';

function toInput(e: BehaviourEvent): EventInput {
  return { ts: e.ts, type: e.type, item: e.item, slot: e.slot, request: e.request, page: e.page };
}

/**
 * Plays one shopper through the engines until 50 clicks (or `maxPages`
 * pages), measuring at each checkpoint.
 */
async function runShopper(bench: Bench, shopper: SimShopper, popularityNdcg: number): Promise<ShopperRun> {
  const t0 = performance.now();
  const dbName = `ondevice-bench-${shopper.id}`;
  const gains = gainsOf(bench.world, shopper);
  // Every product gets a slot, so the page gives both the served order and every product's pCTR.
  const whole: RankRequest = { page: 'home', candidates: bench.catalogue.items.map((i) => i.id), productSlots: bench.catalogue.items.length };
  let clock = BENCH_START;
  const common = { catalogue: bench.catalogue, modelUrl: '/models/', backends: ['cpu'] as const, fetch: bench.fetch, dbName, now: () => clock };
  const tuned = await createRecommender({ ...common, fineTune: fineTuneOptions });
  const frozen = await createRecommender({ ...common, fineTune: false });
  const run: ShopperRun = {
    id: shopper.id,
    popularityNdcg,
    points: [],
    pages: 0,
    clicks: 0,
    rounds: 0,
    accepted: 0,
    rolledBack: 0,
    crowdWeightOnly: 0,
    revertedToShipped: 0,
    skipped: 0,
    priorScale: 1,
    weights: null,
    seconds: 0,
  };
  const last = CHECKPOINTS[CHECKPOINTS.length - 1]!;
  let finished = false;

  const clicked: string[] = [];
  const bought = new Set<string>();
  const measure = async (): Promise<void> => {
    const tunedPage = await tuned.rank(whole);
    const frozenPage = await frozen.rank(whole);
    // What the shopper has bought is not what the page should show them now,
    // and every order scored here lists it last, as the shop does.
    const worth = new Map([...gains].map(([id, g]) => [id, bought.has(id) ? 0 : g]));
    const boughtLast = (ids: readonly string[]): string[] => [...ids.filter((id) => !bought.has(id)), ...ids.filter((id) => bought.has(id))];
    const t = ndcgAt(productIds(tunedPage), worth, K);
    const f = ndcgAt(productIds(frozenPage), worth, K);
    const tClick = ndcgAt(boughtLast(byClick(tunedPage)), worth, K);
    const fClick = ndcgAt(boughtLast(byClick(frozenPage)), worth, K);
    const reference = ndcgAt(boughtLast(rankByRelevance(bench.world, estimatedShopper(bench.world, shopper.id, clicked))), worth, K);
    run.points.push({ clicks: run.clicks, pages: run.pages, frozen: f, tuned: t, frozenClick: fClick, tunedClick: tClick, reference });
    if (run.clicks >= last) finished = true;
  };
  const record = async (events: BehaviourEvent[]): Promise<void> => {
    if (events.length === 0) return;
    await tuned.recordMany(events.map(toInput));
    for (const e of events) if (e.type === 'purchase') bought.add(e.item);
    clock = Math.max(clock, events[events.length - 1]!.ts);
  };
  // After every ROUND_EVERY clicks (and the cart and purchase that followed the last one).
  const afterClicks = async (): Promise<void> => {
    const before = tuned.fineTuneStatus();
    const after = await tuned.fineTune();
    if (after.rounds === before.rounds) run.skipped++;
    else if (after.history.at(-1)?.accepted === false && after.history.at(-1)?.priorScaleKept === true) run.crowdWeightOnly++;
    if (after.rounds !== before.rounds && after.history.at(-1)?.revertedToShipped === true) run.revertedToShipped++;
    run.rounds = after.rounds;
    run.accepted = after.rounds - after.rollbacks;
    run.rolledBack = after.rollbacks;
    run.priorScale = after.priorScale;
    if (after.lastError) log(`  ${shopper.id}: ${after.lastError}`);
    if ((CHECKPOINTS as readonly number[]).includes(run.clicks)) await measure();
  };

  try {
    await measure();
    let journeys = 0;
    const journey = (start: number): ShopperJourney =>
      // 40 sessions (of 2–6 pages) over two weeks for a shopper of average
      // activity; when they run out, the shopper comes back an hour later.
      new ShopperJourney(bench.world, shopper, { seed: settings.seed + journeys++, start: Math.round(start), days: 14, sessionsPerShopper: 40 });
    let current = journey(BENCH_START);
    while (!finished && run.pages < settings.maxPages) {
      const request = current.next();
      if (!request) {
        current = journey(clock + HOUR);
        continue;
      }
      clock = request.ts;
      const events = current.respond(await tuned.rank(request));
      run.pages++;
      // Split the page's events after every ROUND_EVERY-th click's funnel, so
      // rounds and measurements see exactly 5, 10, … clicks.
      let pending: BehaviourEvent[] = [];
      let due = false;
      for (const e of events) {
        if (due && isClick(e)) {
          await record(pending);
          pending = [];
          due = false;
          await afterClicks();
          if (finished) break;
        }
        if (isClick(e)) {
          run.clicks++;
          clicked.push(e.item);
          due = run.clicks % ROUND_EVERY === 0;
        }
        pending.push(e);
      }
      if (finished) break;
      await record(pending);
      if (due) await afterClicks();
    }
  } finally {
    await tuned.dispose();
    await frozen.dispose();
  }
  const itemsById = new Map(bench.catalogue.items.map((i) => [i.id, i]));
  const store = await openBehaviourStore({ name: dbName, spec: bench.spec, lookup: (id) => itemsById.get(id) });
  run.weights = (await store.loadCheckpoints(bench.manifest.version))[0]?.weights ?? null;
  store.close();
  await deleteDB(dbName);
  run.seconds = (performance.now() - t0) / 1000;
  return run;
}

/** Held-out log of population shoppers: training shoppers, in a later period than training. */
function populationRows(bench: Bench): { rows: TrainingRows; mask: Float32Array; shoppers: number } {
  const world = createWorld({ seed: TRAINING_SEED, catalogue: bench.catalogue, shoppers: settings.population });
  const events = simulateWorld(world, { seed: settings.seed + 1000, start: SIM_START + 60 * DAY, days: 14, sessionsPerShopper: 4 });
  const rows = buildTrainingRows(events, bench.catalogue, bench.spec);
  return { rows, mask: Float32Array.from(rows.isAd, (a) => 1 - a), shoppers: settings.population };
}

function clickAuc(model: RecommenderModel, spec: FeatureSpec, rows: TrainingRows, mask: Float32Array): number {
  return auc(predictRows(model, rows, spec).click, rows.click, mask);
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
const r4 = (x: number): number => Math.round(x * 10000) / 10000;

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  installFastSegmentSum();
  const catalogue = JSON.parse(await readFile(fileURLToPath(new URL('../public/catalogue.json', import.meta.url)), 'utf8')) as Catalogue;
  const fetch = memoryFetch(await readModelFiles(settings.models, '/models/'));
  const { manifest, model: evalModel } = await loadModel('/models/', fetch);
  const spec = manifest.featureSpec;
  const world = createWorld({ seed: TRAINING_SEED, catalogue, shoppers: TRAINING_SHOPPERS + CANDIDATE_SHOPPERS });
  const bench: Bench = { catalogue, manifest, fetch, world, spec };
  const fineTune = validateFineTuneConfig(fineTuneOptions);
  log(
    `model ${manifest.version}; catalogue ${catalogue.items.length} products; tfjs ${tf.getBackend()} backend on ${cpus()[0]?.model ?? '?'} x${cpus().length}`,
  );

  if (Object.keys(settings.fineTune).length > 0) log(`fine-tuning settings changed from the defaults: ${JSON.stringify(settings.fineTune)}`);

  const { picked, range, all } = selectShoppers(world, settings.shoppers, settings.from);
  const which =
    settings.from === 'far'
      ? `in the bottom quarter (<= ${range[1].toFixed(3)}; median ${quantile(all, 0.5).toFixed(3)}), i.e. whose true top items are furthest from what the population likes`
      : `in the middle half (${range[0].toFixed(3)} to ${range[1].toFixed(3)}; median ${quantile(all, 0.5).toFixed(3)}), i.e. typical shoppers`;
  const rule =
    `Unseen shoppers of the training world (seed ${TRAINING_SEED}: same catalogue and hidden item qualities; ids s${TRAINING_SHOPPERS + 1}–s${TRAINING_SHOPPERS + CANDIDATE_SHOPPERS}, ` +
    `after the ${TRAINING_SHOPPERS} the model was trained on) whose NDCG@${K} of the population's bestseller order is ${which}; the first ${settings.shoppers} by id.`;
  log(`selected ${picked.length} shoppers: ${rule}`);

  const pop = populationRows(bench);
  const t = performance.now();
  const shippedAuc = clickAuc(evalModel, spec, pop.rows, pop.mask);
  log(
    `population hold-out: ${pop.rows.rows} impressions of ${pop.shoppers} training-world shoppers (days 60–74); shipped click AUC ${shippedAuc.toFixed(4)} (${((performance.now() - t) / 1000).toFixed(1)}s)`,
  );
  // Scores the hold-out with a shopper's checkpoint loaded over the shipped weights.
  const tuner = new FineTuner(evalModel, spec, fineTune);

  const runs: Array<ShopperRun & { auc: number }> = [];
  const realRandom = Math.random;
  for (const [n, { shopper, popularityNdcg }] of picked.entries()) {
    // The learner draws its held-back split and its batches from Math.random;
    // a seeded stream per shopper makes the whole run reproducible.
    const rng = new Rng(`${settings.seed}/ondevice/${shopper.id}`);
    Math.random = () => rng.next();
    let run: ShopperRun;
    try {
      run = await runShopper(bench, shopper, popularityNdcg);
    } finally {
      Math.random = realRandom;
    }
    tuner.restoreShipped();
    if (run.weights && !tuner.importWeights(run.weights)) throw new Error(`${shopper.id}: the saved checkpoint does not fit the model`);
    const shopperAuc = run.weights ? clickAuc(evalModel, spec, pop.rows, pop.mask) : shippedAuc;
    runs.push({ ...run, auc: shopperAuc });
    const pts = run.points.map((p) => `${p.clicks}:${p.frozen.toFixed(2)}/${p.tuned.toFixed(2)}`).join(' ');
    log(
      `${String(n + 1).padStart(2)}/${picked.length} ${shopper.id} ${run.pages} pages, rounds ${run.accepted}+${run.rolledBack} rolled back, ` +
        `NDCG frozen/tuned ${pts}; pop. AUC ${pct(shopperAuc / shippedAuc - 1)} (${run.seconds.toFixed(1)}s)`,
    );
  }
  tuner.dispose();
  evalModel.dispose();

  // Summary per checkpoint, over the shoppers who got that far.
  const bootstrapRng = new Rng(`${settings.seed}/ondevice/bootstrap`);
  const rows = CHECKPOINTS.map((clicks) => {
    const pts = runs.flatMap((r) => r.points.filter((p) => p.clicks === clicks));
    const frozen = pts.map((p) => p.frozen);
    const tunedV = pts.map((p) => p.tuned);
    const reference = pts.map((p) => p.reference);
    const frozenClick = pts.map((p) => p.frozenClick);
    const tunedClick = pts.map((p) => p.tunedClick);
    // Mean NDCG of both engines, the lift with its paired bootstrap interval, and how many shoppers gained or lost.
    const lift = (f: number[], t: number[]) => {
      const [lo, hi] = bootstrapLiftInterval(f, t, bootstrapRng);
      return {
        frozenNdcg: r4(mean(f)),
        fineTunedNdcg: r4(mean(t)),
        liftPercent: r4(100 * liftOfMeans(f, t)),
        liftCi95Percent: [r4(100 * lo), r4(100 * hi)],
        better: t.filter((v, i) => v > f[i]! + 1e-9).length,
        worse: t.filter((v, i) => v < f[i]! - 1e-9).length,
      };
    };
    return {
      clicks,
      shoppers: pts.length,
      meanPages: r4(mean(pts.map((p) => p.pages))),
      ...lift(frozen, tunedV),
      clickOrder: lift(frozenClick, tunedClick),
      referenceNdcg: r4(mean(reference)),
      referenceLiftPercent: r4(100 * liftOfMeans(frozen, reference)),
    };
  });
  const zero = runs.map((r) => r.points[0]!);
  const zeroMismatch = zero.filter((p) => Math.abs(p.tuned - p.frozen) > 1e-9).length;
  const aucs = runs.map((r) => r.auc);
  const rel = aucs.map((a) => a / shippedAuc - 1);
  const meanAuc = mean(aucs);
  const worst = Math.min(...aucs);
  const at20 = rows.find((r) => r.clicks === 20)!;
  const aucLossPercent = 100 * (1 - meanAuc / shippedAuc);
  const liftMet = at20.liftPercent >= 30;
  const aucMet = aucLossPercent < 1;

  console.log('');
  console.log(
    `NDCG@${K} against true preferences, ${runs.length} shoppers (mean popularity-order NDCG@${K}: ${mean(runs.map((r) => r.popularityNdcg)).toFixed(3)})`,
  );
  console.log('clicks  shoppers  pages  frozen  fine-tuned   lift     95% CI              better/worse  reference (lift)');
  for (const r of rows) {
    console.log(
      `${String(r.clicks).padStart(6)}  ${String(r.shoppers).padStart(8)}  ${r.meanPages.toFixed(0).padStart(5)}  ${r.frozenNdcg.toFixed(4)}  ${r.fineTunedNdcg.toFixed(4).padStart(10)}  ${pct(r.liftPercent / 100).padStart(7)}  ` +
        `[${pct(r.liftCi95Percent[0]! / 100)}, ${pct(r.liftCi95Percent[1]! / 100)}]`.padEnd(20) +
        `${r.better}/${r.worse}`.padEnd(14) +
        `${r.referenceNdcg.toFixed(4)} (${pct(r.referenceLiftPercent / 100)})`,
    );
  }
  console.log('');
  console.log(`The same shoppers, products ordered by pCTR alone (the click model's order: no revenue term, no category cap; bought products last)`);
  console.log('clicks  frozen  fine-tuned   lift     95% CI              better/worse');
  for (const r of rows) {
    const c = r.clickOrder;
    console.log(
      `${String(r.clicks).padStart(6)}  ${c.frozenNdcg.toFixed(4)}  ${c.fineTunedNdcg.toFixed(4).padStart(10)}  ${pct(c.liftPercent / 100).padStart(7)}  ` +
        `[${pct(c.liftCi95Percent[0]! / 100)}, ${pct(c.liftCi95Percent[1]! / 100)}]`.padEnd(20) +
        `${c.better}/${c.worse}`,
    );
  }
  console.log('');
  console.log(
    `population click AUC (${pop.rows.rows} held-out impressions): shipped ${shippedAuc.toFixed(4)}; with a shopper's fine-tuned weights mean ${meanAuc.toFixed(4)} (${pct(meanAuc / shippedAuc - 1)}), worst ${worst.toFixed(4)} (${pct(Math.min(...rel))})`,
  );
  const accepted = runs.reduce((s, r) => s + r.accepted, 0);
  const rolledBack = runs.reduce((s, r) => s + r.rolledBack, 0);
  const skipped = runs.reduce((s, r) => s + r.skipped, 0);
  const crowdWeightOnly = runs.reduce((s, r) => s + r.crowdWeightOnly, 0);
  const revertedToShipped = runs.reduce((s, r) => s + r.revertedToShipped, 0);
  console.log(
    `fine-tuning rounds: ${accepted} accepted, ${rolledBack} rolled back (${crowdWeightOnly} of them kept their new crowd weight alone), ` +
      `${revertedToShipped} started again from the shipped weights, ${skipped} fineTune() calls without a round (too little settled feedback)`,
  );
  const scales = runs.map((r) => r.priorScale).sort((a, b) => a - b);
  console.log(
    `learned scale on the popularity prior's weight: median ${quantile(scales, 0.5).toFixed(2)}, range ${scales[0]!.toFixed(2)}–${scales[scales.length - 1]!.toFixed(2)} (1 = as shipped)`,
  );
  if (zeroMismatch > 0) console.log(`WARNING: at 0 clicks the two engines disagree for ${zeroMismatch} shoppers; they should be identical.`);
  console.log(
    `target (+30% NDCG@${K} at 20 clicks, < 1% population AUC loss): lift ${pct(at20.liftPercent / 100)} — ${liftMet ? 'met' : `missed by ${(30 - at20.liftPercent).toFixed(1)} points`}; ` +
      `AUC loss ${aucLossPercent.toFixed(2)}% — ${aucMet ? 'met' : 'missed'}`,
  );
  const runtimeSeconds = Math.round(seconds());
  log(`done in ${runtimeSeconds}s`);

  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, tfjs: tf.version.tfjs, backend: tf.getBackend() },
    runtimeSeconds,
    model: { version: manifest.version, createdBy: manifest.createdBy },
    settings: {
      command: 'npm run eval:ondevice',
      shoppers: settings.shoppers,
      seed: settings.seed,
      checkpoints: CHECKPOINTS,
      fineTuneEveryClicks: ROUND_EVERY,
      clicksCounted: 'product and ad clicks, as the learner counts feedback',
      maxPagesPerShopper: settings.maxPages,
      fineTune,
      fineTuneChanged: settings.fineTune,
      fineTuneNote:
        Object.keys(settings.fineTune).length === 0
          ? 'engine defaults except clickThreshold and idleMs, set so rounds run only when the benchmark calls fineTune()'
          : `NOT the engine defaults: ${JSON.stringify(settings.fineTune)} (clickThreshold and idleMs set so rounds run only when the benchmark calls fineTune())`,
      pages:
        "the simulator's ShopperJourney (home or a category, following recent clicks; 24 product slots plus ads), ranked by the fine-tuning engine; clicks with position bias from the hidden tastes",
      measurement: `both engines rank the whole catalogue (home page, ${K} product slots, no ads); NDCG@${K} with gain = true P(click | examined), ideal = the true top ${K}`,
      lift: 'mean fine-tuned NDCG / mean frozen NDCG - 1, paired bootstrap 95% interval over shoppers',
      reference:
        "src/sim/reference.ts: the simulator's own click model and true item qualities, with the shopper's tastes estimated from the same clicks (Dirichlet posterior of category shares, brands and colours clicked twice, a shrunk price level); referenceLiftPercent is its NDCG over the frozen engine's",
      randomness: "Math.random (the learner's split and batches) is a seeded stream per shopper, so reruns give the same figures",
    },
    selection: {
      from: settings.from,
      rule,
      range: range.map((x) => (Number.isFinite(x) ? r4(x) : null)),
      candidates: CANDIDATE_SHOPPERS,
      shopperIds: runs.map((r) => r.id),
    },
    ndcg: rows,
    zeroClickCheck: { identical: zeroMismatch === 0, mismatches: zeroMismatch },
    fineTuning: {
      accepted,
      rolledBack,
      crowdWeightOnly,
      revertedToShipped,
      callsWithoutRound: skipped,
      priorScale: { median: r4(quantile(scales, 0.5)), min: r4(scales[0]!), max: r4(scales[scales.length - 1]!) },
    },
    populationAuc: {
      heldOut: `${pop.shoppers} training-world shoppers (seed ${TRAINING_SEED}), simulated days 60–74 (after the training period), default logging policy`,
      impressions: pop.rows.rows,
      clicks: pop.rows.click.reduce((s, x) => s + x, 0),
      shipped: r4(shippedAuc),
      fineTunedMean: r4(meanAuc),
      fineTunedWorst: r4(worst),
      meanRelativeChangePercent: r4(100 * (meanAuc / shippedAuc - 1)),
      worstRelativeChangePercent: r4(100 * Math.min(...rel)),
    },
    target: {
      liftAt20Percent: at20.liftPercent,
      liftTargetPercent: 30,
      liftMet,
      liftShortfallPoints: liftMet ? 0 : r4(30 - at20.liftPercent),
      aucLossPercent: r4(aucLossPercent),
      aucLossLimitPercent: 1,
      aucMet,
    },
    perShopper: runs.map((r) => ({
      id: r.id,
      popularityNdcg: r4(r.popularityNdcg),
      pages: r.pages,
      clicks: r.clicks,
      rounds: {
        accepted: r.accepted,
        rolledBack: r.rolledBack,
        crowdWeightOnly: r.crowdWeightOnly,
        revertedToShipped: r.revertedToShipped,
        callsWithoutRound: r.skipped,
      },
      points: r.points.map((p) => ({ clicks: p.clicks, pages: p.pages, frozen: r4(p.frozen), fineTuned: r4(p.tuned) })),
      populationAuc: r4(r.auc),
      seconds: Math.round(r.seconds * 10) / 10,
    })),
  };
  // Written as Prettier would, so `npm run format` leaves the committed file alone.
  await writeFile(settings.out, await format(JSON.stringify(results), { ...(await resolveConfig(settings.out)), parser: 'json' }));
  log(`wrote ${settings.out}`);
}

main()
  // The learner can leave an idle timer behind after dispose() (a starved
  // round re-arms it without clearing the one noteEvents set), which would
  // keep Node alive for idleMs; the benchmark is done, so leave.
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(`eval:ondevice: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  });
