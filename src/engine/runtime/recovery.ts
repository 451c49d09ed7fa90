/**
 * After a backend stops working: which backends to try next, and the notice
 * that tells the shopper what happened, in words that match what the engine did.
 */
import { BACKEND_ORDER, type BackendName } from '../api';

/** Why the engine's backend stopped working. */
export interface BackendLoss {
  /** In words, for the notice: the browser's reason, or what a fault drill did. */
  reason: string;
  /** A fault drill caused it, not the browser. */
  drill: boolean;
  /** The backend's GPU device or context is gone, so recovery does not start that backend again. */
  deviceGone: boolean;
}

/**
 * The loss a fault drill causes on `backend`.
 * @param gpuLost - whether the drill really lost a GPU device or WebGL context (see `loseGpuDevice`).
 * @example drillLoss('wasm', false) // { reason: 'fault drill: the backend was reset', drill: true, deviceGone: false }
 */
export function drillLoss(backend: BackendName, gpuLost: boolean): BackendLoss {
  if (!gpuLost) return { reason: 'fault drill: the backend was reset', drill: true, deviceGone: false };
  const what = backend === 'webgl' ? 'the WebGL context was lost' : 'the GPU device was destroyed';
  return { reason: `fault drill: ${what}`, drill: true, deviceGone: true };
}

/**
 * The backends to try, in order, after `from` stopped working. A backend
 * whose GPU device is gone is left out (another GPU backend may still start);
 * one that was only reset is started again first.
 * @param order - the engine's backend order (the one it was created with).
 * @example recoveryOrder('webgpu', ['webgpu'], true) // ['webgl', 'wasm', 'cpu']
 * @example recoveryOrder('wasm', ['webgpu', 'webgl', 'wasm', 'cpu'], false) // ['wasm', 'webgpu', 'webgl', 'cpu']
 */
export function recoveryOrder(from: BackendName, order: readonly BackendName[], deviceGone: boolean): BackendName[] {
  const others = order.filter((b) => b !== from);
  if (!deviceGone) return [from, ...others];
  return others.length ? others : BACKEND_ORDER.filter((b) => b !== from);
}

/**
 * The notice after the engine recovered from `loss` on `from` and ranks on `to`.
 * @example recoveryNotice('webgpu', 'wasm', { reason: 'device lost', drill: false, deviceGone: true })
 * // 'The webgpu backend stopped working (device lost); the engine moved to wasm and kept ranking.'
 * @example recoveryNotice('wasm', 'wasm', drillLoss('wasm', false))
 * // 'Fault drill: the wasm backend was reset and started again; ranking went on.'
 */
export function recoveryNotice(from: BackendName, to: BackendName, loss: BackendLoss): string {
  if (loss.drill && !loss.deviceGone && to === from) return `Fault drill: the ${from} backend was reset and started again; ranking went on.`;
  const then = to === from ? 'the engine started it again' : `the engine moved to ${to}`;
  return `The ${from} backend stopped working (${loss.reason}); ${then} and kept ranking.`;
}
