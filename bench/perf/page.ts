/**
 * The perf page: {@link createPerfBench} in the browser, driven by
 * `bench/perf.ts` through `window.perf`.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { Catalogue } from '../../src/engine/catalogue/types';
import { loadModel } from '../../src/engine/model/manifest';
import { expose, status } from '../page-kit';
import { createPerfBench } from './bench-core';

const absolute = (url: string): string => new URL(url, location.href).href;

function webglRenderer(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

expose(
  'perf',
  createPerfBench({
    catalogue: async () => (await (await fetch('/catalogue.json')).json()) as Catalogue,
    engineOptions: {
      modelUrl: '/models/',
      wasmPaths: {
        'tfjs-backend-wasm.wasm': absolute(wasmPlain),
        'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
        'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
      },
    },
    loadModel: () => loadModel('/models/'),
    status,
    webglRenderer,
  }),
);
