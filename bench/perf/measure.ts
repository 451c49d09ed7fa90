/**
 * What the engine benches share, in the browser (`bench/perf.ts`) and on a GPU
 * in Node (`bench/gpu.ts`): the plan per backend, the result record, the
 * engine measures over {@link PerfCalls} and their summary statistics.
 */
import type { BackendName } from '../../src/engine/api';
import type { FineTuneConfig } from '../../src/engine/learn/config';
import { quantile } from '../ranking-metrics';
import type { KernelCount, PerfEngine, PerfPage, Reps, Times } from './types';

/** Candidate counts of `score_ms`. */
export const SIZES = [100, 1_000, 10_000] as const;
/** Events recorded before timing: the shopper's profile. */
export const PROFILE_EVENTS = 500;
/** Rows of a fine-tuning step. */
export const FINETUNE_ROWS = 256;
/** Pairs of fine-tuning rounds (1 step, 1 + n steps) whose difference times a step. */
export const FINETUNE_PAIRS = 3;
/** Stored events behind `features_10k_ms`. */
export const FEATURE_EVENTS = 10_000;

/** The bench's methods as asynchronous calls: direct in Node, through `page.evaluate` in a browser. */
export type PerfCalls = { [K in keyof PerfPage]: (...args: Parameters<PerfPage[K]>) => Promise<Awaited<ReturnType<PerfPage[K]>>> };

/** How hard to push one backend. */
export interface Plan {
  reps: number;
  /** Reps at 10,000 candidates, or why 10k is skipped. */
  reps10k: number | string;
  fineTuneSteps: number;
  /** Long-task rounds (each `RERANKS_PER_ROUND` reranks and a fine-tune round). */
  rounds: number;
}

/**
 * The plan of one backend. WebGPU on SwiftShader (`emulated`) runs on the CPU,
 * about 100x slower than wasm: fewer reps and no 10k candidates.
 */
export function planFor(backend: BackendName, reps: number, webgpuReps: number, rounds: number, emulated = true): Plan {
  if (backend === 'webgpu' && emulated)
    return {
      reps: webgpuReps,
      reps10k: 'skipped on WebGPU: SwiftShader runs it on the CPU, about 100x slower than wasm',
      fineTuneSteps: webgpuReps,
      rounds: Math.max(1, Math.round(rounds / 5)),
    };
  return { reps, reps10k: Math.max(5, Math.round(reps / 3)), fineTuneSteps: reps, rounds };
}

/** Median and spread of a set of wall times, ms, with the times in run order. */
export interface Summary {
  median: number;
  p10: number;
  p90: number;
  n: number;
  times: number[];
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const summarise = (xs: Times): Summary => ({
  median: round2(quantile(xs, 0.5)),
  p10: round2(quantile(xs, 0.1)),
  p90: round2(quantile(xs, 0.9)),
  n: xs.length,
  times: xs.map((x) => Math.round(x * 10) / 10),
});

/** Main-thread long tasks over one drive of reranks and fine-tune rounds. */
export interface LongTasks {
  /** Tasks over 50 ms. */
  count: number;
  reranks: number;
  rounds: number;
  longestMs: number;
  totalMs: number;
  /** Wall time of the drive. */
  windowMs: number;
  fineTuneMode: string;
}

/** Everything measured on one backend; a figure is `null` when it could not be measured, with the reason in `notes`. */
export interface BackendResult {
  engine: PerfEngine | null;
  score1000_ms: number | null;
  score_ms: Record<string, number | null>;
  naive_score1000_ms: number | null;
  /** naive / engine at 1000 candidates. */
  speedup_vs_naive: number | null;
  finetune_step_ms: number | null;
  finetune_scope: string | null;
  features_10k_ms: number | null;
  cold_start_ms: number | null;
  long_tasks_over_50ms: number | null;
  /** The drive behind `long_tasks_over_50ms` (engine in its worker) and the contrast with the engine in the page. */
  long_tasks: { worker: LongTasks | null; page: LongTasks | null };
  /** One rerank of 1,000 in parts (medians, ms), and its dispatches. */
  stages: {
    profile_ms: number;
    features_ms: number;
    /** Gather, encoder, scorer and the one read-back. */
    device_ms: number;
    /** The backend's work per request with many queued and one read. */
    device_queued_ms: number;
    kernels: KernelCount;
    /** The scorer shader's time on the GPU (WebGPU with timestamp queries), median. */
    shader_gpu_ms: number | null;
  } | null;
  /** The kernels of one fine-tuning step. */
  finetune_step_kernels: KernelCount | null;
  samples: Record<string, Summary>;
  notes: Record<string, string>;
  numTensors: { afterInit: number; end: number } | null;
}

export const emptyResult = (): BackendResult => ({
  engine: null,
  score1000_ms: null,
  score_ms: {},
  naive_score1000_ms: null,
  speedup_vs_naive: null,
  finetune_step_ms: null,
  finetune_scope: null,
  features_10k_ms: null,
  cold_start_ms: null,
  long_tasks_over_50ms: null,
  long_tasks: { worker: null, page: null },
  stages: null,
  finetune_step_kernels: null,
  samples: {},
  notes: {},
  numTensors: null,
});

export const message = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

/**
 * The engine measures of one backend, through the bench's calls (in a page or in Node).
 * @param perf - the bench, started on nothing yet; it is disposed at the end.
 */
export async function measureEngine(
  perf: PerfCalls,
  backend: BackendName,
  plan: Plan,
  seed: number,
  scope: FineTuneConfig['scope'],
  out: BackendResult,
  log: (text: string) => void,
): Promise<void> {
  const products = typeof plan.reps10k === 'number' ? SIZES.at(-1)! : SIZES.at(-2)!;
  const engine = await perf.init({ backend, seed, products, profileEvents: PROFILE_EVENTS });
  if (engine.backend !== backend) throw new Error(`asked for ${backend}, the engine runs on ${engine.backend}`);
  out.engine = engine;
  const afterInit = await perf.numTensors();
  log(`${backend}: engine up (${engine.products} products, ${engine.storedEvents} events, adapter ${engine.adapter ?? engine.webglRenderer ?? '—'})`);
  const note = (key: string, xs: Times): number => {
    out.samples[key] = summarise(xs);
    return round2(out.samples[key].median);
  };
  for (const n of SIZES) {
    const reps = n === 10_000 ? plan.reps10k : plan.reps;
    if (typeof reps === 'string') {
      out.score_ms[n] = null;
      out.notes[`score_ms.${n}`] = reps;
      continue;
    }
    const r: Reps = { warmup: n === 10_000 ? 2 : 5, reps };
    out.score_ms[n] = note(`score_${n}`, await perf.rank(n, r));
    log(`${backend}: rank ${n} → ${out.score_ms[n]} ms`);
  }
  out.score1000_ms = out.score_ms[1000] ?? null;
  out.naive_score1000_ms = note('naive_1000', await perf.naive(1_000, { warmup: 3, reps: plan.reps }));
  if (out.score1000_ms) out.speedup_vs_naive = round2(out.naive_score1000_ms / out.score1000_ms);
  log(`${backend}: naive 1000 → ${out.naive_score1000_ms} ms`);
  const st = await perf.stages(1_000, { warmup: 3, reps: plan.reps });
  out.stages = {
    profile_ms: note('stage_profile', st.profile),
    features_ms: note('stage_features', st.features),
    device_ms: note('stage_device', st.device),
    device_queued_ms: round2(st.deviceQueuedPerRequest),
    kernels: st.kernels,
    shader_gpu_ms: st.shaderGpuMs ? note('stage_shader_gpu', st.shaderGpuMs) : null,
  };
  if (backend === 'webgpu') out.notes['stages.kernels'] = 'the scorer is one WebGPU compute shader, which tf.profile does not list: add one dispatch';
  log(
    `${backend}: a rerank of 1000 in parts → profile ${out.stages.profile_ms}, features ${out.stages.features_ms}, backend + read-back ${out.stages.device_ms} (queued ${out.stages.device_queued_ms}) ms; ${st.kernels.count} kernels${out.stages.shader_gpu_ms === null ? '' : `; the shader ${out.stages.shader_gpu_ms} ms on the GPU`}`,
  );
  const ftReps = { warmupSteps: 3, steps: plan.fineTuneSteps, pairs: FINETUNE_PAIRS };
  const ft = await perf.fineTuneSteps(FINETUNE_ROWS, ftReps, scope);
  out.finetune_scope = ft.scope;
  if ('error' in ft) {
    out.notes.finetune_step_ms = `cannot train on ${backend} (scope ${ft.scope}): ${ft.error}`;
    log(`${backend}: fine-tune step → ${out.notes.finetune_step_ms}`);
  } else {
    out.finetune_step_ms = note('finetune_step', ft.perStep);
    out.samples.finetune_step_intervals = summarise(ft.intervals);
    log(`${backend}: fine-tune step (${FINETUNE_ROWS} rows, scope ${ft.scope}) → ${out.finetune_step_ms} ms`);
    out.finetune_step_kernels = await perf.stepKernels(FINETUNE_ROWS, scope);
    log(`${backend}: a fine-tune step dispatches ${out.finetune_step_kernels.count} kernels`);
  }
  out.features_10k_ms = note('features_10k', await perf.features(FEATURE_EVENTS, 1_000, { warmup: 3, reps: plan.reps }));
  log(`${backend}: features with ${FEATURE_EVENTS} events → ${out.features_10k_ms} ms`);
  out.numTensors = { afterInit, end: await perf.numTensors() };
  await perf.dispose();
}

/** Runs one measure; a failure becomes a note and a `null` figure, not the end of the run. */
export async function attempt(out: BackendResult, key: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    out.notes[key] = message(e);
    console.error(`[perf] ${key} failed: ${message(e)}`);
  }
}
