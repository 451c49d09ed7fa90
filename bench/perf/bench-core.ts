/**
 * The engine bench: the real engine on one backend, plus the naive scoring
 * path, the fine-tuning step and the feature code measured beside it. Every
 * method returns wall times in ms and leaves the statistics to the driver.
 * A host supplies what differs between the browser page (`page.ts`, driven by
 * `bench/perf.ts`) and Node on a GPU through Dawn (`bench/gpu.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import type { EventInput, RankRequest, Recommender } from '../../src/engine/api';
import type { Catalogue } from '../../src/engine/catalogue/types';
import type { BehaviourEvent } from '../../src/engine/events/types';
import { CANDIDATE_DENSE_FIELDS, FeatureEncoder, type Candidate } from '../../src/engine/features/encode';
import { validateFineTuneConfig, type FineTuneConfig } from '../../src/engine/learn/config';
import { buildTrainingRows, type TrainingRows } from '../../src/engine/learn/dataset';
import { FineTuner, type FeedbackSplit } from '../../src/engine/learn/finetune';
import { ItemSideCache } from '../../src/engine/model/item-cache';
import type { LoadedModel } from '../../src/engine/model/manifest';
import { fusedScorerApplies } from '../../src/engine/model/fused-scorer';
import { fusedScoreTensor, scoreOnDevice, scoreTensor, scorerInputs, type ScorerInputs } from '../../src/engine/model/serve';
import { createRecommender, type RecommenderOptions } from '../../src/engine/recommender';
import { openBehaviourStore, type BehaviourStore } from '../../src/engine/storage/store';
import { Rng } from '../../src/sim/random';
import type { KernelCount, PerfEngine, PerfInit, PerfPage, Reps, Times } from './types';
import { growCatalogue, shopperHistory } from './workload';

/** What the bench needs from where it runs. */
export interface PerfHost {
  /** The shop's catalogue. */
  catalogue(): Promise<Catalogue>;
  /** How the engine finds its model and wasm files. */
  engineOptions: Pick<RecommenderOptions, 'modelUrl' | 'fetch' | 'wasmPaths'>;
  /** A second copy of the shipped model (the naive path and fine-tuning). */
  loadModel(): Promise<LoadedModel>;
  /** Shows progress. */
  status(text: string): void;
  /** The WebGL renderer string, or `null` without WebGL. */
  webglRenderer(): string | null;
}

/** The grid of a home page, as the shop lays it out. */
const LAYOUT = { productSlots: 24, adPositions: [3, 12, 21] };
/** Events per `append` while writing a long history. */
const WRITE_BATCH = 1_000;

interface Started {
  options: PerfInit;
  base: Catalogue;
  catalogue: Catalogue;
  engine: Recommender;
  /** A second copy of the shipped model for the naive path and fine-tuning. */
  loaded: LoadedModel;
  encoder: FeatureEncoder;
  /** The same profile events as the engine's, in a store of their own, for the naive path. */
  store: BehaviourStore;
  rows: TrainingRows;
}

const asStored = (events: readonly EventInput[], now: number): BehaviourEvent[] => events.map((e) => ({ ...e, ts: e.ts ?? now, shopper: 'local' }));

/** Runs `once` warm-up + reps times and returns the timed runs' wall times. */
async function timed(r: Reps, once: () => Promise<unknown>): Promise<Times> {
  const times: Times = [];
  for (let i = 0; i < r.warmup + r.reps; i++) {
    const t = performance.now();
    await once();
    if (i >= r.warmup) times.push(performance.now() - t);
  }
  return times;
}

/** The first `n` products and every ad, as the engine scores a request. */
function candidatesOf(s: Started, n: number): Candidate[] {
  const byId = new Map(s.catalogue.items.map((i) => [i.id, i]));
  return [...s.catalogue.items.slice(0, n).map((item) => ({ item })), ...s.catalogue.ads.map((ad) => ({ item: byId.get(ad.itemId)!, ad }))];
}

/** The kernels `work` dispatches, by name, and their time where the backend measures it. */
async function countKernels(work: () => Promise<unknown>): Promise<KernelCount> {
  const info = await tf.profile(async () => {
    await work();
  });
  const byName: Record<string, number> = {};
  const msByName: Record<string, number> = {};
  let timed = true;
  for (const k of info.kernels) {
    byName[k.name] = (byName[k.name] ?? 0) + 1;
    if (typeof k.kernelTimeMs === 'number') msByName[k.name] = (msByName[k.name] ?? 0) + k.kernelTimeMs;
    else timed = false;
  }
  const kernelMs = timed ? Object.values(msByName).reduce((a, b) => a + b, 0) : null;
  return { count: info.kernels.length, byName, kernelMs, msByName: timed ? msByName : null };
}

/** The scorer shader's GPU time per run (timestamp queries), where the scorer is one shader and the backend times it. */
async function shaderGpuTimes(model: LoadedModel['model'], cache: ItemSideCache, inputs: ScorerInputs): Promise<Times | null> {
  if (!fusedScorerApplies()) return null;
  const pack = await cache.scorerPack(model, CANDIDATE_DENSE_FIELDS.length);
  const times: Times = [];
  for (let i = 0; i < 12; i++) {
    const made: tf.Tensor[] = [];
    const info = await tf.time(() => void made.push(fusedScoreTensor(pack, inputs)));
    await made[0]?.data();
    tf.dispose(made);
    if (i >= 2 && typeof info.kernelMs === 'number') times.push(info.kernelMs);
  }
  return times.length > 0 ? times : null;
}

/** `b` less `a`, kernel by kernel. */
function kernelsBetween(a: KernelCount, b: KernelCount): KernelCount {
  const byName: Record<string, number> = { ...b.byName };
  for (const [name, n] of Object.entries(a.byName)) byName[name] = (byName[name] ?? 0) - n;
  for (const name of Object.keys(byName)) if (byName[name] === 0) delete byName[name];
  let msByName: Record<string, number> | null = null;
  if (a.msByName && b.msByName) {
    msByName = { ...b.msByName };
    for (const [name, ms] of Object.entries(a.msByName)) msByName[name] = (msByName[name] ?? 0) - ms;
  }
  return { count: b.count - a.count, byName, kernelMs: a.kernelMs === null || b.kernelMs === null ? null : b.kernelMs - a.kernelMs, msByName };
}

/**
 * One `FineTuner.round` of `steps` steps on the bench's rows, as the engine
 * runs it (the newest two pages held back to judge): its wall time (judge,
 * steps, judge) and the intervals between its steps' ends. The weights go
 * back to the shipped ones after each round.
 */
function fineTuneRounds(s: Started, batchRows: number, scope: FineTuneConfig['scope']): (steps: number) => Promise<{ ms: number; intervals: Times }> {
  const { rows } = s;
  const lastPages = new Set([rows.requests - 1, rows.requests - 2]);
  const train: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < rows.rows; i++) (lastPages.has(rows.rowRequest[i]!) ? held : train).push(i);
  const split: FeedbackSplit = { recent: Int32Array.from(train), older: new Int32Array(0), heldOut: Int32Array.from(held) };
  const rng = new Rng(s.options.seed).fork('perf-finetune');
  const random = (): number => rng.next();
  return async (steps) => {
    const tuner = new FineTuner(s.loaded.model, s.loaded.manifest.featureSpec, validateFineTuneConfig({ batchSize: batchRows, stepsPerRound: steps, scope }));
    const ends: number[] = [];
    try {
      const t = performance.now();
      await tuner.round(rows, split, random, Date.now, () => ends.push(performance.now()));
      return { ms: performance.now() - t, intervals: ends.slice(1).map((e, i) => e - ends[i]!) };
    } finally {
      tuner.restoreShipped();
      tuner.dispose();
    }
  };
}

async function writeHistory(store: BehaviourStore, events: readonly BehaviourEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += WRITE_BATCH) await store.append(events.slice(i, i + WRITE_BATCH));
}

/**
 * The bench on a host.
 * @example const perf = createPerfBench(browserHost); await perf.init({ backend: 'wasm', seed: 1, products: 1000, profileEvents: 500 });
 */
export function createPerfBench(host: PerfHost): PerfPage {
  let started: Started | null = null;
  const stores: BehaviourStore[] = [];
  const ready = (): Started => {
    if (!started) throw new Error('call perf.init() first');
    return started;
  };
  const status = (text: string): void => host.status(text);
  return {
    async init(o) {
      const base = await host.catalogue();
      const catalogue = growCatalogue(base, o.products);
      const stamp = Date.now();
      status(`starting the engine on ${o.backend}`);
      const engine = await createRecommender({
        catalogue,
        ...host.engineOptions,
        backends: [o.backend],
        dbName: `perf-${o.backend}-${stamp}`,
        fineTune: false,
      });
      const history = shopperHistory(base, o.profileEvents, o.seed, Date.now());
      await engine.recordMany(history.events);
      const loaded = await host.loadModel();
      const spec = loaded.manifest.featureSpec;
      const encoder = new FeatureEncoder(spec, catalogue);
      const store = await openBehaviourStore({ name: `perf-naive-${stamp}`, spec, lookup: (id) => encoder.item(id) });
      stores.push(store);
      const stored = asStored(history.events, Date.now());
      await writeHistory(store, stored);
      const rows = buildTrainingRows(stored, catalogue, spec);
      started = { options: o, base, catalogue, engine, loaded, encoder, store, rows };
      const info = engine.info();
      status(`ready on ${info.backend}`);
      const result: PerfEngine = {
        backend: info.backend,
        adapter: info.adapter,
        webglRenderer: info.backend === 'webgl' ? host.webglRenderer() : null,
        tfjs: tf.version.tfjs,
        modelVersion: info.modelVersion,
        products: catalogue.items.length,
        ads: catalogue.ads.length,
        storedEvents: (await engine.dataSummary()).events,
        trainingRows: rows.rows,
      };
      return result;
    },

    async rank(n, r) {
      const s = ready();
      const request: RankRequest = { page: 'home', candidates: s.catalogue.items.slice(0, n).map((i) => i.id), ...LAYOUT };
      status(`rank ${n}`);
      return timed(r, async () => {
        const page = await s.engine.rank(request);
        if (!page.ranked) throw new Error('the engine answered with the default order: it is paused or failed');
      });
    },

    async naive(n, r) {
      const s = ready();
      const { model, manifest } = s.loaded;
      const spec = manifest.featureSpec;
      const R = spec.recentLength;
      const candidates = candidatesOf(s, n);
      status(`naive ${n}`);
      return timed(r, async () => {
        const profile = await s.store.profile();
        const shopper = s.encoder.shopper(profile, { now: Date.now(), page: 'home' });
        const c = s.encoder.candidates(profile, candidates);
        const N = c.count;
        const Ds = shopper.dense.length;
        // The shopper's inputs copied once per candidate, as a training batch holds them.
        const recentItems = new Int32Array(N * R);
        const recentTypes = new Int32Array(N * R);
        const dense = new Float32Array(N * Ds);
        for (let k = 0; k < N; k++) {
          recentItems.set(shopper.recentItems, k * R);
          recentTypes.set(shopper.recentTypes, k * R);
          dense.set(shopper.dense, k * Ds);
        }
        const outs = tf.tidy(() => {
          const enc = model.encode({
            recentItems: tf.tensor2d(recentItems, [N, R], 'int32'),
            recentTypes: tf.tensor2d(recentTypes, [N, R], 'int32'),
            shopper: tf.tensor2d(dense, [N, Ds]),
          });
          const out = model.score(enc.vector, {
            item: tf.tensor1d(c.item, 'int32'),
            attrs: tf.tensor2d(c.attrs, [N, 4], 'int32'),
            title: tf.tensor2d(c.title, [N, spec.titleTokens], 'int32'),
            candidate: tf.tensor2d(c.dense, [N, c.dense.length / N]),
          });
          return [tf.sigmoid(out.clickLogit), out.purchase, tf.sigmoid(out.adClickLogit)];
        });
        try {
          await Promise.all(outs.map((t) => t.data()));
        } finally {
          tf.dispose(outs);
        }
      });
    },

    async fineTuneSteps(batchRows, r, asked) {
      const s = ready();
      // By default the engine's default scope: what a device fine-tunes unless told otherwise.
      const scope = validateFineTuneConfig(asked ? { scope: asked } : {}).scope;
      const round = fineTuneRounds(s, batchRows, scope);
      status(`fine-tune steps of ${batchRows} rows`);
      try {
        // The first round compiles and allocates.
        await round(r.warmupSteps);
        const perStep: Times = [];
        const intervals: Times = [];
        for (let p = 0; p < r.pairs; p++) {
          // On a GPU backend a step returns once its work is queued (the engine reads
          // the loss back once per round), so step-to-step intervals mislead; the
          // difference of two round lengths does not: judging, set-up and the
          // round's read-back cancel, and the steps' whole work stays.
          const short = await round(1);
          const long = await round(1 + r.steps);
          perStep.push((long.ms - short.ms) / r.steps);
          intervals.push(...long.intervals);
        }
        return { perStep, intervals, scope };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e), scope };
      }
    },

    async features(events, n, r) {
      const s = ready();
      const store = await openBehaviourStore({ name: `perf-features-${Date.now()}`, spec: s.loaded.manifest.featureSpec, lookup: (id) => s.encoder.item(id) });
      stores.push(store);
      status(`writing ${events} events`);
      await writeHistory(store, asStored(shopperHistory(s.base, events, s.options.seed + 1, Date.now(), 60).events, Date.now()));
      const stored = await store.count();
      if (stored < events * 0.95) throw new Error(`the features store holds ${stored} events, expected about ${events}`);
      const candidates = candidatesOf(s, n);
      status(`features with ${stored} events`);
      return timed(r, async () => {
        const profile = await store.profile();
        s.encoder.shopper(profile, { now: Date.now(), page: 'home' });
        s.encoder.candidates(profile, candidates);
      });
    },

    async stages(n, r) {
      const s = ready();
      const { model, manifest } = s.loaded;
      const spec = manifest.featureSpec;
      const cache = new ItemSideCache(s.catalogue, s.encoder, spec);
      const candidates = candidatesOf(s, n);
      const ctx = { now: Date.now(), page: 'home' as const };
      status(`stages of a rerank of ${n}`);
      let profile = await s.store.profile();
      const profileTimes = await timed(r, async () => (profile = await s.store.profile()));
      let inputs = scorerInputs(cache, s.encoder, profile, ctx, candidates);
      const features = await timed(r, async () => (inputs = scorerInputs(cache, s.encoder, profile, ctx, candidates)));
      const device = await timed(r, () => scoreOnDevice(model, cache, spec, inputs));
      const queued: tf.Tensor[] = [];
      try {
        const t = performance.now();
        for (let i = 0; i < r.reps; i++) queued.push(await scoreTensor(model, cache, spec, inputs));
        await queued.at(-1)!.data();
        const deviceQueuedPerRequest = (performance.now() - t) / r.reps;
        const kernels = await countKernels(() => scoreOnDevice(model, cache, spec, inputs));
        return { profile: profileTimes, features, device, deviceQueuedPerRequest, kernels, shaderGpuMs: await shaderGpuTimes(model, cache, inputs) };
      } finally {
        tf.dispose(queued);
        cache.release();
      }
    },

    async stepKernels(batchRows, asked) {
      const s = ready();
      const round = fineTuneRounds(s, batchRows, validateFineTuneConfig(asked ? { scope: asked } : {}).scope);
      await round(2);
      return kernelsBetween(await countKernels(() => round(1)), await countKernels(() => round(2)));
    },

    numTensors() {
      return tf.memory().numTensors;
    },

    async dispose() {
      for (const store of stores.splice(0)) store.close();
      if (!started) return;
      await started.engine.dispose();
      started.loaded.model.dispose();
      started = null;
    },
  };
}
