/**
 * What limits the engine on a GPU (`npm run bench:gpu`, after the engine
 * bench): the round trip of one read-back, through TF.js and through WebGPU
 * alone; the serving path under other command-submission batch sizes and
 * without TF.js's CPU forwarding of small ops; a fine-tuning step by batch
 * size and by what learns.
 */
import type * as TF from '@tensorflow/tfjs';
import type { FineTuneConfig } from '../../src/engine/learn/config';
import { FINETUNE_PAIRS, FINETUNE_ROWS, PROFILE_EVENTS, message, round2, summarise, type Plan } from './measure';
import type { PerfPage, Times } from './types';

/** A variant of TF.js's WebGPU settings and the serving path's figures under it, ms (medians). */
export interface SettingsProbe {
  flags: Record<string, number | boolean>;
  rank1000_ms: number;
  device_ms: number;
  device_queued_ms: number;
}

export interface Probes {
  /** One read-back, ms (median of 50): a small TF.js op and its `data()`, and a WebGPU buffer copy and `mapAsync` alone. */
  readback?: { tfjsOp_ms: number; webgpuCopyMap_ms: number | null };
  settings?: SettingsProbe[];
  /** Per-step ms of the default scope by batch rows, or why it failed. */
  finetuneByRows?: Record<string, number | string>;
  /** Per-step ms at {@link FINETUNE_ROWS} rows and the kernels of a step, by scope. */
  finetuneByScope?: Record<string, { step_ms: number; kernels: number } | string>;
  notes: Record<string, string>;
}

/** The WebGPU settings tried; the first is TF.js's default. */
const SETTINGS: Record<string, number | boolean>[] = [
  { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 15, WEBGPU_CPU_FORWARD: true },
  { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 1, WEBGPU_CPU_FORWARD: true },
  { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 100, WEBGPU_CPU_FORWARD: true },
  { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 15, WEBGPU_CPU_FORWARD: false },
];

const median = (xs: Times): number => summarise(xs).median;

async function timeLoop(n: number, once: () => Promise<unknown>): Promise<number> {
  const times: Times = [];
  for (let i = 0; i < n + 10; i++) {
    const t = performance.now();
    await once();
    if (i >= 10) times.push(performance.now() - t);
  }
  return median(times);
}

/** The WebGPU device under TF.js's backend, where the backend exposes it. */
function deviceOf(tf: typeof TF): GPUDevice | null {
  const backend = tf.backend() as unknown as { device?: GPUDevice };
  return backend.device ?? null;
}

async function readback(tf: typeof TF): Promise<NonNullable<Probes['readback']>> {
  // 4,096 values: over TF.js's threshold for running small ops on the CPU.
  const x = tf.fill([4096], 1);
  try {
    const tfjsOp_ms = await timeLoop(50, async () => {
      const y = tf.add(x, 1);
      try {
        await y.data();
      } finally {
        y.dispose();
      }
    });
    const device = deviceOf(tf);
    if (!device) return { tfjsOp_ms, webgpuCopyMap_ms: null };
    const src = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const dst = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const webgpuCopyMap_ms = await timeLoop(50, async () => {
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(src, 0, dst, 0, 16);
        device.queue.submit([encoder.finish()]);
        await dst.mapAsync(GPUMapMode.READ);
        dst.unmap();
      });
      return { tfjsOp_ms, webgpuCopyMap_ms };
    } finally {
      src.destroy();
      dst.destroy();
    }
  } finally {
    x.dispose();
  }
}

/**
 * Runs the probes on a bench not started yet (it is started and disposed
 * here), saving after each so a run cut short keeps what it measured.
 */
export async function probe(
  tf: typeof TF,
  perf: PerfPage,
  plan: Plan,
  seed: number,
  out: Probes,
  log: (text: string) => void,
  save: () => Promise<void>,
): Promise<void> {
  out.readback = await readback(tf);
  log(`probe: read-back ${JSON.stringify(out.readback)}`);
  await save();
  await perf.init({ backend: 'webgpu', seed, products: 1_000, profileEvents: PROFILE_EVENTS });
  try {
    const reps = { warmup: 3, reps: plan.reps };
    const defaults = Object.fromEntries(Object.keys(SETTINGS[0]!).map((k) => [k, tf.env().get(k) as number | boolean]));
    out.settings = [];
    try {
      for (const flags of SETTINGS) {
        for (const [k, v] of Object.entries(flags)) tf.env().set(k, v);
        const rank1000_ms = median(await perf.rank(1_000, reps));
        const st = await perf.stages(1_000, reps);
        out.settings.push({ flags, rank1000_ms, device_ms: median(st.device), device_queued_ms: round2(st.deviceQueuedPerRequest) });
        log(`probe: ${JSON.stringify(out.settings.at(-1))}`);
        await save();
      }
    } finally {
      for (const [k, v] of Object.entries(defaults)) tf.env().set(k, v);
    }
    const steps = Math.max(3, Math.round(plan.fineTuneSteps / 2));
    const ftReps = { warmupSteps: 3, steps, pairs: FINETUNE_PAIRS };
    out.finetuneByRows = {};
    for (const rows of [64, 1024]) {
      const ft = await perf.fineTuneSteps(rows, ftReps);
      out.finetuneByRows[rows] = 'error' in ft ? ft.error : median(ft.perStep);
      log(`probe: fine-tune step of ${rows} rows → ${out.finetuneByRows[rows]}`);
      await save();
    }
    out.finetuneByScope = {};
    for (const scope of ['heads', 'all'] as FineTuneConfig['scope'][]) {
      try {
        const ft = await perf.fineTuneSteps(FINETUNE_ROWS, ftReps, scope);
        if ('error' in ft) throw new Error(ft.error);
        const kernels = await perf.stepKernels(FINETUNE_ROWS, scope);
        out.finetuneByScope[scope] = { step_ms: median(ft.perStep), kernels: kernels.count };
      } catch (e) {
        out.finetuneByScope[scope] = message(e);
      }
      log(`probe: fine-tune step, scope ${scope} → ${JSON.stringify(out.finetuneByScope[scope])}`);
      await save();
    }
  } finally {
    await perf.dispose();
  }
}
