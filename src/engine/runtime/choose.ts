/**
 * Backend choice by measurement: on a first visit (or a new browser, GPU or
 * model) the engine times a small rerank on every backend that starts and
 * keeps the fastest; the choice is remembered with what it was measured on.
 * A forced list (`backends` option, the shop's `?backend=`) skips all this.
 */
import { BACKEND_ORDER, type BackendChoiceInfo, type BackendName, type BackendTiming } from '../api';
import { openBehaviourDB } from '../storage/store';
import { describeAdapter, selectBackend, type BackendChoice, type WasmPaths } from './backend';
import { errorMessage } from '../errors';

/** The `meta` key of the remembered choice. */
export const BACKEND_CHOICE_KEY = 'backend-choice';

/** What is remembered: the winner and what it was measured on. */
interface RememberedChoice {
  identity: string;
  backend: BackendName;
  timings: BackendTiming[];
  measuredAt: number;
}

/**
 * The fastest backend that produced a time.
 * @returns its name, or `null` when none did.
 * @example pickFastest([{ backend: 'webgpu', ms: 90 }, { backend: 'wasm', ms: 3 }]) // 'wasm'
 */
export function pickFastest(timings: readonly BackendTiming[]): BackendName | null {
  let best: BackendTiming | null = null;
  for (const t of timings) if (t.ms !== null && Number.isFinite(t.ms) && (best === null || t.ms < best.ms!)) best = t;
  return best?.backend ?? null;
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

/** Options of {@link chooseBackend}. */
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
}

/**
 * Picks the backend: the remembered one if this browser, adapter and model
 * measured before, else the fastest by {@link ChooseOptions.trial}. Leaves it active.
 * @returns the backend that started and how it was chosen.
 * @throws {BackendError} when no backend starts.
 */
export async function chooseBackend(o: ChooseOptions): Promise<{ choice: BackendChoice; info: BackendChoiceInfo }> {
  const candidates = o.candidates ?? BACKEND_ORDER;
  // The adapter is only known once WebGPU is asked; the identity includes it when there is one.
  const gpu = typeof navigator !== 'undefined' && navigator.gpu ? ((await describeAdapter()) ?? 'no adapter') : 'no WebGPU';
  const identity = [gpu, typeof navigator === 'undefined' ? 'no navigator' : navigator.userAgent, `model ${o.modelVersion}`].join(' | ');
  const remembered = await readRemembered(o.dbName).catch(() => null);
  if (remembered?.identity === identity && candidates.includes(remembered.backend)) {
    try {
      const choice = await selectBackend([remembered.backend], o.wasmPaths);
      return { choice, info: { how: 'remembered', timings: remembered.timings, measuredAt: remembered.measuredAt } };
    } catch {
      // It no longer starts: measure again.
    }
  }
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    try {
      await selectBackend([backend], o.wasmPaths);
    } catch (e) {
      timings.push({ backend, ms: null, note: firstLine(e) });
      continue;
    }
    try {
      timings.push({ backend, ms: await o.trial() });
    } catch (e) {
      timings.push({ backend, ms: null, note: firstLine(e) });
    }
  }
  const fastest = pickFastest(timings);
  const choice = await selectBackend(fastest ? [fastest, ...candidates.filter((b) => b !== fastest)] : candidates, o.wasmPaths);
  const measuredAt = o.now();
  if (fastest) await remember(o.dbName, { identity, backend: fastest, timings, measuredAt }).catch(() => undefined);
  return { choice, info: { how: 'measured', timings, measuredAt } };
}

const firstLine = (e: unknown): string => errorMessage(e).split('\n')[0]!.slice(0, 200);
