/**
 * `npm run train`: logs -> features -> fit -> evaluate -> a model directory.
 *
 * The data is the simulated shop (default: the protocol of `./protocol.ts`,
 * with the simulator's truth as the oracle), an event log from a file, or the
 * real Online Retail data set. With the default seed the output is
 * reproducible: the committed models/ is what `npm run eval` ships, which is
 * this command with the best bottom.
 *
 * Usage: npm run train -- [--bottom mmoe|shared-bottom|ple] [--task-weighting fixed|uncertainty]
 *        [--single-task click] [--task-weights click=1,purchase=1,adClick=1,tags=0.5] [--item-side full|id-only] [--seed 7] [--shoppers 450]
 *        [--held-out-shoppers 300] [--validation-shoppers 150] [--cold-copies 0.15] [--sessions 8] [--epochs 2] [--out models]
 *        [--catalogue-out public/catalogue.json] [--logs path.jsonl] [--write-logs path.jsonl]
 *        [--data simulated|online-retail] [--data-dir ../shared/data/online-retail] [--max-customers 1500]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { formatEventLog, parseEventLog } from '../src/engine/events/log';
import type { TrainingRows } from '../src/engine/learn/dataset';
import { installFastSegmentSum } from '../src/engine/learn/kernels';
import { predictRows, trainModel } from '../src/engine/learn/trainer';
import { buildModel, isDeviceOnlyWeight } from '../src/engine/model/build';
import {
  BOTTOMS,
  TASK_NAMES,
  TASK_WEIGHTINGS,
  modelInputSizes,
  validateModelConfig,
  type Bottom,
  type TaskName,
  type TaskWeighting,
} from '../src/engine/model/config';
import { serializeWeights, sha256Hex, type ModelManifest } from '../src/engine/model/manifest';
import { validateRankingConfig } from '../src/engine/rank/config';
import type { PopularityPrior } from '../src/engine/rank/prior';
import { generateCatalogue } from '../src/sim/catalogue';
import { Rng } from '../src/sim/random';
import { popularityBaseline, type BaselineScores } from './baselines';
import { OnlineRetailMissingError, loadOnlineRetail } from './data/online-retail';
import {
  clickAucByHistory,
  evaluateScorer,
  formatReport,
  manifestMetrics,
  servingPositionRows,
  type EvalTruth,
  type PriorMetrics,
  type ScorerReport,
} from './evaluate';
import { fitLogisticRegression } from './logistic';
import { refitTagsHead, type TagRefitResult } from './tags-refit';
import { actionsBefore, chooseBlend, fitPriorTable, servedWithPrior, type ClickPurchase } from './prior';
import {
  PROTOCOL_DEFAULTS,
  buildLogProtocol,
  buildProtocol,
  idOnlyRows,
  maskedRows,
  oracleScores,
  trueTopTags,
  withColdStartCopies,
  type ProtocolData,
} from './protocol';

const { values: args } = parseArgs({
  options: {
    bottom: { type: 'string', default: 'mmoe' },
    'task-weighting': { type: 'string', default: 'fixed' },
    'single-task': { type: 'string' },
    'task-weights': { type: 'string' },
    'item-side': { type: 'string', default: 'full' },
    seed: { type: 'string', default: String(PROTOCOL_DEFAULTS.seed) },
    shoppers: { type: 'string', default: String(PROTOCOL_DEFAULTS.shoppers) },
    'held-out-shoppers': { type: 'string', default: String(PROTOCOL_DEFAULTS.heldOutShoppers) },
    'validation-shoppers': { type: 'string', default: String(PROTOCOL_DEFAULTS.validationShoppers) },
    sessions: { type: 'string', default: String(PROTOCOL_DEFAULTS.sessions) },
    epochs: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '512' },
    'learning-rate': { type: 'string', default: '0.003' },
    logs: { type: 'string' },
    'write-logs': { type: 'string' },
    data: { type: 'string', default: 'simulated' },
    'data-dir': { type: 'string', default: '../shared/data/online-retail' },
    'max-customers': { type: 'string', default: '1500' },
    'masked-share': { type: 'string', default: '0.3' },
    'cold-copies': { type: 'string', default: '0.15' },
    out: { type: 'string', default: 'models' },
    'catalogue-out': { type: 'string', default: 'public/catalogue.json' },
  },
});

/** Exit code when the requested data set is not on this machine (the report skips it). */
export const DATA_MISSING_EXIT = 3;

function fail(message: string): never {
  console.error(`train: ${message}`);
  process.exit(2);
}

function int(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value ?? '')) fail(`--${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  return value as T;
}

const seed = int('seed', args.seed);
const epochs = int('epochs', args.epochs);
const batchSize = int('batch-size', args['batch-size']);
const learningRate = Number(args['learning-rate']);
const bottom: Bottom = oneOf('bottom', args.bottom, BOTTOMS);
const taskWeighting: TaskWeighting = oneOf('task-weighting', args['task-weighting'], TASK_WEIGHTINGS);
const singleTask: TaskName | null = args['single-task'] === undefined ? null : oneOf('single-task', args['single-task'], TASK_NAMES);
const itemSide = oneOf('item-side', args['item-side'], ['full', 'id-only'] as const);
const source = oneOf('data', args.data, ['simulated', 'online-retail'] as const);
const maskedShare = Number(args['masked-share']);
const coldCopies = Number(args['cold-copies']);
if (!(coldCopies >= 0 && coldCopies <= 1)) fail(`--cold-copies must be in [0, 1], got ${JSON.stringify(args['cold-copies'])}`);
if (!(maskedShare >= 0 && maskedShare < 1)) fail(`--masked-share must be in [0, 1), got ${JSON.stringify(args['masked-share'])}`);
const started = performance.now();
const log = (msg: string): void => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(7)}s] ${msg}`);

/** `click=1,tags=0.5` -> weights by task. */
function parseTaskWeights(text: string): Partial<Record<TaskName, number>> {
  const out: Partial<Record<TaskName, number>> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=');
    const task = oneOf('task-weights', name?.trim(), TASK_NAMES);
    const weight = Number(value);
    if (!Number.isFinite(weight) || weight < 0) fail(`--task-weights: ${task} needs a number >= 0, got ${JSON.stringify(value)}`);
    out[task] = weight;
  }
  return out;
}

/** Reads or simulates the data named on the command line. */
async function loadData(): Promise<{ data: ProtocolData; describe: string }> {
  if (source === 'online-retail') {
    const dir = resolve(args['data-dir']!);
    const retail = await loadOnlineRetail({ dir, maxCustomers: int('max-customers', args['max-customers']), seed });
    log(`read Online Retail from ${dir}: ${retail.events.length} events, ${retail.catalogue.items.length} products`);
    return {
      data: buildLogProtocol(retail.events, retail.catalogue, { seed, trainShare: PROTOCOL_DEFAULTS.trainShare, splitTs: retail.splitTs }, log),
      describe: `--data online-retail --max-customers ${args['max-customers']}`,
    };
  }
  if (args.logs) {
    const parsed = parseEventLog((await readFile(args.logs, 'utf8')).split('\n'));
    log(`read ${parsed.events.length} events from ${args.logs}; ${parsed.malformed} malformed rows skipped`);
    for (const e of parsed.errors.slice(0, 5)) log(`  line ${e.line}: ${e.reason}`);
    return {
      data: buildLogProtocol(parsed.events, generateCatalogue(seed), { seed, trainShare: PROTOCOL_DEFAULTS.trainShare }, log),
      describe: `--logs ${args.logs}`,
    };
  }
  const options = {
    ...PROTOCOL_DEFAULTS,
    seed,
    shoppers: int('shoppers', args.shoppers),
    heldOutShoppers: int('held-out-shoppers', args['held-out-shoppers']),
    validationShoppers: int('validation-shoppers', args['validation-shoppers']),
    sessions: int('sessions', args.sessions),
  };
  return {
    data: buildProtocol(options, log),
    describe: `--shoppers ${options.shoppers} --held-out-shoppers ${options.heldOutShoppers} --validation-shoppers ${options.validationShoppers} --sessions ${options.sessions}`,
  };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  installFastSegmentSum();
  const loaded = await loadData();
  const describe = loaded.describe;
  const data = withColdStartCopies(loaded.data, coldCopies);
  if (coldCopies > 0) log(`history dropout: ${data.train.length - loaded.data.train.length} training rows copied with an empty history`);
  if (args['write-logs']) {
    await writeFile(args['write-logs'], formatEventLog(data.events));
    log(`wrote the log to ${args['write-logs']}`);
  }
  const rows: TrainingRows = itemSide === 'id-only' ? idOnlyRows(data.rows, data.spec, data.catalogue) : data.rows;
  const taskWeights: Partial<Record<TaskName, number>> | undefined = singleTask
    ? { click: 0, purchase: 0, adClick: 0, tags: 0, [singleTask]: 1 }
    : args['task-weights']
      ? parseTaskWeights(args['task-weights'])
      : undefined;
  const config = validateModelConfig({ inputs: modelInputSizes(data.spec), seed, bottom, taskWeighting, ...(taskWeights ? { taskWeights } : {}) });
  const model = buildModel(config);
  const params = [...model.weights.values()].reduce((s, v) => s + v.size, 0);
  const variant = `${bottom}${taskWeighting === 'uncertainty' ? ', uncertainty weighting' : ''}${singleTask ? `, ${singleTask} only` : ''}${itemSide === 'id-only' ? ', id-only item side' : ''}`;
  log(`model: ${variant}, ${params} parameters; training ${epochs} epochs of ${Math.ceil(data.train.length / batchSize)} steps`);

  const rng = new Rng(`${seed}/train`);
  const trainStart = performance.now();
  await trainModel(model, rows, data.spec, {
    epochs,
    batchSize,
    learningRate,
    random: () => rng.next(),
    indices: data.train,
    // The adapter and the personal head stay zero in the shipped model; they are for on-device learning.
    trainable: (name) => !isDeviceOnlyWeight(name),
    lossEvery: 25,
    onProgress: (p) => {
      const done = (p.epoch * p.steps + p.step) / (p.epochs * p.steps);
      const spent = (performance.now() - trainStart) / 1000;
      const eta = done > 0 ? (spent / done - spent).toFixed(0) : '?';
      log(`epoch ${p.epoch + 1}/${p.epochs} step ${p.step}/${p.steps} loss ${p.loss.toFixed(4)} (${(done * 100).toFixed(0)}%, ~${eta}s left)`);
    },
  });
  const trainSeconds = (performance.now() - trainStart) / 1000;

  // The tags head's output layer, refitted with a penalty the validation shoppers choose (see tags-refit.ts).
  let tagsRefit: TagRefitResult | null = null;
  if (config.taskWeights.tags > 0 && data.validation) {
    log('refitting the tags head on the training pages, its penalty chosen on the validation shoppers');
    const v = data.validation;
    tagsRefit = refitTagsHead(model, rows, [...new Set(data.train.map((r) => rows.rowRequest[r]!))], data.spec, {
      rows: v.rows,
      requests: Array.from({ length: v.rows.requests }, (_, q) => q),
      source: 'validation shoppers',
    });
    const tried = tagsRefit.grid.map((g) => `λ ${g.lambda}: ${g.auc.toFixed(4)}`).join(', ');
    log(
      `tags head: trained ${tagsRefit.trainedAuc.toFixed(4)}, ${tried}; ${tagsRefit.lambda === null ? 'kept as trained' : `refitted with λ ${tagsRefit.lambda}`}`,
    );
  } else if (config.taskWeights.tags > 0) log('no validation shoppers: the tags head stays as trained');

  // Score every test row as logged, as served (position at its constant), and with attributes masked.
  const scored = Int32Array.from(new Set([...data.testTime, ...data.testShopper]));
  const serving = servingPositionRows(rows);
  const truth: EvalTruth = { ...data, rows: data.rows, nTags: data.spec.vocab.tags.length };
  const simulated = data.world !== null;
  let topTags: EvalTruth['topTags'];
  let oracle: { scores: BaselineScores; relevance: Float32Array } | null = null;
  if (data.world) {
    oracle = oracleScores(data, data.world);
    topTags = trueTopTags(data, data.world);
    Object.assign(truth, { relevance: oracle.relevance, topTags });
  }
  log('scoring the test rows');
  const network = {
    scores: predictRows(model, rows, data.spec, scored),
    rankScores: predictRows(model, serving, data.spec, scored),
    maskedScores: simulated && itemSide === 'full' ? predictRows(model, maskedRows(data, maskedShare), data.spec, data.testTime) : undefined,
  };
  // The popularity prior is fitted on the real training rows (not the cold-start copies), like the popularity baseline.
  const original = loaded.data;
  let prior: PopularityPrior | null = null;
  let priorMetrics: PriorMetrics | undefined;
  if (data.validation && data.world) {
    log('choosing the blend of the popularity prior on the validation shoppers');
    const v = data.validation;
    const table = fitPriorTable(original.rows, original.train);
    const vServing = servingPositionRows(itemSide === 'id-only' ? idOnlyRows(v.rows, data.spec, data.catalogue) : v.rows);
    const relevance = oracleScores({ ...data, rows: v.rows }, data.world).relevance;
    const choice = chooseBlend(v.rows, predictRows(model, vServing, data.spec, v.all), relevance, v, actionsBefore(v.events, v.rows), table);
    prior = { ...table, weight: choice.weight, halfActions: choice.halfActions };
    log(`prior: weight ${choice.weight} at no actions, halving at ${choice.halfActions} actions`);
    priorMetrics = {
      validationShoppers: new Set(v.rows.requestShopper).size,
      choice,
      network: evaluateScorer(truth, network),
    };
  }
  const actions = actionsBefore(data.events, data.rows);
  const served = <T extends ClickPurchase>(s: T, indices: Int32Array): T => (prior ? servedWithPrior(s, data.rows, indices, actions, prior) : s);
  const servedScores = served(network.scores, scored);
  const model_ = evaluateScorer(truth, {
    scores: servedScores,
    rankScores: served(network.rankScores, scored),
    maskedScores: network.maskedScores && served(network.maskedScores, data.testTime),
  });
  const popularity = popularityBaseline(original.rows, original.train, data.spec.vocab.tags.length);
  log('fitting the logistic regression baseline');
  const logistic = fitLogisticRegression(data.rows, data.train, data.spec, { seed });
  const baselines: Record<string, ScorerReport> = {
    popularity: evaluateScorer(truth, { scores: popularity, rankScores: popularity }),
    logisticRegression: evaluateScorer(truth, { scores: logistic.score(data.rows), rankScores: logistic.score(servingPositionRows(data.rows)) }),
  };
  const oracleReport = oracle ? evaluateScorer(truth, { scores: oracle.scores, rankScores: { ...oracle.scores, click: oracle.relevance } }) : null;
  const metrics = manifestMetrics(model_, baselines, oracleReport, {
    source: source === 'online-retail' ? 'online-retail' : args.logs ? 'event log' : 'simulated',
    variant,
    parameters: params,
    trainSeconds: Math.round(trainSeconds),
    events: data.events.length,
    impressions: data.rows.rows,
    pages: data.rows.requests,
    trainRows: data.train.length,
    testRows: data.testTime.length,
    shopperTestRows: data.testShopper.length,
    coldStartRows: data.coldStart.length,
    newProducts: data.newItems.size,
    newProductRows: data.newItemRows.length,
    maskedShare,
    coldCopyRows: data.train.length - loaded.data.train.length,
    splitAt: new Date(data.cutoff).toISOString(),
  });
  if (priorMetrics) metrics.prior = priorMetrics;
  if (tagsRefit) metrics.tagsRefit = tagsRefit;
  if (oracle) {
    // How close to the oracle the model gets as the shopper's history grows.
    const clicks = { model: servedScores.click, network: network.scores.click, oracle: oracle.scores.click };
    metrics.byHistory = {
      time: clickAucByHistory(data.rows, data.testTime, actions, clicks),
      shopper: data.testShopper.length > 0 ? clickAucByHistory(data.rows, data.testShopper, actions, clicks) : null,
    };
  }
  console.log(formatReport(metrics));

  const out = resolve(args.out ?? 'models');
  await mkdir(out, { recursive: true });
  const { modelJson, weights } = await serializeWeights(model);
  const modelJsonBytes = new TextEncoder().encode(modelJson);
  const files = [
    { path: 'model.json', bytes: modelJsonBytes.byteLength, sha256: await sha256Hex(modelJsonBytes) },
    { path: 'weights.bin', bytes: weights.byteLength, sha256: await sha256Hex(weights) },
  ];
  const prices = data.catalogue.items
    .map((i) => i.price)
    .filter((p): p is number => p !== null)
    .sort((a, b) => a - b);
  const flags = [
    `--bottom ${bottom}`,
    taskWeighting !== 'fixed' ? `--task-weighting ${taskWeighting}` : '',
    singleTask ? `--single-task ${singleTask}` : '',
    itemSide !== 'full' ? `--item-side ${itemSide}` : '',
    `--cold-copies ${coldCopies}`,
  ].filter(Boolean);
  const manifest: ModelManifest = {
    format: 1,
    name: 'shop-recommender',
    version: `1.0.0+${files[1]!.sha256.slice(0, 8)}`,
    createdBy: `npm run train -- ${flags.join(' ')} --seed ${seed} ${describe} --epochs ${epochs}`,
    config,
    featureSpec: data.spec,
    tasks: [...TASK_NAMES],
    ranking: validateRankingConfig({ referencePrice: Math.round(prices[Math.floor(prices.length / 2)] ?? 50) }),
    ...(prior ? { prior } : {}),
    metrics,
    files,
  };
  await writeFile(resolve(out, 'model.json'), modelJsonBytes);
  await writeFile(resolve(out, 'weights.bin'), weights);
  await writeFile(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (simulated && !args.logs) {
    const catalogueOut = resolve(args['catalogue-out'] ?? 'public/catalogue.json');
    await mkdir(dirname(catalogueOut), { recursive: true });
    await writeFile(catalogueOut, `${JSON.stringify(data.catalogue)}\n`);
    log(`wrote ${catalogueOut}`);
  }
  log(`wrote ${out}/ (model ${manifest.version}, ${weights.byteLength} weight bytes)`);
  model.dispose();
}

main().catch((e: unknown) => {
  if (e instanceof OnlineRetailMissingError) {
    console.error(`train: ${e.message}`);
    process.exit(DATA_MISSING_EXIT);
  }
  console.error(`train: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
