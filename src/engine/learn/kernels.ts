/**
 * A linear-time UnsortedSegmentSum for the cpu backend.
 *
 * The gradient of an embedding lookup (gather) is an UnsortedSegmentSum over
 * the vocabulary. The stock cpu kernel makes one full masked pass over the
 * gradient per vocabulary entry, O(vocab x rows x dim): a 512-row training
 * step of this model took about 18 s on two cores. This one scatters each row
 * once, O(rows x dim), and gives the same sums.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

type TypedValues = Float32Array | Int32Array;

function segmentSum(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as MathBackendCPU;
  const x = args.inputs['x'] as tf.TensorInfo;
  const ids = args.inputs['segmentIds'] as tf.TensorInfo;
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  const xv = backend.data.get(x.dataId).values as TypedValues;
  const iv = backend.data.get(ids.dataId).values as TypedValues;
  const rows = ids.shape.reduce((a, b) => a * b, 1);
  const inner = rows === 0 ? 0 : xv.length / rows;
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let r = 0; r < rows; r++) {
    const s = iv[r] as number;
    // Like TensorFlow: ids outside [0, numSegments) are dropped.
    if (s < 0 || s >= numSegments) continue;
    const src = r * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] = (out[dst + j] as number) + (xv[src + j] as number);
  }
  const shape = [numSegments, ...x.shape.slice(ids.shape.length)];
  return backend.makeTensorInfo(shape, x.dtype, out);
}

let installed = false;

/**
 * Replaces the cpu backend's UnsortedSegmentSum with the linear-time kernel.
 * Idempotent; call before training on the cpu backend.
 */
export function installFastSegmentSum(): void {
  if (installed) return;
  if (tf.getKernel('UnsortedSegmentSum', 'cpu')) tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'cpu', kernelFunc: segmentSum as tf.KernelFunc });
  installed = true;
}
