/**
 * The messages between the page and the engine worker. The page sends
 * {@link EngineRequest}s; the worker answers each with an {@link EngineResponse}
 * carrying the same id, and pushes {@link EngineEventMessage}s (info, fine-tuning)
 * and {@link ProgressMessage}s (start-up stages) whenever they happen.
 *
 * Everything here crosses `postMessage`, so it must survive the structured
 * clone: plain data, no functions, no class instances (errors travel as
 * `{ name, message }` and are rebuilt on the other side).
 */
import type {
  BackendChoiceInfo,
  DataExport,
  DataSummary,
  EngineEvent,
  EngineInfo,
  EventInput,
  FineTuneStatus,
  InterestTag,
  PopularOrder,
  RankRequest,
  RankResult,
} from '../api';
import { BackendError, ConfigError, EngineError, ModelLoadError, StorageError } from '../errors';
import type { RecommenderOptions } from '../recommender';

/** A start-up stage, as `RecommenderOptions.onProgress` reports it. */
export type StartupStage = Parameters<NonNullable<RecommenderOptions['onProgress']>>[0];

/** The engine options that cross to the worker: everything but the functions. */
export type WorkerInitOptions = Omit<RecommenderOptions, 'fetch' | 'now' | 'onProgress'>;

// Compile-time guard: if `RecommenderOptions` gains a function-valued option,
// this stops compiling until the option is added to the `Omit` above (a
// function cannot be posted to a worker; `postMessage` would throw DataCloneError).
type FunctionKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends (...args: never[]) => unknown ? K : never }[keyof T];
const initOptionsAreCloneable: [FunctionKeys<WorkerInitOptions>] extends [never] ? true : false = true;
void initOptionsAreCloneable;

/** What the worker knows right after `init`, so the page's sync getters work at once. */
export interface InitResult {
  info: EngineInfo;
  status: FineTuneStatus;
  /** For the page's `defaultOrder`, which answers without a round trip. */
  popularity: PopularOrder | null;
}

/** Arguments and result of every method the page can call in the worker. */
export interface EngineMethods {
  init: { args: [options: WorkerInitOptions]; value: InitResult };
  /** In a worker of its own, beside the engine's: `measureBackends` (no engine is started). */
  timeBackends: { args: [options: WorkerInitOptions]; value: BackendChoiceInfo | null };
  rank: { args: [request: RankRequest]; value: RankResult };
  record: { args: [event: EventInput]; value: void };
  recordMany: { args: [events: EventInput[]]; value: void };
  interests: { args: [k?: number]; value: InterestTag[] };
  recentlyViewed: { args: [k?: number]; value: string[] };
  fineTune: { args: []; value: FineTuneStatus };
  resetPersonalisation: { args: []; value: void };
  dataSummary: { args: []; value: DataSummary };
  exportData: { args: []; value: DataExport };
  eraseData: { args: []; value: void };
  setPaused: { args: [paused: boolean]; value: void };
  simulateDeviceLoss: { args: []; value: void };
  dispose: { args: []; value: void };
}

/** One of {@link EngineMethods}. */
export type EngineMethod = keyof EngineMethods;

/** A call from the page; `id` is unique per page-side client. */
export type EngineRequest = { [M in EngineMethod]: { type: 'request'; id: number; method: M; args: EngineMethods[M]['args'] } }[EngineMethod];

/** An error as it crosses the boundary. `name` is one of {@link ERROR_CLASSES}' keys or the original error's name. */
export interface SerialisedError {
  name: string;
  message: string;
  /** Where it was thrown in the worker, so the page's console points at the engine, not at the client. */
  stack?: string;
}

/** The worker's answer to the request with the same `id`. */
export type EngineResponse = { type: 'response'; id: number; ok: true; value: unknown } | { type: 'response'; id: number; ok: false; error: SerialisedError };

/** An engine event, forwarded as it happens. */
export interface EngineEventMessage {
  type: 'event';
  event: EngineEvent;
}

/** A start-up stage beginning in the worker. */
export interface ProgressMessage {
  type: 'progress';
  stage: StartupStage;
}

/** Page to worker. */
export type PageToWorker = EngineRequest;

/** Worker to page. */
export type WorkerToPage = EngineResponse | EngineEventMessage | ProgressMessage;

/**
 * The part of `Worker`, `MessagePort` and a worker's global scope that the
 * protocol uses, so host and client can be tested over a `MessageChannel`.
 */
export interface MessagePortLike<In, Out> {
  postMessage(message: Out): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
}

/**
 * The engine's error classes by a name that survives minification (class
 * names may not: a minifier can rename `ModelLoadError` to `e`, and then
 * `error.name` would differ between the page bundle and the worker bundle).
 * Subclasses come before `EngineError` so the first `instanceof` match is the most specific.
 */
export const ERROR_CLASSES = {
  ModelLoadError,
  BackendError,
  ConfigError,
  StorageError,
  EngineError,
} as const satisfies Record<string, new (message: string) => EngineError>;

/** A key of {@link ERROR_CLASSES}. */
export type EngineErrorName = keyof typeof ERROR_CLASSES;

function isEngineErrorName(name: string): name is EngineErrorName {
  return Object.hasOwn(ERROR_CLASSES, name);
}

/**
 * Turns anything thrown into plain data for `postMessage`.
 * @param error - What was thrown.
 * @returns The engine class name (by `instanceof`, not by `error.name`), the message and the stack.
 * @example serialiseError(new ModelLoadError('gone')) // { name: 'ModelLoadError', message: 'gone', stack: '...' }
 */
export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof Error) {
    const stack = typeof error.stack === 'string' ? { stack: error.stack } : {};
    for (const [name, cls] of Object.entries(ERROR_CLASSES)) {
      if (error instanceof cls) return { name, message: error.message, ...stack };
    }
    return { name: error.name, message: error.message, ...stack };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * Rebuilds a thrown error on the page side.
 * @param error - From {@link serialiseError}.
 * @returns An instance of the engine's class of that name (so `instanceof ModelLoadError` works), else an `Error` with that name.
 * @example deserialiseError({ name: 'ModelLoadError', message: 'gone' }) instanceof ModelLoadError // true
 */
export function deserialiseError(error: SerialisedError): Error {
  const rebuilt = isEngineErrorName(error.name) ? new ERROR_CLASSES[error.name](error.message) : new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}
