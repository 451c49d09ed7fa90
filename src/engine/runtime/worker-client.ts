/**
 * The page side of the engine worker: a {@link Recommender} whose async
 * methods run in a dedicated Web Worker and whose sync methods answer from
 * what the worker last pushed. The page never loads TensorFlow.js.
 */
import type {
  BackendChoiceInfo,
  DataExport,
  DataSummary,
  EngineEvent,
  EngineInfo,
  FineTuneStatus,
  PopularOrder,
  RankRequest,
  RankResult,
  Recommender,
} from '../api';
import type { Catalogue } from '../catalogue/types';
import { EngineError, errorMessage } from '../errors';
import { defaultPage } from '../rank/rank';
import { requestIds } from '../rank/request-id';
import {
  deserialiseError,
  type EngineMethod,
  type EngineMethods,
  type EngineRequest,
  type MessagePortLike,
  type PageToWorker,
  type StartupStage,
  type WorkerInitOptions,
  type WorkerToPage,
} from './protocol';

/**
 * The part of a `Worker` the client uses; a real `Worker` fits, and so does a
 * test double over a `MessageChannel`.
 */
export interface WorkerLike extends MessagePortLike<WorkerToPage, PageToWorker> {
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerToPage>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

/** Options of {@link createWorkerRecommender}: the engine's options minus the ones that cannot cross to a worker. */
export type WorkerRecommenderOptions = WorkerInitOptions & {
  /** Called as each start-up stage begins in the worker. */
  onProgress?: (stage: StartupStage) => void;
  /** Starts the worker; default the bundled `engine.worker.ts` as a module worker. */
  worker?: () => WorkerLike;
  /**
   * Called once if the worker dies after it was ready (pending and later
   * calls reject with the same error). Start-up failures reject instead.
   */
  onCrash?: (error: EngineError) => void;
  /** How long after the first ranked page a provisional engine's backends are timed, ms; default {@link BACKEND_TIMING_DELAY_MS}. */
  backendTimingDelayMs?: number;
};

/**
 * The pause between a provisional engine's first ranked page and the start
 * of the background timing: the shopper's first page has the CPU to itself.
 */
export const BACKEND_TIMING_DELAY_MS = 1000;

type Value<M extends EngineMethod> = EngineMethods[M]['value'];

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A {@link Recommender} that forwards to an engine served by `serveRecommender`
 * on the other end of `port`. Exported for tests; the shop uses {@link createWorkerRecommender}.
 */
export class RemoteRecommender implements Recommender {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private lastId = 0;
  private latestInfo: EngineInfo | null = null;
  private latestStatus: FineTuneStatus | null = null;
  private popular: PopularOrder | null = null;
  private readonly categories: ReadonlyMap<string, string>;
  /** Set once the worker is gone: every call rejects with it. */
  private dead: EngineError | null = null;
  private ready = false;
  /** Called once, after the first rank answered (see {@link whenFirstRanked}). */
  private onFirstRank: (() => void) | null = null;
  // Request ids of the default order: the engine's shape with a tag of this
  // page, so they never collide with the worker's.
  private readonly nextRequestId = requestIds(() => Date.now());

  /**
   * @param port - The worker (or a test port).
   * @param catalogue - The catalogue's ads and categories, for {@link defaultOrder}.
   * @param close - Ends the worker once disposed or dead (`worker.terminate()`).
   * @param onProgress - Start-up stages pushed by the worker.
   * @param onCrash - See {@link WorkerRecommenderOptions.onCrash}.
   */
  constructor(
    private readonly port: MessagePortLike<WorkerToPage, PageToWorker>,
    private readonly catalogue: Pick<Catalogue, 'ads' | 'items'>,
    private readonly close: () => void = () => undefined,
    private readonly onProgress?: (stage: StartupStage) => void,
    private readonly onCrash?: (error: EngineError) => void,
  ) {
    this.categories = new Map(catalogue.items.map((i) => [i.id, i.category]));
    port.addEventListener('message', this.onMessage);
  }

  /**
   * Starts the engine in the worker.
   * @throws the worker's start-up error, rebuilt with its class (`ModelLoadError`, `BackendError`, ...).
   */
  async start(options: WorkerInitOptions): Promise<void> {
    const { info, status, popularity } = await this.call('init', [options]);
    // Events pushed while `init` was on its way are older than this snapshot.
    this.latestInfo = info;
    this.latestStatus = status;
    this.popular = popularity;
    this.ready = true;
  }

  /**
   * Marks the worker dead: rejects every pending call with `reason`, and later calls too.
   * @param reason - Why, in words the shopper's console can act on.
   */
  fail(reason: string): void {
    if (this.dead) return;
    const error = new EngineError(reason);
    this.dead = error;
    this.port.removeEventListener('message', this.onMessage);
    this.close();
    this.rejectAll(error);
    if (this.ready) this.onCrash?.(error);
  }

  private readonly onMessage = (event: MessageEvent<WorkerToPage>): void => {
    const message = event.data;
    switch (message?.type) {
      case 'response': {
        const p = this.pending.get(message.id);
        if (!p) return;
        this.pending.delete(message.id);
        if (message.ok) p.resolve(message.value);
        else p.reject(deserialiseError(message.error));
        return;
      }
      case 'event':
        if (message.event.type === 'info') this.latestInfo = message.event.info;
        else if (message.event.type === 'finetune') this.latestStatus = message.event.status;
        for (const listener of [...this.listeners]) {
          try {
            listener(message.event);
          } catch (e) {
            // One broken listener must not starve the others.
            console.error('[engine] an event listener threw:', e);
          }
        }
        return;
      case 'progress':
        this.onProgress?.(message.stage);
        return;
    }
  };

  private rejectAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  private call<M extends EngineMethod>(method: M, args: EngineMethods[M]['args']): Promise<Value<M>> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.lastId;
    return new Promise<Value<M>>((resolve, reject) => {
      // The value's type is fixed by `method`; the wire cannot carry it.
      this.pending.set(id, { resolve: (value) => resolve(value as Value<M>), reject });
      try {
        // TypeScript cannot narrow a generic key into the request union.
        this.port.postMessage({ type: 'request', id, method, args } as EngineRequest);
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new EngineError(String(e)));
      }
    });
  }

  info(): EngineInfo {
    if (!this.latestInfo) throw new EngineError('info() before the engine started; await createWorkerRecommender() first.');
    return this.latestInfo;
  }

  fineTuneStatus(): FineTuneStatus {
    if (!this.latestStatus) throw new EngineError('fineTuneStatus() before the engine started; await createWorkerRecommender() first.');
    return this.latestStatus;
  }

  defaultOrder(request: RankRequest): RankResult {
    const popular = this.popular;
    const slots = defaultPage(request, this.catalogue.ads, popular, (id) => this.categories.get(id));
    return { requestId: this.nextRequestId(), slots, ranked: false, order: popular ? 'popular' : 'given', elapsedMs: 0 };
  }

  popularity(): PopularOrder | null {
    return this.popular;
  }

  rank(request: RankRequest): Promise<RankResult> {
    return this.call('rank', [request]).then((result) => {
      const first = this.onFirstRank;
      this.onFirstRank = null;
      first?.();
      return result;
    });
  }

  /** Calls `callback` once, when a rank first answers. */
  whenFirstRanked(callback: () => void): void {
    this.onFirstRank = callback;
  }

  /**
   * Times the backends in this worker, which runs no engine (`measureBackends`).
   * @returns the times, or `null` when another tab is timing them.
   */
  timeBackends(options: WorkerInitOptions): Promise<BackendChoiceInfo | null> {
    return this.call('timeBackends', [options]);
  }

  record(event: Parameters<Recommender['record']>[0]): Promise<void> {
    return this.call('record', [event]);
  }

  recordMany(events: Parameters<Recommender['recordMany']>[0]): Promise<void> {
    return this.call('recordMany', [events]);
  }

  interests(k?: number): Promise<Awaited<ReturnType<Recommender['interests']>>> {
    return this.call('interests', k === undefined ? [] : [k]);
  }

  recentlyViewed(k?: number): Promise<string[]> {
    return this.call('recentlyViewed', k === undefined ? [] : [k]);
  }

  fineTune(): Promise<FineTuneStatus> {
    return this.call('fineTune', []);
  }

  resetPersonalisation(): Promise<void> {
    return this.call('resetPersonalisation', []);
  }

  dataSummary(): Promise<DataSummary> {
    return this.call('dataSummary', []);
  }

  exportData(): Promise<DataExport> {
    return this.call('exportData', []);
  }

  eraseData(): Promise<void> {
    return this.call('eraseData', []);
  }

  setPaused(paused: boolean): Promise<void> {
    return this.call('setPaused', [paused]);
  }

  simulateDeviceLoss(): Promise<void> {
    return this.call('simulateDeviceLoss', []);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Disposes the engine in the worker, then ends the worker. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.dead) return;
    try {
      await this.call('dispose', []);
    } finally {
      this.listeners.clear();
      this.fail('The recommender was disposed; create a new one to keep ranking.');
    }
  }
}

const describeWorkerError = (event: Event): string => {
  if (typeof ErrorEvent !== 'undefined' && event instanceof ErrorEvent && event.message) {
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    return `${event.message}${where}`;
  }
  return event.type === 'messageerror' ? 'a message from it could not be read' : 'its script failed to load or threw at the top level';
};

/**
 * Starts the recommender in a dedicated Web Worker, behind the same
 * {@link Recommender} interface as `createRecommender`.
 * @param options - see {@link WorkerRecommenderOptions}; URLs in it are
 *   resolved against the worker's script URL, so pass absolute ones.
 * @returns A ready {@link Recommender}; `dispose()` also terminates the worker.
 * @throws {ModelLoadError | BackendError | StorageError | ConfigError} as `createRecommender` does, rebuilt from the worker.
 * @throws {EngineError} when the worker itself cannot start or dies while starting.
 * @example
 * const recommender = await createWorkerRecommender({ catalogue, modelUrl: new URL('/models/', location.href).href });
 * recommender.subscribe((e) => e.type === 'info' && console.log(e.info.lastRankMs));
 */
export async function createWorkerRecommender(options: WorkerRecommenderOptions): Promise<Recommender> {
  const { onProgress, worker: startWorker, onCrash, backendTimingDelayMs = BACKEND_TIMING_DELAY_MS, ...rest } = options;
  // A second worker can time the backends, so the engine need not wait for it.
  const init: WorkerInitOptions = { ...rest, backendTiming: rest.backendTiming ?? 'in-background' };
  const spawn = (): WorkerLike => (startWorker ? startWorker() : new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }));
  let worker: WorkerLike;
  try {
    worker = spawn();
  } catch (e) {
    throw new EngineError(`The engine worker could not be created (${errorMessage(e)}); run the engine in the page instead.`, {
      cause: e,
    });
  }
  let timing: BackgroundTiming | null = null;
  const remote = new RemoteRecommender(
    worker,
    init.catalogue,
    () => {
      worker.terminate();
      timing?.stop();
    },
    onProgress,
    onCrash,
  );
  const onFailure = (event: Event): void => {
    remote.fail(`The engine worker stopped: ${describeWorkerError(event)}. Reload the page; if it happens again, the worker's error is in the console.`);
  };
  worker.addEventListener('error', onFailure);
  worker.addEventListener('messageerror', onFailure);
  try {
    await remote.start(init);
  } catch (e) {
    // `fail` terminates the worker; a no-op if it is already dead.
    remote.fail('The engine did not start; create a new recommender to try again.');
    throw e;
  }
  if (remote.info().backendChoice.how === 'provisional') {
    const t = new BackgroundTiming(spawn, init);
    timing = t;
    remote.whenFirstRanked(() => t.startAfter(backendTimingDelayMs));
  }
  return remote;
}

/**
 * A provisional engine's backends timed in a worker of their own, once: the
 * times reach the engine (and other tabs' engines) from that worker over a
 * BroadcastChannel, and the fastest is remembered for the next start. A
 * failure leaves the engine as it is (it is timed again on the next visit).
 */
class BackgroundTiming {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private remote: RemoteRecommender | null = null;
  private stopped = false;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly options: WorkerInitOptions,
  ) {}

  startAfter(delayMs: number): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      const worker = this.spawn();
      const remote = new RemoteRecommender(worker, this.options.catalogue, () => worker.terminate());
      this.remote = remote;
      const fail = (event: Event): void => remote.fail(`The backend timing worker stopped: ${describeWorkerError(event)}.`);
      worker.addEventListener('error', fail);
      worker.addEventListener('messageerror', fail);
      await remote.timeBackends(this.options);
    } catch (e) {
      if (!this.stopped)
        console.warn(`[engine] the backends could not be timed (${errorMessage(e)}); the engine keeps its backend and times them on the next visit.`);
    } finally {
      this.stop();
    }
  }

  /** Ends the timing worker, now or before it starts. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.remote?.fail('The backend timing ended.');
    this.remote = null;
  }
}
