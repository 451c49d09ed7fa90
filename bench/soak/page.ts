/**
 * The soak page: the real engine in the page (so the driver can read its JS
 * heap), fed a long history and many reranks the way the shop feeds it.
 * `bench/soak.ts` drives it through `window.soak`.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKEND_ORDER, type EventInput, type RankRequest, type Recommender } from '../../src/engine/api';
import type { Catalogue } from '../../src/engine/catalogue/types';
import { impressionEvents } from '../../src/engine/rank/impressions';
import { createRecommender } from '../../src/engine/recommender';
import { Rng } from '../../src/sim/random';
import type { SoakOptions, SoakPage, SoakState } from './types';
import { expose, status } from '../page-kit';

const DAY = 86_400_000;
const absolute = (url: string): string => new URL(url, location.href).href;

let engine: Recommender | null = null;
let options: SoakOptions | null = null;
let rng = new Rng(1);
let ids: string[] = [];
let written = 0;

const started = (): { engine: Recommender; options: SoakOptions } => {
  if (!engine || !options) throw new Error('call soak.init() first');
  return { engine, options };
};

const soak: SoakPage = {
  async init(o) {
    const catalogue = (await (await fetch('/catalogue.json')).json()) as Catalogue;
    const backends = BACKEND_ORDER.filter((b) => b === o.backend);
    if (backends.length === 0) throw new Error(`unknown backend ${o.backend}`);
    engine = await createRecommender({
      catalogue,
      modelUrl: '/models/',
      backends,
      wasmPaths: {
        'tfjs-backend-wasm.wasm': absolute(wasmPlain),
        'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
        'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
      },
      dbName: `soak-${Date.now()}`,
      fineTune: false,
    });
    options = o;
    rng = new Rng(o.seed);
    ids = catalogue.items.map((i) => i.id);
    written = 0;
    return this.state();
  },

  async writeHistory(n) {
    const { engine: e, options: o } = started();
    const start = Date.now() - o.spanDays * DAY;
    const step = (o.spanDays * DAY) / o.events;
    const t0 = performance.now();
    for (let left = n; left > 0;) {
      const batch: EventInput[] = [];
      for (let i = 0; i < o.batch && left > 0; i++, left--, written++) {
        const clicked = rng.next() < 0.08;
        const item = ids[Math.floor(rng.next() * ids.length)]!;
        batch.push({
          type: clicked ? 'click' : 'impression',
          item,
          slot: i % 30,
          request: `soak-${Math.floor(written / 30)}`,
          page: 'home',
          ts: start + written * step,
        });
      }
      await e.recordMany(batch);
    }
    status(`history: ${written} written`);
    return performance.now() - t0;
  },

  async rerank(n) {
    const { engine: e } = started();
    const request: RankRequest = { page: 'home', candidates: ids, productSlots: 27, adPositions: [3, 12, 21] };
    const times: number[] = [];
    for (let r = 0; r < n; r++) {
      const t = performance.now();
      const page = await e.rank(request);
      times.push(performance.now() - t);
      const events = impressionEvents(page, 'home');
      if (rng.next() < 0.3) events.push({ type: 'click', item: page.slots[0]!.itemId, slot: 0, request: page.requestId, page: 'home' });
      await e.recordMany(events);
    }
    status(`reranks: ${n} more done`);
    return times;
  },

  async state(): Promise<SoakState> {
    const { engine: e } = started();
    const summary = await e.dataSummary();
    return { backend: e.info().backend, storedEvents: summary.events, numTensors: tf.memory().numTensors, retention: summary.retention };
  },

  async dispose() {
    await engine?.dispose();
    engine = null;
  },
};

expose('soak', soak);
