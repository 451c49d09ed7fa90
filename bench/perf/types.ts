/** What the perf bench pages and their driver (`bench/perf.ts`) exchange. */
import type { BackendName } from '../../src/engine/api';
import type { FineTuneConfig } from '../../src/engine/learn/config';

/** Options of {@link PerfPage.init}. */
export interface PerfInit {
  backend: BackendName;
  seed: number;
  /** Products in the bench catalogue: the shop's, then clones; at least the largest candidate count measured. */
  products: number;
  /** Events recorded before timing: the shopper's profile. */
  profileEvents: number;
}

/** What started, as the engine reports it. */
export interface PerfEngine {
  /** The backend the engine runs on (asserted by the driver). */
  backend: BackendName;
  /** GPU adapter from `info().adapter` (WebGPU only). */
  adapter: string | null;
  /** WebGL renderer string (unmasked where the browser allows), or `null` without WebGL. */
  webglRenderer: string | null;
  tfjs: string;
  modelVersion: string;
  /** Products and ads in the bench catalogue. */
  products: number;
  ads: number;
  /** Events stored before timing. */
  storedEvents: number;
  /** Training rows the profile events make (`buildTrainingRows`). */
  trainingRows: number;
}

/** Repetitions of one timed loop. */
export interface Reps {
  /** Untimed runs first (shader compilation, buffer allocation, JIT). */
  warmup: number;
  /** Timed runs. */
  reps: number;
}

/** Wall times of a loop, ms, one per timed run. */
export type Times = number[];

/** Repetitions of the fine-tuning measure. */
export interface FineTuneReps {
  /** Steps of an untimed first round. */
  warmupSteps: number;
  /** Extra steps of the long round of each pair. */
  steps: number;
  pairs: number;
}

/** What {@link PerfPage.fineTuneSteps} measured. */
export interface FineTuneTimes {
  /** One estimate of a step's time per pair, ms. */
  perStep: Times;
  /** Intervals between the ends of consecutive steps (loss read back), ms; for diagnosis. */
  intervals: Times;
  scope: string;
}

/** Kernel dispatches of some work, from `tf.profile`. */
export interface KernelCount {
  count: number;
  byName: Record<string, number>;
  /** The kernels' own time where the backend measures it (WebGPU with timestamp queries), else `null`. */
  kernelMs: number | null;
  /** The same by kernel name, where measured. */
  msByName: Record<string, number> | null;
}

/** What {@link PerfPage.stages} measured, ms. */
export interface StageTimes {
  /** `store.profile()`. */
  profile: Times;
  /** Shopper and candidate features, cache rows (`scorerInputs`). */
  features: Times;
  /** Gather, encoder, scorer and the read-back of the scores (`scoreOnDevice`). */
  device: Times;
  /** The same with `reps` requests queued and one read at the end, per request: the backend's work without waiting for each answer. */
  deviceQueuedPerRequest: number;
  /** The dispatches of one `scoreOnDevice`. */
  kernels: KernelCount;
  /** Where the scorer is one WebGPU shader: its time on the GPU (timestamp queries), ms per run; else `null`. */
  shaderGpuMs: Times | null;
}

/** The in-page engine bench, `window.perf` (bench/perf/index.html). */
export interface PerfPage {
  /** Builds the bench catalogue, starts `createRecommender` on one backend and records the profile. */
  init(o: PerfInit): Promise<PerfEngine>;
  /** `recommender.rank()` over the first `candidates` products. */
  rank(candidates: number, r: Reps): Promise<Times>;
  /** The naive path over the same candidates: the shopper encoder tiled per candidate, no broadcast, no cache. */
  naive(candidates: number, r: Reps): Promise<Times>;
  /**
   * Optimiser steps of `FineTuner.round` on `rows`-row batches: `pairs` times,
   * a round of 1 step and a round of `1 + steps` steps.
   * @param scope - what learns; the engine's default when left out.
   * @returns one per-step time per pair ((long - short) / steps) and the
   *   step-to-step intervals of the long rounds, or the reason the backend cannot train.
   */
  fineTuneSteps(rows: number, r: FineTuneReps, scope?: FineTuneConfig['scope']): Promise<FineTuneTimes | { error: string; scope: string }>;
  /** Profile read from IndexedDB + shopper and candidate features, with `events` stored events. */
  features(events: number, candidates: number, r: Reps): Promise<Times>;
  /**
   * The serving path of one rerank in parts, with the second copy of the
   * model: the profile read, the features (JS), the backend's work with its
   * one read-back, and the backend's work alone (many requests queued, one read).
   */
  stages(candidates: number, r: Reps): Promise<StageTimes>;
  /** The kernels one fine-tuning step dispatches (a round of two steps less a round of one). */
  stepKernels(rows: number, scope?: FineTuneConfig['scope']): Promise<KernelCount>;
  /** `tf.memory().numTensors`, to catch a bench that leaks. */
  numTensors(): number;
  dispose(): Promise<void>;
}

/** Options of {@link WorkerPerfPage.init}. */
export interface WorkerPerfInit {
  backend: BackendName;
  /** `worker` (`createWorkerRecommender`, as the shop) or `page` (`createRecommender`, the contrast). */
  host: 'worker' | 'page';
  seed: number;
  profileEvents: number;
}

/** What {@link WorkerPerfPage.drive} did. */
export interface WorkerDrive {
  /** `performance.now()` of the page at the start and the end. */
  startedAt: number;
  endedAt: number;
  reranks: number;
  /** Fine-tuning rounds that ran (accepted or rolled back). */
  rounds: number;
  fineTuneMode: string;
  lastError: string | null;
}

/** The worker-engine bench, `window.perfWorker` (bench/perf/worker/index.html, built for production). */
export interface WorkerPerfPage {
  /** Starts the engine on one backend in the worker or the page and records the profile. */
  init(o: WorkerPerfInit): Promise<{ backend: BackendName; adapter: string | null }>;
  /**
   * `rounds` times: `reranksPerRound` reranks (each recording its impressions
   * and a click), then `fineTune()`. The main thread only posts messages.
   * @returns when it ran (`performance.now()` of the page) and what ran.
   */
  drive(rounds: number, reranksPerRound: number): Promise<WorkerDrive>;
  dispose(): Promise<void>;
}
