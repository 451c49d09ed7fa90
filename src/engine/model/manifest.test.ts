import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../errors';
import { memoryFetch } from '../testing/files';
import { FIXTURE_CONFIG } from '../testing/fixture';
import { fixtureModelFiles } from '../testing/fixture-model';
import { buildModel } from './build';
import { loadModel, sha256Hex } from './manifest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function served(change?: (files: Record<string, Uint8Array>) => void) {
  const files = await fixtureModelFiles();
  change?.(files);
  return memoryFetch(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/m/${k}`, v])));
}

describe('loadModel', () => {
  it('loads the weights it was given', async () => {
    const { manifest, model } = await loadModel('/m/', await served());
    const fresh = buildModel(FIXTURE_CONFIG);
    expect(manifest.version).toBe('fixture-1');
    for (const [name, v] of model.weights) expect(v.dataSync()).toEqual(fresh.weights.get(name)!.dataSync());
    model.dispose();
    fresh.dispose();
  });

  it('hashes like sha256sum', async () => {
    // sha256("abc"), FIPS 180-2 test vector.
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('rejects a tampered weight file', async () => {
    const fetchFn = await served((f) => {
      f['weights.bin'] = f['weights.bin']!.slice();
      f['weights.bin'][10] = (f['weights.bin'][10]! + 1) % 256;
    });
    await expect(loadModel('/m/', fetchFn)).rejects.toThrow(ModelLoadError);
    await expect(loadModel('/m/', fetchFn)).rejects.toThrow(/integrity check/);
  });

  it('rejects a truncated weight file', async () => {
    const fetchFn = await served((f) => {
      f['weights.bin'] = f['weights.bin']!.slice(0, 100);
    });
    await expect(loadModel('/m/', fetchFn)).rejects.toThrow(/truncated/);
  });

  it('names a missing file and a broken manifest', async () => {
    await expect(loadModel('/m/', await served((f) => delete f['weights.bin']))).rejects.toThrow(/weights\.bin: HTTP 404/);
    await expect(loadModel('/m/', await served((f) => (f['manifest.json'] = new TextEncoder().encode('{"format":1'))))).rejects.toThrow(/not valid JSON/);
    await expect(loadModel('/nowhere/', await served())).rejects.toThrow(ModelLoadError);
  });
});
