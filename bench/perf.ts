/**
 * `npm run bench`: the engine's speed and size in headless Chromium, per
 * tfjs backend (wasm, cpu, webgl, webgpu), written to `bench/results.json`
 * with a table on stdout.
 *
 * Per backend (the engine in the bench page `bench/perf/index.html`, on a
 * catalogue grown by cloning the shop's products, after ~500 recorded events):
 * - `score1000_ms`: median wall time of `recommender.rank()` over 1000 product
 *   candidates (plus the catalogue's 28 ads): profile read, features, the
 *   encoder once, the scorer over all rows, read-back, fusion and ad slots.
 * - `score_ms`: the same for 100, 1,000 and 10,000 candidates (scaling).
 * - `naive_score1000_ms`: the straightforward path on the same 1000 + 28 rows:
 *   the shopper's inputs tiled once per row, the encoder and the scorer on
 *   that batch (no encode-once broadcast, no item cache), with the profile
 *   read, features and read-back. `speedup_vs_naive` = naive / engine: near
 *   1 when the work both share (profile, features, the scorer) dominates,
 *   below 1 when the engine's shortcut costs more than it saves.
 * - `finetune_step_ms`: one optimiser step of the engine's `FineTuner.round`
 *   on 256 training rows (batch building, forward, backward and the update),
 *   in the engine's default scope: the length of a round of 1 + n steps minus
 *   that of a 1-step round, over n (median of 3 pairs; judging, set-up and
 *   the round's one loss read-back cancel). Not the step-to-step interval: the engine reads the
 *   loss back once per round, so on webgl/webgpu a step returns once its work
 *   is queued and the round's last step waits for all of it
 *   (`samples.finetune_step_intervals` shows that). `null` with the reason
 *   when the backend cannot train.
 * - `features_10k_ms`: profile read from IndexedDB + shopper features +
 *   candidate features for 1000 candidates, with 10,000 stored events.
 * - `cold_start_ms`: the built shop (`vite build`, served by `vite preview`)
 *   from navigation start to a ranked grid, `?backend=<b>`, a fresh browser
 *   context each time (empty cache and storage); median.
 * Per machine, `first_visit`: the built shop with nothing forced, a fresh
 * context each time, as a new shopper meets it (WebGPU on where the browser
 * has it): navigation to a ranked grid (`ranked_ms`, on the provisional
 * backend), and to the background timing's result in the model panel
 * (`timed_ms`); medians of `--cold-starts`.
 * - `long_tasks_over_50ms`: main-thread long tasks (PerformanceObserver
 *   `longtask`) in a built page that runs the engine in its worker
 *   (`bench/perf/worker/`) while it reranks and fine-tunes (100 reranks and
 *   20 rounds by default): the page should only post messages. The same
 *   drive with the engine in the page is the contrast (`long_tasks.page`),
 *   and a deliberate 120 ms task checks that the observer sees long tasks.
 * Per build: `model_download_bytes` (manifest.json + the files it lists),
 * `js_initial_gzip_bytes` (index.html's module scripts and their static
 * imports, gzip -9 per file), `worker_gzip_bytes` (the engine worker and its
 * static imports) and `js_lazy_gzip_bytes` (JS loaded only on demand).
 *
 * Times are medians of `--reps` runs after untimed warm-up runs. WebGPU here
 * is SwiftShader on the CPU: it runs `--webgpu-reps`, skips 10k candidates
 * and runs fewer long-task rounds; its figures say nothing about a real GPU.
 *
 * Options: --backends wasm,cpu,webgl,webgpu --reps 30 --webgpu-reps 5
 * --cold-starts 5 --rounds 20 --finetune-scope personal (or heads, all)
 * --seed 2026 --out bench/results.json
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, createServer, preview } from 'vite';
import { findChromium } from '../e2e/chromium';
import { BACKEND_ORDER, type BackendName } from '../src/engine/api';
import { DEFAULT_FINE_TUNE, validateFineTuneConfig, type FineTuneConfig } from '../src/engine/learn/config';
import { modelDownloadBytes, shopBundles, type ShopBundles } from './perf/sizes';
import {
  FEATURE_EVENTS,
  FINETUNE_ROWS,
  PROFILE_EVENTS,
  attempt,
  emptyResult,
  measureEngine,
  message,
  planFor,
  round2,
  summarise,
  type BackendResult,
  type Summary,
  type LongTasks,
  type PerfCalls,
  type Plan,
} from './perf/measure';
import type { Times, WorkerDrive } from './perf/types';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu,webgl,webgpu' },
    reps: { type: 'string', default: '30' },
    'webgpu-reps': { type: 'string', default: '5' },
    'cold-starts': { type: 'string', default: '5' },
    rounds: { type: 'string', default: '20' },
    'finetune-scope': { type: 'string', default: DEFAULT_FINE_TUNE.scope },
    seed: { type: 'string', default: '2026' },
    out: { type: 'string', default: 'bench/results.json' },
  },
});

const ROOT = resolve(import.meta.dirname, '..');
const RERANKS_PER_ROUND = 5;
const GRID = '[data-testid="product-grid"][data-ranked="true"]';

// Scripts run in every new document before the page's own. Strings, not
// functions: tsx would wrap a function's named inner functions in a helper
// that does not exist in the page.
/** Notes `performance.now()` when the shop's grid first shows a ranked page (`window.perfRankedAt`). */
const RANKED_AT_SCRIPT = `
  new MutationObserver(() => {
    if (window.perfRankedAt === undefined && document.querySelector(${JSON.stringify(GRID)})) window.perfRankedAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ranked'] });
`;
/** Collects the page's main-thread long tasks into `window.perfLongTasks`. */
const LONG_TASK_SCRIPT = `
  window.perfLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.perfLongTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

const log = (text: string): void => console.log(`[perf] ${text}`);

/** Opens a page that reports its console errors. */
async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error('[page]', m.text()));
  return page;
}

/** The in-page measures of one backend: the bench page's `window.perf`, called through `page.evaluate`. */
async function measureInPage(
  browser: Browser,
  base: string,
  backend: BackendName,
  plan: Plan,
  seed: number,
  scope: FineTuneConfig['scope'],
  out: BackendResult,
): Promise<void> {
  const page = await openPage(browser);
  try {
    await page.goto(`${base}/bench/perf/index.html`);
    await page.waitForFunction(() => 'perf' in window, undefined, { timeout: 120_000 });
    const perf: PerfCalls = {
      init: (o) => page.evaluate((x) => window.perf.init(x), o),
      rank: (n, r) => page.evaluate(([k, x]) => window.perf.rank(k, x), [n, r] as const),
      naive: (n, r) => page.evaluate(([k, x]) => window.perf.naive(k, x), [n, r] as const),
      fineTuneSteps: (rows, r, scope) => page.evaluate(([k, x, sc]) => window.perf.fineTuneSteps(k, x, sc), [rows, r, scope] as const),
      features: (events, n, r) => page.evaluate(([e, k, x]) => window.perf.features(e, k, x), [events, n, r] as const),
      stages: (n, r) => page.evaluate(([k, x]) => window.perf.stages(k, x), [n, r] as const),
      stepKernels: (rows, scope) => page.evaluate(([k, sc]) => window.perf.stepKernels(k, sc), [rows, scope] as const),
      numTensors: () => page.evaluate(() => window.perf.numTensors()),
      dispose: () => page.evaluate(() => window.perf.dispose()),
    };
    await measureEngine(perf, backend, plan, seed, scope, out, log);
  } finally {
    await page.context().close();
  }
}

/** Cold starts of the built shop on one backend; median of `count` fresh contexts. */
async function measureColdStart(browser: Browser, shopUrl: string, backend: BackendName, count: number, out: BackendResult): Promise<void> {
  const times: Times = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext();
    try {
      await context.addInitScript(RANKED_AT_SCRIPT);
      const page = await context.newPage();
      await page.goto(`${shopUrl}/?backend=${backend}`);
      await page.waitForSelector(GRID, { timeout: 180_000 });
      const ranked = await page.evaluate(() => window.perfRankedAt ?? null);
      const ran = await page.getAttribute('[data-testid="backend"]', 'data-backend');
      if (ran !== backend) throw new Error(`the shop asked for ?backend=${backend} but ranks on ${ran || 'nothing'}`);
      if (ranked === null) throw new Error('the grid was ranked but the observer missed it');
      times.push(ranked);
    } finally {
      await context.close();
    }
  }
  out.samples.cold_start = summarise(times);
  out.cold_start_ms = round2(out.samples.cold_start.median);
  log(`${backend}: cold start → ${out.cold_start_ms} ms (${times.map((t) => Math.round(t)).join(', ')})`);
}

/** What a first visit with nothing forced costs: to a ranked grid, and to the backends' times. */
interface FirstVisit {
  ranked_ms: number;
  timed_ms: number;
  /** The backend the first page ranked on, and the one the timing found fastest. */
  backend: string;
  fastest: string;
  samples: { ranked: Summary; timed: Summary };
}

/** First visits of the built shop with no backend forced; medians of `count` fresh contexts. */
async function measureFirstVisit(browser: Browser, shopUrl: string, count: number): Promise<FirstVisit> {
  const ranked: Times = [];
  const timed: Times = [];
  let backend = '';
  let fastest = '';
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext();
    try {
      await context.addInitScript(RANKED_AT_SCRIPT);
      const page = await context.newPage();
      await page.goto(shopUrl);
      await page.waitForSelector(GRID, { timeout: 180_000 });
      const at = await page.evaluate(() => window.perfRankedAt ?? null);
      if (at === null) throw new Error('the grid was ranked but the observer missed it');
      ranked.push(at);
      backend = (await page.getAttribute('[data-testid="backend"]', 'data-backend')) ?? '';
      await page.waitForSelector('[data-testid="backend-choice"][data-how="measured"]', { state: 'attached', timeout: 180_000 });
      timed.push(await page.evaluate(() => performance.now()));
      fastest = (await page.getAttribute('[data-testid="backend-choice"]', 'data-fastest')) ?? '';
    } finally {
      await context.close();
    }
  }
  const result = { ranked: summarise(ranked), timed: summarise(timed) };
  log(
    `first visit: ranked on ${backend} at ${Math.round(result.ranked.median)} ms, backends timed at ${Math.round(result.timed.median)} ms (fastest ${fastest})`,
  );
  return { ranked_ms: round2(result.ranked.median), timed_ms: round2(result.timed.median), backend, fastest, samples: result };
}

/**
 * Long tasks on the main thread of the built bench page while its engine
 * reranks and fine-tunes; `host: 'worker'` as the shop runs it, `page` for the contrast.
 * @throws {Error} when the observer cannot see a deliberate long task (the count would be blind).
 */
async function measureLongTasks(
  browser: Browser,
  benchUrl: string,
  backend: BackendName,
  host: 'worker' | 'page',
  plan: Plan,
  seed: number,
  out: BackendResult,
): Promise<LongTasks> {
  const context = await browser.newContext();
  try {
    await context.addInitScript(LONG_TASK_SCRIPT);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error('[page]', m.text()));
    await page.goto(`${benchUrl}/bench/perf/worker/index.html`);
    await page.waitForFunction(() => 'perfWorker' in window, undefined, { timeout: 120_000 });
    const started = await page.evaluate((o) => window.perfWorker.init(o), { backend, host, seed, profileEvents: PROFILE_EVENTS });
    if (started.backend !== backend) throw new Error(`asked the ${host} engine for ${backend}, it runs on ${started.backend}`);
    const drive: WorkerDrive = await page.evaluate(([rounds, per]) => window.perfWorker.drive(rounds, per), [plan.rounds, RERANKS_PER_ROUND] as const);
    const tasks = (await page.evaluate(() => window.perfLongTasks ?? [])).filter(
      (t) => t.start >= drive.startedAt && t.start < drive.endedAt && t.duration > 50,
    );
    // A zero must mean "no long tasks", not "no observer": block the main thread on purpose and look for it.
    // In a timer task: script run by the DevTools protocol itself is not a task the observer sees.
    await page.evaluate(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            const t = performance.now();
            while (performance.now() - t < 120) {
              // busy on purpose
            }
            setTimeout(done, 200);
          }, 0),
        ),
    );
    const probe = (await page.evaluate(() => window.perfLongTasks ?? [])).filter((t) => t.start >= drive.endedAt && t.duration >= 100);
    if (probe.length === 0) throw new Error('the long-task observer missed a 120 ms busy loop, so its count would be blind here');
    await page.evaluate(() => window.perfWorker.dispose());
    if (drive.rounds < plan.rounds)
      out.notes[`long_tasks.${host}`] =
        `only ${drive.rounds} of ${plan.rounds} fine-tune rounds ran (mode ${drive.fineTuneMode}: ${drive.lastError ?? 'no error'})`;
    const result: LongTasks = {
      count: tasks.length,
      reranks: drive.reranks,
      rounds: drive.rounds,
      longestMs: round2(Math.max(0, ...tasks.map((t) => t.duration))),
      totalMs: round2(tasks.reduce((s, t) => s + t.duration, 0)),
      windowMs: round2(drive.endedAt - drive.startedAt),
      fineTuneMode: drive.fineTuneMode,
    };
    log(
      `${backend}: ${tasks.length} long tasks (engine in the ${host}) in ${(result.windowMs / 1000).toFixed(1)} s of ${drive.reranks} reranks and ${drive.rounds} rounds`,
    );
    return result;
  } finally {
    await context.close();
  }
}

const serverPort = (address: string | AddressInfo | null | undefined): number => {
  if (!address || typeof address === 'string') throw new Error('the Vite server has no port');
  return address.port;
};

function table(results: Record<string, BackendResult>, sizes: { model: number; bundles: ShopBundles }): string {
  const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));
  const rows: Array<[string, (r: BackendResult) => string]> = [
    ['score1000_ms', (r) => cell(r.score1000_ms)],
    ['score_ms 100', (r) => cell(r.score_ms[100])],
    ['score_ms 10000', (r) => cell(r.score_ms[10000])],
    ['naive_score1000_ms', (r) => cell(r.naive_score1000_ms)],
    ['speedup_vs_naive', (r) => cell(r.speedup_vs_naive)],
    ['finetune_step_ms', (r) => cell(r.finetune_step_ms)],
    ['features_10k_ms', (r) => cell(r.features_10k_ms)],
    ['cold_start_ms', (r) => cell(r.cold_start_ms)],
    [
      'long_tasks_over_50ms',
      (r) => (r.long_tasks.worker ? `${r.long_tasks.worker.count} (${r.long_tasks.worker.reranks}r/${r.long_tasks.worker.rounds}ft)` : '—'),
    ],
    ['  engine in page', (r) => (r.long_tasks.page ? `${r.long_tasks.page.count} (${r.long_tasks.page.reranks}r/${r.long_tasks.page.rounds}ft)` : '—')],
  ];
  const names = Object.keys(results);
  const width = [22, ...names.map(() => 16)];
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(width[i]!)).join(' ');
  return [
    line(['', ...names]),
    ...rows.map(([label, get]) => line([label, ...names.map((n) => get(results[n]!))])),
    '',
    `model_download_bytes ${sizes.model}   js_initial_gzip_bytes ${sizes.bundles.initial.gzipBytes}   worker_gzip_bytes ${sizes.bundles.worker.gzipBytes}   js_lazy_gzip_bytes ${sizes.bundles.lazy.gzipBytes}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = round2(loadavg()[0]!);
  const backends = args.backends.split(',').map((b) => b.trim()) as BackendName[];
  const unknown = backends.filter((b) => !BACKEND_ORDER.includes(b));
  if (unknown.length) throw new Error(`--backends: unknown ${unknown.join(', ')}; use some of ${BACKEND_ORDER.join(',')}`);
  const reps = Number(args.reps);
  const webgpuReps = Number(args['webgpu-reps']);
  const coldStarts = Number(args['cold-starts']);
  const rounds = Number(args.rounds);
  const seed = Number(args.seed);
  const scope = validateFineTuneConfig({ scope: args['finetune-scope'] as FineTuneConfig['scope'] }).scope;
  for (const [name, v] of Object.entries({ reps, 'webgpu-reps': webgpuReps, 'cold-starts': coldStarts, rounds }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);

  // The shop as `vite build` makes it, and the worker bench page built the same way, in a scratch folder.
  const scratch = await mkdtemp(join(tmpdir(), 'perf-bench-'));
  const shopDist = join(scratch, 'shop');
  const benchDist = join(scratch, 'bench');
  log('building the shop and the worker bench page');
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: shopDist, emptyOutDir: true } });
  await build({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: benchDist, emptyOutDir: true, rolldownOptions: { input: join(ROOT, 'bench/perf/worker/index.html') } },
  });
  const model = await modelDownloadBytes(join(ROOT, 'models'));
  const bundles = await shopBundles(shopDist);

  const dev = await createServer({ root: ROOT, server: { port: 0, strictPort: false }, logLevel: 'warn' });
  await dev.listen();
  const shop = await preview({ root: ROOT, build: { outDir: shopDist }, preview: { port: 0, strictPort: false, open: false }, logLevel: 'warn' });
  const bench = await preview({ root: ROOT, build: { outDir: benchDist }, preview: { port: 0, strictPort: false, open: false }, logLevel: 'warn' });
  const devUrl = `http://localhost:${serverPort(dev.httpServer?.address())}`;
  const shopUrl = `http://localhost:${serverPort(shop.httpServer.address())}`;
  const benchUrl = `http://localhost:${serverPort(bench.httpServer.address())}`;
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--enable-unsafe-webgpu', '--disable-background-networking'],
  });
  const results: Record<string, BackendResult> = {};
  let firstVisit: FirstVisit | { error: string };
  try {
    for (const backend of backends) {
      const plan = planFor(backend, reps, webgpuReps, rounds);
      const out = emptyResult();
      results[backend] = out;
      await attempt(out, 'engine', () => measureInPage(browser, devUrl, backend, plan, seed, scope, out));
      if (out.engine === null) {
        log(`${backend}: the engine did not start (${out.notes.engine}); skipping its other measures`);
        continue;
      }
      await attempt(out, 'cold_start_ms', () => measureColdStart(browser, shopUrl, backend, coldStarts, out));
      await attempt(out, 'long_tasks_over_50ms', async () => {
        out.long_tasks.worker = await measureLongTasks(browser, benchUrl, backend, 'worker', plan, seed, out);
        out.long_tasks_over_50ms = out.long_tasks.worker.count;
      });
      if (backend === 'webgpu') out.notes['long_tasks.page'] = 'not measured on WebGPU (SwiftShader): too slow for the time budget';
      else
        await attempt(out, 'long_tasks.page', async () => {
          out.long_tasks.page = await measureLongTasks(browser, benchUrl, backend, 'page', plan, seed, out);
        });
    }
    // Last: a first visit times every backend in the background, and a software GPU
    // keeps Chromium's GPU process busy for a while after; the backends' figures come first.
    try {
      firstVisit = await measureFirstVisit(browser, shopUrl, coldStarts);
    } catch (e) {
      firstVisit = { error: (e as Error).message.split('\n')[0]! };
      log(`first visit: failed (${firstVisit.error})`);
    }
    const cpu = cpus();
    const result = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpu: cpu[0]?.model ?? 'unknown CPU',
        cores: cpu.length,
        platform: `${process.platform} ${process.arch}`,
        node: process.version,
        // Other work on the machine skews every figure: compare runs with similar load.
        loadAverage: { start: loadAtStart, end: round2(loadavg()[0]!) },
      },
      browser: `Chromium ${browser.version()}`,
      options: {
        backends,
        reps,
        webgpuReps,
        coldStarts,
        rounds,
        seed,
        fineTuneScope: scope,
        profileEvents: PROFILE_EVENTS,
        fineTuneRows: FINETUNE_ROWS,
        featureEvents: FEATURE_EVENTS,
      },
      build: {
        model_download_bytes: model.bytes,
        model_files: model.files,
        js_initial_gzip_bytes: bundles.initial.gzipBytes,
        worker_gzip_bytes: bundles.worker.gzipBytes,
        js_lazy_gzip_bytes: bundles.lazy.gzipBytes,
        bundles,
      },
      backends: results,
      first_visit: firstVisit,
      wallSeconds: Math.round((performance.now() - started) / 1000),
    };
    // A GPU machine's figures (`npm run bench:gpu`) come from elsewhere: keep them.
    const before = JSON.parse(await readFile(args.out, 'utf8').catch(() => '{}')) as { nodeWebgpu?: unknown };
    await writeFile(args.out, `${JSON.stringify(before.nodeWebgpu ? { ...result, nodeWebgpu: before.nodeWebgpu } : result, null, 2)}\n`);
    console.log(`\n${result.machine.cores} × ${result.machine.cpu}, ${result.browser}, load average ${loadAtStart} → ${result.machine.loadAverage.end}\n`);
    console.log(table(results, { model: model.bytes, bundles }));
    if ('ranked_ms' in firstVisit)
      console.log(
        `first visit (nothing forced): ranked on ${firstVisit.backend} at ${firstVisit.ranked_ms} ms, backends timed at ${firstVisit.timed_ms} ms, fastest ${firstVisit.fastest}`,
      );
    console.log(`\nWritten to ${args.out} in ${result.wallSeconds} s.`);
    const failed = Object.entries(results).filter(([, r]) => r.engine === null);
    if (failed.length > 0) console.log(`Backends that did not start: ${failed.map(([b, r]) => `${b} (${r.notes.engine})`).join('; ')}`);
    if (failed.length === backends.length) process.exitCode = 1;
  } finally {
    await browser.close();
    await Promise.all([dev.close(), shop.close(), bench.close()]);
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
