/**
 * `npm run bench:gpu`: bundles `bench/gpu.ts` (the engine bench on
 * TF.js-webgpu through Dawn) into one ES module, then runs it here and adds
 * its figures to `bench/results.json` under `nodeWebgpu`.
 *
 * Without an NVIDIA Vulkan driver the run uses SwiftShader (the CPU; the
 * figures then say nothing about a GPU, and the results say `emulated`).
 * For a machine with a GPU but no Node modules, `--bundle-only` leaves the
 * bundle in `bench/.gpu-bundle/` and prints the steps of `../shared/gpu/README.md`.
 *
 * `--merge FILE` adds a `results-gpu.json` brought back from such a machine
 * to `bench/results.json` instead of running anything.
 *
 * Options: --bundle-only --merge FILE --reps 30 --seed 2026
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values: args } = parseArgs({
  options: {
    'bundle-only': { type: 'boolean', default: false },
    merge: { type: 'string' },
    reps: { type: 'string', default: '30' },
    seed: { type: 'string', default: '2026' },
  },
});

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, 'bench/.gpu-bundle');
const BUNDLE = join(OUT_DIR, 'bench-gpu.mjs');
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const NVIDIA_ICDS = ['/usr/share/vulkan/icd.d/nvidia_icd.json', '/etc/vulkan/icd.d/nvidia_icd.json', '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'];
/** tfjs's wasm loader needs CommonJS's `require` and `__dirname` in an ES module. */
const BANNER =
  "import {createRequire as __cr} from 'module'; import {fileURLToPath as __fu} from 'url'; import {dirname as __dn} from 'path'; " +
  'const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);';

async function bundle(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'bench/gpu.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: BANNER },
    logLevel: 'warning',
  });
  // Dawn's loader looks for its addon in dist/<platform>-<arch>/ beside the bundle.
  const dawn = join(ROOT, 'node_modules/webgpu/dist/linux-x64/dawn.node');
  if (!existsSync(dawn)) throw new Error(`${dawn} is missing: run npm ci (the webgpu package ships it)`);
  await mkdir(join(OUT_DIR, 'dist/linux-x64'), { recursive: true });
  await copyFile(dawn, join(OUT_DIR, 'dist/linux-x64/dawn.node'));
  console.log(`[gpu] bundled ${BUNDLE}`);
}

function run(env: NodeJS.ProcessEnv, out: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BUNDLE, '--reps', args.reps!, '--seed', args.seed!, '--out', out], { cwd: ROOT, env, stdio: 'inherit' });
    child.on('close', (code) => done(code ?? 1));
  });
}

/** Adds a GPU run's figures to `bench/results.json` under `nodeWebgpu`. */
async function mergeResults(file: string): Promise<void> {
  const gpu = JSON.parse(await readFile(file, 'utf8')) as { adapter?: { emulated?: boolean }; backends?: { webgpu?: unknown } };
  if (!gpu.backends?.webgpu || !gpu.adapter) throw new Error(`${file} is not a bench:gpu result (no adapter or backends.webgpu)`);
  const results = JSON.parse(await readFile(join(ROOT, 'bench/results.json'), 'utf8').catch(() => '{}')) as Record<string, unknown>;
  results.nodeWebgpu = gpu;
  await writeFile(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`[gpu] added ${file} to bench/results.json (nodeWebgpu)`);
}

async function main(): Promise<void> {
  if (args.merge) return mergeResults(args.merge);
  await bundle();
  if (args['bundle-only']) {
    console.log(
      [
        'On the GPU machine (see ../shared/gpu/README.md):',
        '  ../shared/gpu/pack.sh bench/.gpu-bundle/bench-gpu.mjs      # here: fills .gpu/',
        '  . .gpu/setup.sh && node .gpu/bench-gpu.mjs --out "$OUT/results-gpu.json"   # there, with carry [".gpu"]',
        '  npm run bench:gpu -- --merge path/to/results-gpu.json                # here: into bench/results.json',
      ].join('\n'),
    );
    return;
  }
  const env = { ...process.env };
  const nvidia = NVIDIA_ICDS.find((f) => existsSync(f));
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES) {
    if (nvidia) env.VK_DRIVER_FILES = nvidia;
    else if (existsSync(SWIFTSHADER_ICD)) {
      env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
      console.log('[gpu] no NVIDIA Vulkan driver here: running on SwiftShader (the CPU); the figures say nothing about a GPU');
    }
  }
  const out = join(OUT_DIR, 'results-gpu.json');
  const code = await run(env, out);
  if (code !== 0) throw new Error(`the bench exited with ${code}`);
  const results = JSON.parse(await readFile(join(ROOT, 'bench/results.json'), 'utf8').catch(() => '{}')) as Record<string, unknown>;
  results.nodeWebgpu = JSON.parse(await readFile(out, 'utf8')) as unknown;
  await writeFile(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('[gpu] added the figures to bench/results.json (nodeWebgpu)');
}

main().catch((e: unknown) => {
  console.error(`bench:gpu: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
