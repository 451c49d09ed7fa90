/**
 * `npm run bench:soak`: 100,000 stored events and 1,000 reranks in one page
 * of headless Chromium, with the real engine. Checks that storage stays
 * under the retention cap and that the tensor count and the JS heap stay flat.
 *
 * The engine runs in the page (not the worker) so the page's heap is the
 * engine's heap. The heap is read after a forced garbage collection (Chrome
 * DevTools Protocol) between chunks of work.
 *
 * Options: --events 100000 --reranks 1000 --backend wasm --span-days 120
 * --out bench/soak-results.json
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { findChromium } from '../e2e/chromium';
import type { SoakState } from './soak/types';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    reranks: { type: 'string', default: '1000' },
    backend: { type: 'string', default: 'wasm' },
    'span-days': { type: 'string', default: '120' },
    out: { type: 'string', default: 'bench/soak-results.json' },
  },
});
const EVENTS = Number(args.events);
const RERANKS = Number(args.reranks);
const CHUNKS = 10;

interface Row {
  phase: 'start' | 'history' | 'reranks';
  done: number;
  storedEvents: number;
  numTensors: number;
  heapMB: number;
  chunkMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : Number.NaN;
};

async function main(): Promise<void> {
  const server = await createServer({ server: { port: 0, strictPort: false }, logLevel: 'warn' });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server has no port');
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--enable-unsafe-webgpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error('[page]', m.text()));
    await page.goto(`http://localhost:${address.port}/bench/soak/index.html`);
    await page.waitForFunction(() => 'soak' in window, undefined, { timeout: 120_000 });
    const cdp = await page.context().newCDPSession(page);
    const heapMB = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 2 ** 20;
    };
    const rows: Row[] = [];
    const note = (phase: Row['phase'], done: number, s: SoakState, heap: number, chunkMs: number): void => {
      rows.push({ phase, done, storedEvents: s.storedEvents, numTensors: s.numTensors, heapMB: heap, chunkMs });
      console.log(
        `${phase.padEnd(8)} ${String(done).padStart(7)}  stored ${String(s.storedEvents).padStart(6)}  tensors ${s.numTensors}  heap ${heap.toFixed(1)} MB  (${(chunkMs / 1000).toFixed(1)} s)`,
      );
    };

    const options = { backend: args.backend, seed: 2026, spanDays: Number(args['span-days']), events: EVENTS, batch: 500 };
    const first = await page.evaluate((o) => window.soak.init(o), options);
    note('start', 0, first, await heapMB(), 0);
    for (let c = 1; c <= CHUNKS; c++) {
      const n = Math.round((EVENTS * c) / CHUNKS) - Math.round((EVENTS * (c - 1)) / CHUNKS);
      const ms = await page.evaluate((k) => window.soak.writeHistory(k), n);
      note('history', Math.round((EVENTS * c) / CHUNKS), await page.evaluate(() => window.soak.state()), await heapMB(), ms);
    }
    const rankMs: number[] = [];
    for (let c = 1; c <= CHUNKS; c++) {
      const n = Math.round((RERANKS * c) / CHUNKS) - Math.round((RERANKS * (c - 1)) / CHUNKS);
      const t = performance.now();
      rankMs.push(...(await page.evaluate((k) => window.soak.rerank(k), n)));
      note('reranks', Math.round((RERANKS * c) / CHUNKS), await page.evaluate(() => window.soak.state()), await heapMB(), performance.now() - t);
    }
    const end = await page.evaluate(() => window.soak.state());
    await page.evaluate(() => window.soak.dispose());

    const afterHistory = rows.filter((r) => r.phase === 'history');
    const reranks = rows.filter((r) => r.phase === 'reranks');
    const result = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
      browser: browser.version(),
      backend: end.backend,
      options: { events: EVENTS, reranks: RERANKS, spanDays: options.spanDays },
      retention: end.retention,
      maxStoredEvents: Math.max(...rows.map((r) => r.storedEvents)),
      storedAtEnd: end.storedEvents,
      underCap: rows.every((r) => r.storedEvents <= end.retention.maxEvents),
      tensors: { start: rows[0]!.numTensors, afterHistory: afterHistory.at(-1)!.numTensors, end: end.numTensors },
      heapMB: {
        start: rows[0]!.heapMB,
        afterFirstRerankChunk: reranks[0]!.heapMB,
        end: reranks.at(-1)!.heapMB,
        growthOverReranksMB: reranks.at(-1)!.heapMB - reranks[0]!.heapMB,
      },
      rerankMs: { median: median(rankMs), count: rankMs.length },
      rows,
    };
    await writeFile(args.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `\n${result.backend} on ${result.machine}: stored max ${result.maxStoredEvents} (cap ${end.retention.maxEvents}), tensors ${result.tensors.start} → ${result.tensors.end}, ` +
        `heap ${result.heapMB.afterFirstRerankChunk.toFixed(1)} → ${result.heapMB.end.toFixed(1)} MB over the reranks, median rerank ${result.rerankMs.median.toFixed(1)} ms. Written to ${args.out}`,
    );
    if (!result.underCap) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
