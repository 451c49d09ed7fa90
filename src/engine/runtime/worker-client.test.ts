/**
 * Client and host wired over a real `MessageChannel` (so every message goes
 * through the structured clone, as with a worker) around a fake engine.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  freshFineTuneStatus,
  type BackendChoiceInfo,
  type DataExport,
  type DataSummary,
  type EngineEvent,
  type EngineInfo,
  type EventInput,
  type FineTuneStatus,
  type PopularOrder,
  type RankRequest,
  type RankResult,
  type Recommender,
} from '../api';
import { BackendError, ConfigError, EngineError, ModelLoadError, StorageError } from '../errors';
import { defaultPage } from '../rank/rank';
import { FIXTURE_CATALOGUE } from '../testing/fixture';
import { deserialiseError, serialiseError, type PageToWorker, type StartupStage, type WorkerInitOptions, type WorkerToPage } from './protocol';
import { createWorkerRecommender, type WorkerLike } from './worker-client';
import { serveRecommender, type EngineFactory } from './worker-host';

const IDLE: FineTuneStatus = freshFineTuneStatus('learning');
const INFO: EngineInfo = {
  backend: 'cpu',
  adapter: null,
  backendChoice: { how: 'measured', timings: [{ backend: 'cpu', ms: 4.2 }], measuredAt: 1 },
  modelVersion: 'fake-1',
  lastRankMs: null,
  paused: false,
  modelSource: 'shipped',
  notices: [],
  popularityShare: 0.4,
  shopperActions: 2,
};
const SUMMARY: DataSummary = {
  events: 2,
  byType: { impression: 1, click: 1, cart: 0, purchase: 0, ad_impression: 0, ad_click: 0 },
  oldest: 1000,
  newest: 2000,
  skippedRecords: 1,
  unsaved: 0,
  checkpointBytes: 64,
  modelCacheBytes: 128,
  interests: [{ tag: 'outdoor', score: 0.9 }],
  paused: false,
  retention: { maxAgeDays: 90, maxEvents: 50_000 },
};
const EXPORT: DataExport = {
  format: 'shop-recommender-export',
  version: 1,
  exportedAt: 3000,
  database: 'shop-recommender',
  events: [{ ts: 1000, shopper: 'local', type: 'click', item: 'p1', slot: 0, request: 'r1', page: 'home' }],
  skippedRecords: 0,
  profile: null,
  settings: { paused: false },
  checkpoints: [],
  modelVersion: 'fake-1',
  interests: [],
};

/** A stand-in engine: ranks in candidate order, remembers what it was given, emits on demand. */
class FakeEngine implements Recommender {
  readonly recorded: EventInput[] = [];
  disposed = false;
  rankError: Error | null = null;
  private lastRankMs: number | null = null;
  private paused = false;
  erased = 0;
  deviceLosses = 0;
  private status: FineTuneStatus = IDLE;
  popular: PopularOrder | null = null;
  private readonly listeners = new Set<(e: EngineEvent) => void>();

  info(): EngineInfo {
    return { ...INFO, lastRankMs: this.lastRankMs, paused: this.paused };
  }
  async rank(request: RankRequest): Promise<RankResult> {
    if (this.rankError) throw this.rankError;
    this.lastRankMs = 7.5;
    return { requestId: 'r-w-1', slots: defaultPage(request, []), ranked: true, order: 'personal', elapsedMs: 7.5 };
  }
  defaultOrder(request: RankRequest): RankResult {
    return { requestId: 'r-w-0', slots: defaultPage(request, []), ranked: false, order: 'given', elapsedMs: 0 };
  }
  popularity(): PopularOrder | null {
    return this.popular;
  }
  async record(event: EventInput): Promise<void> {
    this.recorded.push(event);
  }
  async recordMany(events: EventInput[]): Promise<void> {
    this.recorded.push(...events);
  }
  async interests(k = 5): Promise<Array<{ tag: string; score: number }>> {
    return [{ tag: 'outdoor', score: 0.9 }].slice(0, k);
  }
  async recentlyViewed(k = 6): Promise<string[]> {
    return ['p2', 'p1'].slice(0, k);
  }
  fineTuneStatus(): FineTuneStatus {
    return this.status;
  }
  async fineTune(): Promise<FineTuneStatus> {
    this.status = { ...this.status, acceptedSteps: this.status.acceptedSteps + 12, rounds: this.status.rounds + 1 };
    return this.status;
  }
  async resetPersonalisation(): Promise<void> {
    this.status = IDLE;
  }
  async dataSummary(): Promise<DataSummary> {
    return { ...SUMMARY, paused: this.paused };
  }
  async exportData(): Promise<DataExport> {
    return EXPORT;
  }
  async eraseData(): Promise<void> {
    this.erased++;
  }
  async setPaused(paused: boolean): Promise<void> {
    this.paused = paused;
  }
  async simulateDeviceLoss(): Promise<void> {
    this.deviceLosses++;
  }
  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: EngineEvent): void {
    if (event.type === 'finetune') this.status = event.status;
    for (const l of this.listeners) l(event);
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** A `Worker` double: the page end of a `MessageChannel`, with `error` events on demand. */
class FakeWorker implements WorkerLike {
  terminated = false;
  private readonly target = new EventTarget();
  constructor(private readonly port: MessagePort) {
    port.onmessage = (e: MessageEvent<WorkerToPage>) => this.target.dispatchEvent(new MessageEvent('message', { data: e.data }));
  }
  postMessage(message: PageToWorker): void {
    this.port.postMessage(message);
  }
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerToPage>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  addEventListener(type: string, listener: (event: MessageEvent<WorkerToPage>) => void): void {
    // Only `dispatch` below and the port fire events, with the types the overloads promise.
    this.target.addEventListener(type, listener as EventListener);
  }
  removeEventListener(type: 'message', listener: (event: MessageEvent<WorkerToPage>) => void): void {
    this.target.removeEventListener(type, listener as EventListener);
  }
  /** Fires `error` as a worker does when its script fails or throws. */
  crash(): void {
    this.target.dispatchEvent(new Event('error'));
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** Serves `engine` on one end of a channel and returns a worker double for the other. */
function wire(factory: EngineFactory): { worker: FakeWorker; hostPort: MessagePort } {
  const channel = new MessageChannel();
  channels.push(channel);
  const hostPort = channel.port2;
  serveRecommender(hostPort, factory);
  hostPort.start();
  return { worker: new FakeWorker(channel.port1), hostPort };
}

const request: RankRequest = { page: 'home', candidates: ['p1', 'p2', 'p3'], productSlots: 3, adPositions: [1] };

async function start(engine = new FakeEngine()): Promise<{ engine: FakeEngine; worker: FakeWorker; recommender: Recommender; seen: WorkerInitOptions[] }> {
  const seen: WorkerInitOptions[] = [];
  const { worker } = wire(async (options) => {
    seen.push(options);
    return engine;
  });
  const recommender = await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: 'http://shop.test/models/', worker: () => worker });
  return { engine, worker, recommender, seen };
}

describe('worker protocol round trip', () => {
  it('starts the engine with the posted options and answers calls', async () => {
    const { engine, recommender, seen } = await start();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.modelUrl).toBe('http://shop.test/models/');
    expect(seen[0]!.catalogue.items).toHaveLength(FIXTURE_CATALOGUE.items.length);
    expect('worker' in seen[0]!).toBe(false); // functions never cross

    const result = await recommender.rank(request);
    expect(result).toMatchObject({ requestId: 'r-w-1', ranked: true, elapsedMs: 7.5 });
    expect(result.slots.map((s) => s.slot)).toEqual([0, 1, 2]);

    await recommender.record({ type: 'click', item: 'p1', slot: 0, request: 'r-w-1', page: 'home' });
    await recommender.recordMany([{ type: 'impression', item: 'p2', slot: 1, request: 'r-w-1', page: 'home' }]);
    expect(engine.recorded.map((e) => `${e.type}:${e.item}`)).toEqual(['click:p1', 'impression:p2']);
    expect(await recommender.interests(1)).toEqual([{ tag: 'outdoor', score: 0.9 }]);
    expect(await recommender.recentlyViewed(1)).toEqual(['p2']);
    expect(await recommender.recentlyViewed()).toEqual(['p2', 'p1']);
    expect((await recommender.fineTune()).acceptedSteps).toBe(12);
    expect(recommender.fineTuneStatus().acceptedSteps).toBe(12); // pushed before fineTune resolved
    await recommender.resetPersonalisation();
    expect(recommender.fineTuneStatus().acceptedSteps).toBe(0);
  });

  it('carries the privacy calls and pushes the paused state before they resolve', async () => {
    const { engine, recommender } = await start();
    expect(await recommender.dataSummary()).toEqual(SUMMARY);
    expect(await recommender.exportData()).toEqual(EXPORT);
    await recommender.setPaused(true);
    expect(recommender.info().paused).toBe(true);
    expect((await recommender.dataSummary()).paused).toBe(true);
    await recommender.eraseData();
    expect(engine.erased).toBe(1);
    await recommender.simulateDeviceLoss();
    expect(engine.deviceLosses).toBe(1);
  });

  it('keeps the class and message of an engine error', async () => {
    const { engine, recommender } = await start();
    engine.rankError = new ConfigError('rank(): none of the 3 candidates is in the catalogue');
    const error = await recommender.rank(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ name: 'ConfigError', message: 'rank(): none of the 3 candidates is in the catalogue' });

    engine.rankError = new TypeError('x is not a function');
    await expect(recommender.rank(request)).rejects.toMatchObject({ name: 'TypeError', message: 'x is not a function' });
  });

  it('rejects start-up with the worker error class and ends the worker', async () => {
    const { worker } = wire(async (_options, onProgress) => {
      onProgress('backend');
      onProgress('model');
      throw new ModelLoadError('/models/weights.bin answered 404; redeploy models/.');
    });
    const stages: StartupStage[] = [];
    const error = await createWorkerRecommender({
      catalogue: FIXTURE_CATALOGUE,
      modelUrl: 'http://shop.test/models/',
      worker: () => worker,
      onProgress: (s) => stages.push(s),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toBe('/models/weights.bin answered 404; redeploy models/.');
    expect(stages).toEqual(['backend', 'model']);
    expect(worker.terminated).toBe(true);
  });

  it('reflects pushed info and fine-tune status and tells subscribers', async () => {
    const { engine, recommender } = await start();
    expect(recommender.info()).toEqual(INFO);
    expect(recommender.fineTuneStatus()).toEqual(IDLE);

    const events: EngineEvent[] = [];
    const stop = recommender.subscribe((e) => events.push(e));
    await recommender.rank(request);
    // The host pushes info after every rank, before the answer.
    expect(recommender.info().lastRankMs).toBe(7.5);
    expect(events).toEqual([{ type: 'info', info: { ...INFO, lastRankMs: 7.5 } }]);

    const running: FineTuneStatus = { ...IDLE, running: true, progress: 0.5, pendingFeedback: 3 };
    engine.emit({ type: 'finetune', status: running });
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[1]).toEqual({ type: 'finetune', status: running });
    expect(recommender.fineTuneStatus()).toEqual(running);

    // Each erase is told, even a second one (the host skips only repeats of the same payload); the status is kept.
    engine.emit({ type: 'erased', at: 1 });
    engine.emit({ type: 'erased', at: 2 });
    await vi.waitFor(() => expect(events).toHaveLength(4));
    expect(events.slice(2)).toEqual([
      { type: 'erased', at: 1 },
      { type: 'erased', at: 2 },
    ]);
    expect(recommender.fineTuneStatus()).toEqual(running);

    stop();
    engine.emit({ type: 'finetune', status: IDLE });
    await vi.waitFor(() => expect(recommender.fineTuneStatus()).toEqual(IDLE));
    expect(events).toHaveLength(4);
  });

  it('computes the default order in the page with the engine request id shape', async () => {
    const { recommender } = await start();
    const a = recommender.defaultOrder(request);
    const b = recommender.defaultOrder(request);
    expect(a.requestId).toMatch(/^r-[0-9a-z]+-[0-9a-z]+-1$/);
    expect(b.requestId).toMatch(/-2$/);
    expect(a).toMatchObject({ ranked: false, order: 'given', elapsedMs: 0 });
    expect(a.slots).toEqual(defaultPage(request, FIXTURE_CATALOGUE.ads));
    expect(recommender.popularity()).toBeNull();
  });

  it("sorts the page's default order by the popularity the engine ships, under its category cap", async () => {
    const engine = new FakeEngine();
    // Shoes p3 > p2 > p1 > p4, lamp p5 last; a cap of 2 shoes in the first 12 defers p1 and p4 after p5.
    engine.popular = { clickLogit: { p1: -2, p2: -1, p3: 0, p4: -3 }, defaultLogit: -4, categoryCap: 2 };
    const { recommender } = await start(engine);
    expect(recommender.popularity()).toEqual(engine.popular);
    const page = recommender.defaultOrder({ page: 'home', candidates: ['p1', 'p2', 'p3', 'p4', 'p5'], productSlots: 5 });
    expect(page).toMatchObject({ ranked: false, order: 'popular' });
    expect(page.slots.map((s) => s.itemId)).toEqual(['p3', 'p2', 'p5', 'p1', 'p4']);
  });

  it('rejects pending and later calls when the worker dies', async () => {
    const engine = new FakeEngine();
    const { worker } = wire(async () => engine);
    const onCrash = vi.fn();
    const recommender = await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: 'http://shop.test/models/', worker: () => worker, onCrash });
    engine.rank = () => new Promise<RankResult>(() => undefined); // never answers
    const pending = recommender.rank(request);
    worker.crash();
    await expect(pending).rejects.toThrow(/engine worker stopped/);
    await expect(pending).rejects.toBeInstanceOf(EngineError);
    await expect(recommender.interests()).rejects.toThrow(/engine worker stopped/);
    expect(onCrash).toHaveBeenCalledOnce();
    expect(worker.terminated).toBe(true);
  });

  it('disposes in the worker, then ends it', async () => {
    const { engine, worker, recommender } = await start();
    await recommender.dispose();
    expect(engine.disposed).toBe(true);
    expect(worker.terminated).toBe(true);
    await expect(recommender.rank(request)).rejects.toThrow(/disposed/);
    await recommender.dispose(); // twice is fine
  });

  it('refuses a second init in the same worker', async () => {
    const { worker } = wire(async () => new FakeEngine());
    const first = createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: 'http://shop.test/models/', worker: () => worker });
    await first;
    worker.postMessage({ type: 'request', id: 999, method: 'init', args: [{ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/' }] });
    const answer = await new Promise<WorkerToPage>((resolve) => worker.addEventListener('message', (e) => resolve(e.data)));
    expect(answer).toMatchObject({ type: 'response', id: 999, ok: false, error: { name: 'EngineError' } });
  });
});

describe('error serialisation', () => {
  it('names engine errors by class, not by their (minifiable) name', () => {
    const e = new BackendError('no backend');
    e.name = 'x'; // what a minifier could leave
    expect(serialiseError(e)).toMatchObject({ name: 'BackendError', message: 'no backend' });
    expect(deserialiseError(serialiseError(e)).stack).toBe(e.stack); // points at the worker's frames
    for (const cls of [EngineError, ConfigError, ModelLoadError, BackendError, StorageError]) {
      const back = deserialiseError(serialiseError(new cls('m')));
      expect(back).toBeInstanceOf(cls);
      expect(back.constructor).toBe(cls);
    }
    expect(serialiseError('plain')).toEqual({ name: 'Error', message: 'plain' });
  });
});

describe('backends timed in the background', () => {
  const PROVISIONAL: EngineInfo = { ...INFO, backend: 'wasm', backendChoice: { how: 'provisional', timings: [], measuredAt: null } };
  const TIMED: BackendChoiceInfo = { how: 'measured', timings: [{ backend: 'wasm', ms: 3 }], measuredAt: 5 };

  class ProvisionalEngine extends FakeEngine {
    override info(): EngineInfo {
      return { ...super.info(), backend: PROVISIONAL.backend, backendChoice: PROVISIONAL.backendChoice };
    }
  }

  /** Every worker the client starts: the first serves `engine`, the later ones only time (with `timer`). */
  function workers(engine: FakeEngine, timer: (options: WorkerInitOptions) => Promise<BackendChoiceInfo | null>) {
    const started: FakeWorker[] = [];
    const timed: WorkerInitOptions[] = [];
    const spawn = (): FakeWorker => {
      const channel = new MessageChannel();
      channels.push(channel);
      serveRecommender(
        channel.port2,
        async () => engine,
        async (options) => {
          timed.push(options);
          return timer(options);
        },
      );
      channel.port2.start();
      const w = new FakeWorker(channel.port1);
      started.push(w);
      return w;
    };
    return { started, timed, spawn };
  }

  it('starts a second worker after the first ranked page, asks it to time the backends, and ends it', async () => {
    const w = workers(new ProvisionalEngine(), async () => TIMED);
    const recommender = await createWorkerRecommender({
      catalogue: FIXTURE_CATALOGUE,
      modelUrl: 'http://shop.test/models/',
      worker: w.spawn,
      backendTimingDelayMs: 0,
    });
    expect(recommender.info().backendChoice.how).toBe('provisional');
    expect(w.started).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(w.started, 'nothing is timed before the first page is ranked').toHaveLength(1);

    await recommender.rank(request);
    await vi.waitFor(() => expect(w.timed).toHaveLength(1));
    expect(w.started).toHaveLength(2);
    expect(w.timed[0]).toMatchObject({ modelUrl: 'http://shop.test/models/', backendTiming: 'in-background' });
    await vi.waitFor(() => expect(w.started[1]!.terminated).toBe(true));
    expect(w.started[0]!.terminated).toBe(false);

    await recommender.rank(request);
    await new Promise((r) => setTimeout(r, 20));
    expect(w.started, 'timed once').toHaveLength(2);
    await recommender.dispose();
  });

  it('asks the engine worker to start provisionally, unless the page chose otherwise', async () => {
    const seen: WorkerInitOptions[] = [];
    const engine = new FakeEngine();
    const spawn = (): FakeWorker =>
      wire(async (options) => {
        seen.push(options);
        return engine;
      }).worker;
    await (await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/', worker: spawn })).dispose();
    await (await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/', worker: spawn, backendTiming: 'at-start' })).dispose();
    expect(seen.map((o) => o.backendTiming)).toEqual(['in-background', 'at-start']);
  });

  it('times nothing for an engine whose backend was measured, remembered or forced', async () => {
    const w = workers(new FakeEngine(), async () => TIMED);
    const recommender = await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/', worker: w.spawn, backendTimingDelayMs: 0 });
    await recommender.rank(request);
    await new Promise((r) => setTimeout(r, 20));
    expect(w.started).toHaveLength(1);
    await recommender.dispose();
  });

  it('starts no timing worker once the recommender is disposed', async () => {
    const w = workers(new ProvisionalEngine(), async () => TIMED);
    const recommender = await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/', worker: w.spawn, backendTimingDelayMs: 30 });
    await recommender.rank(request);
    await recommender.dispose();
    await new Promise((r) => setTimeout(r, 60));
    expect(w.started).toHaveLength(1);
  });

  it('warns and keeps the engine ranking when the timing fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const w = workers(new ProvisionalEngine(), async () => {
        throw new BackendError('No backend could be timed (webgpu: no adapter).');
      });
      const recommender = await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/', worker: w.spawn, backendTimingDelayMs: 0 });
      await recommender.rank(request);
      await vi.waitFor(() => expect(warn).toHaveBeenCalledOnce());
      expect(String(warn.mock.calls[0]![0])).toMatch(/could not be timed \(No backend could be timed \(webgpu: no adapter\)\.\); the engine keeps its backend/);
      await vi.waitFor(() => expect(w.started[1]!.terminated).toBe(true));
      expect((await recommender.rank(request)).ranked).toBe(true);
      await recommender.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses to time the backends in a worker that runs an engine', async () => {
    const w = workers(new FakeEngine(), async () => TIMED);
    const recommender = await createWorkerRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/', worker: w.spawn });
    const engineWorker = w.started[0]!;
    engineWorker.postMessage({ type: 'request', id: 998, method: 'timeBackends', args: [{ catalogue: FIXTURE_CATALOGUE, modelUrl: '/m/' }] });
    const answer = await new Promise<WorkerToPage>((resolve) =>
      engineWorker.addEventListener('message', (e) => {
        if (e.data.type === 'response' && e.data.id === 998) resolve(e.data);
      }),
    );
    expect(answer).toMatchObject({ ok: false, error: { name: 'EngineError', message: expect.stringMatching(/worker of their own/) } });
    expect(w.timed).toHaveLength(0);
    await recommender.dispose();
  });
});
