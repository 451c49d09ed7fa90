/**
 * Backend choice by measurement: on a first visit (or a new browser, GPU or
 * model) a small rerank is timed on every backend that starts and the
 * fastest is kept; the choice is remembered with what it was measured on.
 * The timing runs before the engine starts (`at-start`), or beside an
 * engine that starts at once on a provisional backend (`in-background`:
 * {@link timeBackends} in a worker of its own). A forced list (`backends`
 * option, the shop's `?backend=`) skips all this.
 */
import { BACKEND_ORDER, PROVISIONAL_ORDER, pickFastest, type BackendChoiceInfo, type BackendName, type BackendTiming } from '../api';
import { openBehaviourDB } from '../storage/store';
import { describeAdapter, selectBackend, startBackend, type BackendChoice, type WasmPaths } from './backend';
import { BackendError, errorMessage } from '../errors';

/** The `meta` key of the remembered choice. */
export const BACKEND_CHOICE_KEY = 'backend-choice';

/** What is remembered: the winner and what it was measured on. */
interface RememberedChoice {
  identity: string;
  backend: BackendName;
  timings: BackendTiming[];
  measuredAt: number;
}

function isRemembered(v: unknown): v is RememberedChoice {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<RememberedChoice>;
  return typeof r.identity === 'string' && typeof r.backend === 'string' && BACKEND_ORDER.includes(r.backend) && Array.isArray(r.timings);
}

async function readRemembered(dbName: string): Promise<RememberedChoice | null> {
  const db = await openBehaviourDB(dbName);
  try {
    const record = await db.get('meta', BACKEND_CHOICE_KEY);
    if (typeof record?.value !== 'string') return null;
    const parsed: unknown = JSON.parse(record.value);
    return isRemembered(parsed) ? parsed : null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

async function remember(dbName: string, choice: RememberedChoice): Promise<void> {
  const db = await openBehaviourDB(dbName);
  try {
    await db.put('meta', { key: BACKEND_CHOICE_KEY, value: JSON.stringify(choice) });
  } finally {
    db.close();
  }
}

/** When the backends are timed: before the engine starts, or beside it. */
export type BackendTimingMode = 'at-start' | 'in-background';

/** Options of {@link chooseBackend} and {@link timeBackends}. */
export interface ChooseOptions {
  /** Backends to measure, in order of preference on a tie; default all. */
  candidates?: readonly BackendName[];
  wasmPaths?: WasmPaths;
  dbName: string;
  /** What the choice depends on besides the GPU adapter and browser: the model version. */
  modelVersion: string;
  /** Times a small rerank on the active backend, ms (warm-up included in the call, not in the time). */
  trial: () => Promise<number>;
  now: () => number;
  /**
   * `at-start` (default): with nothing remembered, time every backend now and
   * start on the fastest. `in-background`: start on the first of
   * {@link PROVISIONAL_ORDER} that starts, untimed, and leave the timing to
   * {@link timeBackends}.
   */
  timing?: BackendTimingMode;
}

/** What the remembered choice must match: the GPU adapter, the browser and the model. */
async function identityOf(modelVersion: string): Promise<string> {
  // The adapter is only known once WebGPU is asked; the identity includes it when there is one.
  const gpu = typeof navigator !== 'undefined' && navigator.gpu ? ((await describeAdapter()) ?? 'no adapter') : 'no WebGPU';
  return [gpu, typeof navigator === 'undefined' ? 'no navigator' : navigator.userAgent, `model ${modelVersion}`].join(' | ');
}

/** Times the trial on each candidate that starts, in order; the last one timed stays active. */
async function timeEach(candidates: readonly BackendName[], o: ChooseOptions): Promise<BackendTiming[]> {
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    const started = await startBackend(backend, o.wasmPaths);
    if ('reason' in started) {
      timings.push({ backend, ms: null, note: firstLine(started.reason) });
      continue;
    }
    try {
      timings.push({ backend, ms: await o.trial() });
    } catch (e) {
      timings.push({ backend, ms: null, note: firstLine(e) });
    }
  }
  return timings;
}

/**
 * Picks the backend: the remembered one if this browser, adapter and model
 * measured before, else the fastest by {@link ChooseOptions.trial}, or with
 * `timing: 'in-background'` a provisional one. Leaves it active.
 * @returns the backend that started and how it was chosen.
 * @throws {BackendError} when no backend starts.
 */
export async function chooseBackend(o: ChooseOptions): Promise<{ choice: BackendChoice; info: BackendChoiceInfo }> {
  const candidates = o.candidates ?? BACKEND_ORDER;
  const identity = await identityOf(o.modelVersion);
  const remembered = await readRemembered(o.dbName).catch(() => null);
  if (remembered?.identity === identity && candidates.includes(remembered.backend)) {
    try {
      const choice = await selectBackend([remembered.backend], o.wasmPaths);
      return { choice, info: { how: 'remembered', timings: remembered.timings, measuredAt: remembered.measuredAt } };
    } catch {
      // It no longer starts: measure again.
    }
  }
  if (o.timing === 'in-background') {
    const order = PROVISIONAL_ORDER.filter((b) => candidates.includes(b));
    return { choice: await selectBackend(order, o.wasmPaths), info: { how: 'provisional', timings: [], measuredAt: null } };
  }
  const timings = await timeEach(candidates, o);
  const fastest = pickFastest(timings);
  const choice = await selectBackend(fastest ? [fastest, ...candidates.filter((b) => b !== fastest)] : candidates, o.wasmPaths);
  const measuredAt = o.now();
  if (fastest) await remember(o.dbName, { identity, backend: fastest, timings, measuredAt }).catch(() => undefined);
  return { choice, info: { how: 'measured', timings, measuredAt } };
}

/**
 * Times every candidate backend and remembers the fastest for the engines
 * that start after it; the engine already running keeps its backend. Leaves
 * the last timed backend active: run it where nothing else uses TensorFlow.js
 * (a worker of its own).
 * @returns how the backends were timed (`how: 'measured'`).
 * @throws {BackendError} when no backend produced a time.
 */
export async function timeBackends(o: ChooseOptions): Promise<BackendChoiceInfo> {
  const identity = await identityOf(o.modelVersion);
  const timings = await timeEach(o.candidates ?? BACKEND_ORDER, o);
  const fastest = pickFastest(timings);
  if (!fastest) throw new BackendError(`No backend could be timed (${timings.map((t) => `${t.backend}: ${t.note ?? 'no time'}`).join('; ')}).`);
  const measuredAt = o.now();
  await remember(o.dbName, { identity, backend: fastest, timings, measuredAt });
  return { how: 'measured', timings, measuredAt };
}

const firstLine = (e: unknown): string => errorMessage(e).split('\n')[0]!.slice(0, 200);
