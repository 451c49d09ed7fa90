/**
 * The worker side of the protocol: owns one {@link Recommender}, answers the
 * page's requests and forwards its events. Kept apart from `engine.worker.ts`
 * (which only wires it to the worker's global scope) so it can be tested over
 * a `MessageChannel` with a fake engine.
 */
import type { BackendChoiceInfo, EngineEvent, Recommender } from '../api';
import { EngineError } from '../errors';
import {
  serialiseError,
  type EngineMethod,
  type EngineMethods,
  type EngineRequest,
  type MessagePortLike,
  type PageToWorker,
  type StartupStage,
  type WorkerInitOptions,
  type WorkerToPage,
} from './protocol';

/** Starts the engine the host serves; `createRecommender` in the worker. */
export type EngineFactory = (options: WorkerInitOptions, onProgress: (stage: StartupStage) => void) => Promise<Recommender>;

/** Times the backends in a worker that runs no engine; `measureBackends` in the worker. */
export type BackendTimer = (options: WorkerInitOptions) => Promise<BackendChoiceInfo | null>;

/** What {@link serveRecommender} returns. */
export interface RecommenderHost {
  /** Stops listening to the port (the engine, if any, is left as it is). */
  close(): void;
}

type Value<M extends EngineMethod> = EngineMethods[M]['value'];

/**
 * Serves one engine over a port: the first `init` request starts it with
 * `factory`; later requests call it. Every engine event is forwarded, and the
 * engine's info is pushed after every rank (before the rank's answer, so the
 * page's `info()` is fresh when `rank` resolves).
 * @param port - The worker's global scope, or a `MessagePort` in tests.
 * @param factory - Starts the engine from the posted options.
 * @param timer - Answers `timeBackends` (a worker that only times the backends); without it that request fails.
 * @returns A handle to stop serving.
 * @example
 * // engine.worker.ts
 * serveRecommender(self, (options, onProgress) => createRecommender({ ...options, onProgress }));
 */
export function serveRecommender(port: MessagePortLike<PageToWorker, WorkerToPage>, factory: EngineFactory, timer?: BackendTimer): RecommenderHost {
  let engine: Recommender | null = null;
  let starting = false;
  let unsubscribe: (() => void) | null = null;
  // Last pushed payload per event type, to skip repeats (the engine may also
  // emit info after a rank, and the host pushes it anyway).
  const lastPushed = new Map<EngineEvent['type'], string>();

  const post = (message: WorkerToPage): void => {
    port.postMessage(message);
  };

  const push = (event: EngineEvent): void => {
    const key = JSON.stringify(event);
    if (lastPushed.get(event.type) === key) return;
    lastPushed.set(event.type, key);
    post({ type: 'event', event });
  };

  const started = (): Recommender => {
    if (engine) return engine;
    throw new EngineError(
      starting
        ? 'The engine is still starting; wait for createWorkerRecommender() to resolve before calling it.'
        : 'The engine is not running (it failed to start or was disposed); create a new recommender.',
    );
  };

  async function init(options: WorkerInitOptions): Promise<Value<'init'>> {
    if (engine || starting) throw new EngineError('This worker already runs an engine; start one worker per recommender.');
    starting = true;
    try {
      const e = await factory(options, (stage) => post({ type: 'progress', stage }));
      let value: Value<'init'>;
      try {
        // Subscribe first so no event falls between the snapshot and the listener.
        unsubscribe = e.subscribe(push);
        value = { info: e.info(), status: e.fineTuneStatus(), popularity: e.popularity() };
      } catch (err) {
        unsubscribe?.();
        unsubscribe = null;
        await e.dispose().catch(() => undefined);
        throw err;
      }
      engine = e;
      lastPushed.set('info', JSON.stringify({ type: 'info', info: value.info } satisfies EngineEvent));
      lastPushed.set('finetune', JSON.stringify({ type: 'finetune', status: value.status } satisfies EngineEvent));
      return value;
    } finally {
      starting = false;
    }
  }

  async function handle(request: EngineRequest): Promise<unknown> {
    switch (request.method) {
      case 'init':
        return init(...request.args);
      case 'timeBackends':
        if (engine || starting)
          throw new EngineError('This worker runs an engine; time the backends in a worker of their own (TensorFlow.js has one backend at a time).');
        if (!timer) throw new EngineError('This worker cannot time backends.');
        return timer(...request.args);
      case 'rank': {
        const e = started();
        const result = await e.rank(...request.args);
        push({ type: 'info', info: e.info() });
        return result;
      }
      case 'record':
        return started().record(...request.args);
      case 'recordMany':
        return started().recordMany(...request.args);
      case 'interests':
        return started().interests(...request.args);
      case 'recentlyViewed':
        return started().recentlyViewed(...request.args);
      case 'fineTune': {
        const e = started();
        const status = await e.fineTune();
        push({ type: 'finetune', status });
        return status;
      }
      case 'resetPersonalisation': {
        const e = started();
        await e.resetPersonalisation();
        push({ type: 'finetune', status: e.fineTuneStatus() });
        return undefined;
      }
      case 'dataSummary':
        return started().dataSummary();
      case 'exportData':
        return started().exportData();
      case 'eraseData': {
        const e = started();
        await e.eraseData();
        push({ type: 'finetune', status: e.fineTuneStatus() });
        push({ type: 'info', info: e.info() });
        return undefined;
      }
      case 'setPaused': {
        const e = started();
        await e.setPaused(...request.args);
        push({ type: 'info', info: e.info() });
        return undefined;
      }
      case 'simulateDeviceLoss':
        return started().simulateDeviceLoss();
      case 'dispose': {
        const e = engine;
        engine = null;
        unsubscribe?.();
        unsubscribe = null;
        await e?.dispose();
        return undefined;
      }
    }
  }

  const onMessage = (event: MessageEvent<PageToWorker>): void => {
    const request = event.data;
    if (request?.type !== 'request') return;
    handle(request).then(
      (value) => {
        try {
          post({ type: 'response', id: request.id, ok: true, value });
        } catch (e) {
          // The value could not be cloned (a bug in the engine's result).
          post({ type: 'response', id: request.id, ok: false, error: serialiseError(e) });
        }
      },
      (e: unknown) => post({ type: 'response', id: request.id, ok: false, error: serialiseError(e) }),
    );
  };

  port.addEventListener('message', onMessage);
  return {
    close: () => port.removeEventListener('message', onMessage),
  };
}
