/**
 * `npm run eval`: trains every model variant and the real-data model with
 * `npm run train` (in parallel, one process per variant), compares them with
 * the baselines and the oracle, writes `models/REPORT.md`, and ships the best
 * bottom to `models/` (with the single-task baseline added to its manifest).
 *
 * Usage: npm run eval -- [--jobs 2] [--epochs 2] [--shoppers 450] [--held-out-shoppers 300]
 *        [--sessions 8] [--cold-copies 0.15] [--data-dir ../shared/data/online-retail] [--max-customers 1500] [--work /tmp/...] [--no-ship]
 *        [--reuse]   (with --work: keep the variants an earlier run finished there, train only the rest)
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ModelManifest } from '../src/engine/model/manifest';
import type { ManifestMetrics } from './evaluate';
import { VARIANTS, formatEvalReport, pickShipped, type VariantResult } from './report';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: String(Math.max(1, Math.min(availableParallelism(), 4))) },
    epochs: { type: 'string', default: '2' },
    shoppers: { type: 'string', default: '450' },
    'held-out-shoppers': { type: 'string', default: '300' },
    sessions: { type: 'string', default: '8' },
    'data-dir': { type: 'string', default: '../shared/data/online-retail' },
    'max-customers': { type: 'string', default: '1500' },
    'cold-copies': { type: 'string', default: '0.15' },
    work: { type: 'string' },
    'no-ship': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});

const started = performance.now();
const log = (msg: string): void => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)}s] ${msg}`);
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
/** Exit code of the train CLI when the data set is absent (see `DATA_MISSING_EXIT` in cli.ts). */
const DATA_MISSING = 3;

/** Runs one variant's `npm run train` and keeps its output in a log file. */
function runVariant(name: string, flags: string[], out: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const common = ['--epochs', args.epochs!, '--cold-copies', args['cold-copies']!, '--out', out, '--catalogue-out', join(out, 'catalogue.json')];
    const sim = ['--shoppers', args.shoppers!, '--held-out-shoppers', args['held-out-shoppers']!, '--sessions', args.sessions!];
    const argv = [
      ...flags,
      ...common,
      ...(flags.includes('online-retail') ? ['--data-dir', resolve(args['data-dir']!), '--max-customers', args['max-customers']!] : sim),
    ];
    // The same Node with the same loader flags (tsx) runs the CLI.
    const child = spawn(process.execPath, [...process.execArgv, cli, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let shown = performance.now();
    const take = (chunk: Buffer): void => {
      output += chunk.toString();
      const lines = output.trimEnd().split('\n');
      const last = lines[lines.length - 1] ?? '';
      // A progress line a minute per variant.
      if (/epoch \d+\/\d+ step/.test(last) && performance.now() - shown > 60_000) {
        shown = performance.now();
        log(`${name}: ${last.replace(/^\[[^\]]*\]\s*/, '')}`);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

async function main(): Promise<void> {
  const jobs = Number(args.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a positive integer, got ${JSON.stringify(args.jobs)}`);
  const work = args.work ? resolve(args.work) : await mkdtemp(join(tmpdir(), 'recommender-eval-'));
  await mkdir(work, { recursive: true });
  log(`training ${VARIANTS.length} variants, ${jobs} at a time, in ${work}`);
  const results: VariantResult[] = [];
  const reused = new Set<string>();
  const queue = [...VARIANTS];
  const worker = async (): Promise<void> => {
    for (let v = queue.shift(); v; v = queue.shift()) {
      const out = join(work, v.id);
      await mkdir(out, { recursive: true });
      log(`${v.id}: started (${v.flags.join(' ')})`);
      const t0 = performance.now();
      const earlier = args.reuse ? await readFile(join(out, 'manifest.json'), 'utf8').catch(() => null) : null;
      const { code, output } = earlier ? { code: 0, output: 'reused' } : await runVariant(v.id, v.flags, out);
      if (earlier) reused.add(v.id);
      else await writeFile(join(out, 'train.log'), output);
      const seconds = Math.round((performance.now() - t0) / 1000);
      if (code === 0) {
        const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as ModelManifest;
        results.push({ variant: v, metrics: manifest.metrics as ManifestMetrics, seconds, skipped: null, dir: out });
        log(`${v.id}: done in ${seconds}s`);
      } else if (code === DATA_MISSING) {
        const reason = output.trim().split('\n').pop() ?? 'the data set is absent';
        results.push({ variant: v, metrics: null, seconds, skipped: reason.replace(/^train:\s*/, ''), dir: out });
        log(`${v.id}: skipped: ${reason}`);
      } else {
        throw new Error(`${v.id} failed (exit ${code}); its log is ${join(out, 'train.log')}:\n${output.split('\n').slice(-15).join('\n')}`);
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));

  const shipped = pickShipped(results);
  // Reused variants count with the wall time of the runs that trained them.
  const runFile = join(work, 'run.json');
  const trainedNow = results.some((r) => !reused.has(r.variant.id));
  const earlier = reused.size > 0 ? await readFile(runFile, 'utf8').then((t) => (JSON.parse(t) as { wallSeconds: number }).wallSeconds).catch(() => 0) : 0;
  const wallSeconds = earlier + (trainedNow ? Math.round((performance.now() - started) / 1000) : 0);
  await writeFile(runFile, `${JSON.stringify({ wallSeconds })}\n`);
  const machine = `${cpus().length}-core ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.versions.node}, tfjs cpu backend`;
  const report = formatEvalReport(results, shipped, {
    command: `npm run eval -- --epochs ${args.epochs} --cold-copies ${args['cold-copies']} --shoppers ${args.shoppers} --held-out-shoppers ${args['held-out-shoppers']} --sessions ${args.sessions}`,
    machine,
    date: new Date().toISOString().slice(0, 10),
    wallSeconds,
  });
  if (args['no-ship']) {
    await writeFile(join(work, 'REPORT.md'), report);
    log(`wrote ${join(work, 'REPORT.md')} (--no-ship: models/ unchanged)`);
    return;
  }
  // Ship: the best bottom's files, its manifest with the single-task baseline added, and the report.
  const single = results.find((r) => r.variant.id === 'single-task-click')?.metrics;
  const manifest = JSON.parse(await readFile(join(shipped.dir, 'manifest.json'), 'utf8')) as ModelManifest;
  const metrics = manifest.metrics as ManifestMetrics;
  if (single) metrics.baselines.singleTaskClick = { click: single.heads.click } as ManifestMetrics['baselines'][string];
  await mkdir('models', { recursive: true });
  await copyFile(join(shipped.dir, 'model.json'), 'models/model.json');
  await copyFile(join(shipped.dir, 'weights.bin'), 'models/weights.bin');
  await writeFile('models/manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  await copyFile(join(shipped.dir, 'catalogue.json'), 'public/catalogue.json');
  await writeFile('models/REPORT.md', report);
  log(`shipped ${shipped.variant.id} to models/ and wrote models/REPORT.md`);
}

main().catch((e: unknown) => {
  console.error(`eval: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
