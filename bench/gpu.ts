/**
 * The engine bench in Node on TF.js-webgpu through Dawn (the `webgpu`
 * package): the same engine code and the same measures as `npm run bench`
 * (`bench/perf/bench-core.ts`, `bench/perf/measure.ts`), for a real GPU.
 * `npm run bench:gpu` (`bench/gpu-run.ts`) bundles this file for a machine
 * without Node modules and runs it; run from the project root (it reads
 * `models/` and `public/catalogue.json`).
 *
 * After the engine bench it probes what limits the figures on this device
 * (`probes` in the results): one read-back's round trip through TF.js and
 * through WebGPU alone, the serving path under other command-submission
 * batch sizes, and a fine-tuning step by batch size and by scope.
 *
 * Options: --reps 30 --seed 2026 --finetune-scope personal --out bench/results-gpu.json --no-probes
 */
import 'fake-indexeddb/auto';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '30' },
    seed: { type: 'string', default: '2026' },
    'finetune-scope': { type: 'string', default: 'personal' },
    out: { type: 'string', default: 'bench/results-gpu.json' },
    'no-probes': { type: 'boolean', default: false },
  },
});

const log = (text: string): void => console.log(`[gpu] ${text}`);

/** Installs Dawn as `navigator.gpu`, before any TF.js backend loads. */
async function installDawn(): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
}

async function main(): Promise<void> {
  await installDawn();
  // Everything that imports TF.js comes after Dawn.
  const tf = await import('@tensorflow/tfjs');
  const { loadModel, memoryFetch } = await import('../src/engine/model/manifest');
  const { readModelFiles } = await import('../src/engine/testing/files');
  const { validateFineTuneConfig } = await import('../src/engine/learn/config');
  const { createPerfBench } = await import('./perf/bench-core');
  const { emptyResult, measureEngine, planFor, attempt, message } = await import('./perf/measure');
  const { probe } = await import('./perf/gpu-probes');
  type Probes = import('./perf/gpu-probes').Probes;
  type Catalogue = import('../src/engine/catalogue/types').Catalogue;

  const reps = Number(args.reps);
  const seed = Number(args.seed);
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be a positive integer');
  const scope = validateFineTuneConfig({ scope: args['finetune-scope'] as 'personal' }).scope;
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter: Dawn found no Vulkan device (on the device machine, source .gpu/setup.sh first)');
  const info = adapter.info;
  const adapterText = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ');
  const emulated = /swiftshader/i.test(adapterText);
  log(`adapter: ${adapterText}${emulated ? ' (SwiftShader: the CPU, not a GPU)' : ''}`);

  const fetch = memoryFetch(await readModelFiles('models/', '/models/'));
  const perf = createPerfBench({
    catalogue: async () => JSON.parse(await readFile('public/catalogue.json', 'utf8')) as Catalogue,
    engineOptions: { modelUrl: '/models/', fetch },
    loadModel: () => loadModel('/models/', fetch),
    status: () => {},
    webglRenderer: () => null,
  });
  const out = emptyResult();
  const plan = planFor('webgpu', reps, Math.min(reps, 5), 1, emulated);
  const started = performance.now();
  await attempt(out, 'engine', () =>
    measureEngine(
      {
        init: async (o) => perf.init(o),
        rank: async (n, r) => perf.rank(n, r),
        naive: async (n, r) => perf.naive(n, r),
        fineTuneSteps: async (rows, r, sc) => perf.fineTuneSteps(rows, r, sc),
        features: async (e, n, r) => perf.features(e, n, r),
        stages: async (n, r) => perf.stages(n, r),
        stepKernels: async (rows, sc) => perf.stepKernels(rows, sc),
        numTensors: async () => perf.numTensors(),
        dispose: async () => perf.dispose(),
      },
      'webgpu',
      plan,
      seed,
      scope,
      out,
      log,
    ),
  );
  if (out.engine && out.engine.backend !== 'webgpu') throw new Error(`asked for webgpu, the engine ran on ${out.engine.backend}`);
  const probes: Probes = { notes: {} };
  const cpu = cpus();
  const result = {
    generatedAt: new Date().toISOString(),
    machine: { cpu: cpu[0]?.model ?? 'unknown CPU', cores: cpu.length, platform: `${process.platform} ${process.arch}`, node: process.version },
    runtime: `Node ${process.version}, TF.js ${tf.version.tfjs} webgpu through Dawn`,
    adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, emulated },
    options: { reps, seed, fineTuneScope: scope },
    backends: { webgpu: out },
    probes,
    wallSeconds: Math.round((performance.now() - started) / 1000),
  };
  const save = async (): Promise<void> => {
    result.wallSeconds = Math.round((performance.now() - started) / 1000);
    await writeFile(args.out, `${JSON.stringify(result, null, 2)}\n`);
  };
  await save();
  if (!args['no-probes'] && out.engine) {
    await probe(tf, perf, plan, seed, probes, log, save).catch((e: unknown) => {
      probes.notes.failed = message(e);
      console.error(`[gpu] probes failed: ${message(e)}`);
    });
    await save();
  }
  const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));
  console.log(`\n${adapterText} (Node, Dawn)`);
  for (const [k, v] of [
    ['score1000_ms', out.score1000_ms],
    ['score_ms 100', out.score_ms[100]],
    ['score_ms 10000', out.score_ms[10000]],
    ['naive_score1000_ms', out.naive_score1000_ms],
    ['speedup_vs_naive', out.speedup_vs_naive],
    ['finetune_step_ms', out.finetune_step_ms],
    ['features_10k_ms', out.features_10k_ms],
  ] as const)
    console.log(`${k.padEnd(22)} ${cell(v)}`);
  for (const [k, v] of Object.entries(out.notes)) console.log(`note ${k}: ${v}`);
  if (out.stages)
    console.log(
      `stages (ms)            profile ${out.stages.profile_ms}, features ${out.stages.features_ms}, device ${out.stages.device_ms}, queued ${out.stages.device_queued_ms}, shader on the GPU ${out.stages.shader_gpu_ms ?? '—'}; ${out.stages.kernels.count} kernels`,
    );
  console.log(`probes                 ${JSON.stringify({ ...probes, notes: undefined })}`);
  for (const [k, v] of Object.entries(probes.notes)) console.log(`probe note ${k}: ${v}`);
  console.log(`\nWritten to ${args.out} in ${result.wallSeconds} s.`);
  if (!out.engine) process.exitCode = 1;
  // Dawn keeps the process alive; the figures are written.
  process.exit();
}

main().catch((e: unknown) => {
  console.error(`bench:gpu: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
