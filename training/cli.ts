/**
 * `npm run train`: simulated (or given) logs -> features -> fit -> evaluate -> models/.
 *
 * With the default seed the output is reproducible: the committed models/ is
 * exactly what this command writes.
 *
 * Usage: npm run train -- [--seed 7] [--shoppers 700] [--sessions 8] [--epochs 2]
 *        [--logs path.jsonl] [--write-logs path.jsonl] [--out models] [--catalogue-out public/catalogue.json]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { BehaviourEvent } from '../src/engine/events/types';
import { formatEventLog, parseEventLog } from '../src/engine/events/log';
import { buildFeatureSpec } from '../src/engine/features/spec';
import { buildTrainingRows } from '../src/engine/learn/dataset';
import { installFastSegmentSum } from '../src/engine/learn/kernels';
import { trainModel } from '../src/engine/learn/trainer';
import { buildModel, isDeviceOnlyWeight } from '../src/engine/model/build';
import { TASK_NAMES, modelInputSizes, validateModelConfig } from '../src/engine/model/config';
import { serializeWeights, sha256Hex, type ModelManifest } from '../src/engine/model/manifest';
import { validateRankingConfig } from '../src/engine/rank/config';
import { generateCatalogue } from '../src/sim/catalogue';
import { Rng } from '../src/sim/random';
import { simulateLogs } from '../src/sim/simulate';
import { evaluate, formatReport, splitByTime } from './evaluate';
import { popularityBaseline } from './baselines';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    shoppers: { type: 'string', default: '450' },
    sessions: { type: 'string', default: '8' },
    epochs: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '512' },
    'learning-rate': { type: 'string', default: '0.003' },
    logs: { type: 'string' },
    'write-logs': { type: 'string' },
    out: { type: 'string', default: 'models' },
    'catalogue-out': { type: 'string', default: 'public/catalogue.json' },
  },
});

function int(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`train: --${name} must be a positive integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const seed = int('seed', args.seed);
const shoppers = int('shoppers', args.shoppers);
const sessions = int('sessions', args.sessions);
const epochs = int('epochs', args.epochs);
const batchSize = int('batch-size', args['batch-size']);
const learningRate = Number(args['learning-rate']);
const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const log = (msg: string): void => console.log(`[${elapsed().padStart(7)}] ${msg}`);

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  installFastSegmentSum();

  const catalogue = generateCatalogue(seed);
  log(`catalogue: ${catalogue.items.length} products in ${catalogue.categories.length} categories, ${catalogue.ads.length} ads`);

  let events: BehaviourEvent[];
  if (args.logs) {
    const parsed = parseEventLog((await readFile(args.logs, 'utf8')).split('\n'));
    events = parsed.events;
    log(`read ${events.length} events from ${args.logs}; ${parsed.malformed} malformed rows skipped`);
    for (const e of parsed.errors.slice(0, 5)) log(`  line ${e.line}: ${e.reason}`);
  } else {
    events = simulateLogs({ seed, catalogue, shoppers, sessionsPerShopper: sessions });
    log(`simulated ${events.length} events for ${shoppers} shoppers`);
  }
  if (args['write-logs']) {
    await writeFile(args['write-logs'], formatEventLog(events));
    log(`wrote the log to ${args['write-logs']}`);
  }

  const spec = buildFeatureSpec(catalogue);
  const rows = buildTrainingRows(events, catalogue, spec);
  const { train, test, cutoff } = splitByTime(rows, 0.8);
  log(`${rows.rows} impressions on ${rows.requests} pages; train ${train.length}, test ${test.length} (after ${new Date(cutoff).toISOString()})`);

  const config = validateModelConfig({ inputs: modelInputSizes(spec), seed });
  const model = buildModel(config);
  const params = [...model.weights.values()].reduce((s, v) => s + v.size, 0);
  log(`model: MMoE, ${config.experts} experts, ${params} parameters; training ${epochs} epochs of ${Math.ceil(train.length / batchSize)} steps`);

  const rng = new Rng(`${seed}/train`);
  const trainStart = performance.now();
  await trainModel(model, rows, spec, {
    epochs,
    batchSize,
    learningRate,
    random: () => rng.next(),
    indices: train,
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

  const metrics = evaluate(model, rows, spec, test, popularityBaseline(rows, train, spec.vocab.tags.length));
  console.log(formatReport(metrics));

  const out = resolve(args.out ?? 'models');
  await mkdir(out, { recursive: true });
  const { modelJson, weights } = await serializeWeights(model);
  const modelJsonBytes = new TextEncoder().encode(modelJson);
  const files = [
    { path: 'model.json', bytes: modelJsonBytes.byteLength, sha256: await sha256Hex(modelJsonBytes) },
    { path: 'weights.bin', bytes: weights.byteLength, sha256: await sha256Hex(weights) },
  ];
  const prices = catalogue.items
    .map((i) => i.price)
    .filter((p): p is number => p !== null)
    .sort((a, b) => a - b);
  const manifest: ModelManifest = {
    format: 1,
    name: 'shop-recommender',
    version: `1.0.0+${files[1]!.sha256.slice(0, 8)}`,
    createdBy: `npm run train -- --seed ${seed} --shoppers ${shoppers} --sessions ${sessions} --epochs ${epochs}${args.logs ? ` --logs ${args.logs}` : ''}`,
    config,
    featureSpec: spec,
    tasks: [...TASK_NAMES],
    ranking: validateRankingConfig({ referencePrice: Math.round(prices[Math.floor(prices.length / 2)] ?? 50) }),
    metrics: { ...metrics, data: { events: events.length, impressions: rows.rows, pages: rows.requests, trainRows: train.length, testRows: test.length } },
    files,
  };
  await writeFile(resolve(out, 'model.json'), modelJsonBytes);
  await writeFile(resolve(out, 'weights.bin'), weights);
  await writeFile(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const catalogueOut = resolve(args['catalogue-out'] ?? 'public/catalogue.json');
  await mkdir(dirname(catalogueOut), { recursive: true });
  await writeFile(catalogueOut, `${JSON.stringify(catalogue)}\n`);
  log(`wrote ${out}/ (model ${manifest.version}, ${weights.byteLength} weight bytes) and ${catalogueOut}`);
  model.dispose();
}

main().catch((e: unknown) => {
  console.error(`train: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
