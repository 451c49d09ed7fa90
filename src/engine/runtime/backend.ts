/**
 * Backend choice: the first of webgpu -> webgl -> wasm -> cpu (or the order
 * given) that starts. Backends load on demand, so a page that runs on WebGPU
 * never downloads the wasm binaries.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { BACKEND_ORDER, type BackendName } from '../api';
import { BackendError } from '../errors';

/** Where the wasm backend finds its `.wasm` files: a folder URL or a map of file name to URL. */
export type WasmPaths = string | Record<string, string>;

/** The backend that started. */
export interface BackendChoice {
  backend: BackendName;
  /** GPU adapter (vendor, architecture, description) on WebGPU; `null` elsewhere. */
  adapter: string | null;
  /** Why each backend before it was skipped. */
  skipped: Array<{ backend: BackendName; reason: string }>;
}

async function register(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<string | null> {
  if (name === 'webgpu') {
    if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) return 'navigator.gpu is missing (WebGPU is off in this browser)';
    // Without an adapter TensorFlow.js's WebGPU backend fails with a TypeError and a console warning; say why instead.
    if (!(await navigator.gpu.requestAdapter().catch(() => null))) return 'no WebGPU adapter (no supported GPU, or WebGPU is blocked for this browser)';
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPaths !== undefined) {
      if (typeof wasmPaths === 'string') wasm.setWasmPaths(wasmPaths);
      else
        wasm.setWasmPaths(
          wasmPaths as { [path in 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm']?: string },
        );
    }
  }
  return null;
}

/** The GPU adapter's vendor, architecture and description, or `null` without WebGPU. */
export async function describeAdapter(): Promise<string | null> {
  if (typeof navigator === 'undefined' || !navigator.gpu) return null;
  try {
    const adapter = await navigator.gpu.requestAdapter();
    const info = adapter?.info;
    if (!info) return null;
    const parts = [info.vendor, info.architecture, info.device, info.description].filter((s) => typeof s === 'string' && s.length > 0);
    return parts.length ? [...new Set(parts)].join(' · ') : 'unknown adapter';
  } catch {
    return null;
  }
}

/**
 * Starts one backend and makes it tfjs's backend.
 * @returns the backend that started, or why it did not, in words.
 */
export async function startBackend(name: BackendName, wasmPaths?: WasmPaths): Promise<BackendChoice | { reason: string }> {
  if (!BACKEND_ORDER.includes(name)) return { reason: `unknown backend; use one of ${BACKEND_ORDER.join(', ')}` };
  try {
    const unavailable = await register(name, wasmPaths);
    if (unavailable) return { reason: unavailable };
    if (!(await tf.setBackend(name))) return { reason: 'failed to initialise' };
    await tf.ready();
    // A backend can register but fail on first use (for example a WebGL
    // context that cannot be created); one tiny op tells.
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    await probe.data();
    probe.dispose();
    return { backend: name, adapter: name === 'webgpu' ? await describeAdapter() : null, skipped: [] };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/**
 * Starts the first backend of `order` that works and makes it tfjs's backend.
 * @param order - backends to try, first preferred; default webgpu, webgl, wasm, cpu.
 * @param wasmPaths - where the wasm backend's binaries are served.
 * @throws {BackendError} when none starts.
 */
export async function selectBackend(order: readonly BackendName[] = BACKEND_ORDER, wasmPaths?: WasmPaths): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    const started = await startBackend(name, wasmPaths);
    if ('reason' in started) skipped.push({ backend: name, reason: started.reason });
    else return { ...started, skipped };
  }
  throw new BackendError(
    `No TensorFlow.js backend could start (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}). Try another browser or allow WebGL.`,
  );
}

/** The active backend's GPU device, or `null` off WebGPU. */
function activeGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  // A type-only view of the WebGPU backend: importing the class would load the backend module.
  const backend = tf.backend() as Partial<Pick<WebGPUBackend, 'device'>>;
  return backend.device ?? null;
}

/** The active backend's WebGL context, or `null` off WebGL. */
function activeGlContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  // A type-only view of the WebGL backend's context (the class is not imported for a type).
  const backend = tf.backend() as { gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext } };
  return backend.gpgpu?.gl ?? null;
}

/**
 * Calls `onLost` once if the active GPU backend loses its device: a WebGPU
 * device (driver reset, GPU removed, `device.destroy()`) or a WebGL context
 * (`webglcontextlost`); nothing on wasm and cpu.
 * @param onLost - Receives the browser's reason in words.
 */
export function watchDeviceLoss(onLost: (reason: string) => void): void {
  const device = activeGpuDevice();
  if (device) {
    void device.lost.then((info) => onLost(info.message || `device ${info.reason ?? 'lost'}`));
    return;
  }
  const canvas = activeGlContext()?.canvas;
  canvas?.addEventListener('webglcontextlost', () => onLost('the WebGL context was lost'), { once: true });
}

/**
 * Loses the active GPU backend's device, as a driver reset would (fault
 * drills): destroys the WebGPU device, or loses the WebGL context.
 * @returns `true` when a GPU device or context was lost; `false` on wasm and
 *   cpu, or where the browser cannot lose a WebGL context on purpose.
 */
export function loseGpuDevice(): boolean {
  const device = activeGpuDevice();
  if (device) {
    device.destroy();
    return true;
  }
  const lose = activeGlContext()?.getExtension('WEBGL_lose_context');
  lose?.loseContext();
  return !!lose;
}
