/**
 * The worker perf page: the engine in its Web Worker, as the shop runs it,
 * driven from this page. The driver (`bench/perf.ts`) counts this page's
 * main-thread long tasks while `window.perfWorker.drive()` reranks and
 * fine-tunes: the page should only post messages. With `host: 'page'` the
 * engine runs in the page instead, to show what the worker saves.
 */
import { impressionEvents } from '../../../src/engine/rank/impressions';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { RankRequest, Recommender } from '../../../src/engine/api';
import type { Catalogue } from '../../../src/engine/catalogue/types';
// Straight from the module, as the shop does: the page never loads TensorFlow.js.
import { createWorkerRecommender } from '../../../src/engine/runtime/worker-client';
import type { WorkerPerfPage } from '../types';
import { shopperHistory } from '../workload';
import { expose, status } from '../../page-kit';

// A worker resolves relative URLs against its own script URL: hand it absolute ones.
const absolute = (url: string): string => new URL(url, location.href).href;

let engine: Recommender | null = null;
let catalogue: Catalogue | null = null;

const perfWorker: WorkerPerfPage = {
  async init(o) {
    catalogue = (await (await fetch('/catalogue.json')).json()) as Catalogue;
    status(`starting the engine on ${o.backend} in the ${o.host}`);
    const options = {
      catalogue,
      modelUrl: absolute('/models/'),
      backends: [o.backend],
      wasmPaths: {
        'tfjs-backend-wasm.wasm': absolute(wasmPlain),
        'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
        'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
      },
      dbName: `perf-worker-${o.backend}-${Date.now()}`,
      // Rounds only when drive() asks, and a page counts at once (no wait for late clicks).
      fineTune: { clickThreshold: 1_000_000, idleMs: 1e9, settleMs: 0 },
    };
    // The page host is the contrast: what the main thread goes through without the worker.
    // Loaded on demand, so the worker host's page never loads TensorFlow.js.
    engine = o.host === 'page' ? await (await import('../../../src/engine/recommender')).createRecommender(options) : await createWorkerRecommender(options);
    await engine.recordMany(shopperHistory(catalogue, o.profileEvents, o.seed, Date.now()).events);
    const info = engine.info();
    status(`ready on ${info.backend}`);
    return { backend: info.backend, adapter: info.adapter };
  },

  async drive(rounds, reranksPerRound) {
    if (!engine || !catalogue) throw new Error('call perfWorker.init() first');
    const e = engine;
    const request: RankRequest = { page: 'home', candidates: catalogue.items.map((i) => i.id), productSlots: 24, adPositions: [3, 12, 21] };
    // Run from a timer task: the observer does not see script the DevTools protocol runs directly.
    await new Promise((done) => setTimeout(done, 0));
    const roundsBefore = e.fineTuneStatus().rounds;
    let after = e.fineTuneStatus();
    const startedAt = performance.now();
    let reranks = 0;
    for (let round = 0; round < rounds; round++) {
      for (let j = 0; j < reranksPerRound; j++) {
        const page = await e.rank(request);
        reranks++;
        const events = impressionEvents(page, 'home');
        const first = page.slots.find((s) => s.kind === 'product')!;
        events.push({ type: 'click', item: first.itemId, slot: first.slot, request: page.requestId, page: 'home' });
        await e.recordMany(events);
      }
      status(`round ${round + 1} of ${rounds}`);
      after = await e.fineTune();
    }
    const endedAt = performance.now();
    return { startedAt, endedAt, reranks, rounds: after.rounds - roundsBefore, fineTuneMode: after.mode, lastError: after.lastError };
  },

  async dispose() {
    await engine?.dispose();
    engine = null;
  },
};

expose('perfWorker', perfWorker);
