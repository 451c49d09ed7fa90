/**
 * Writes the committed fixture model (`src/engine/testing/fixture-model/`):
 * the fixture config with its seeded initial weights, in the shipped format.
 * Run with `npx tsx src/engine/testing/fixture-model.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../model/build';
import { TASK_NAMES } from '../model/config';
import { serializeWeights, sha256Hex, type ModelManifest } from '../model/manifest';
import { DEFAULT_RANKING } from '../rank/config';
import { FIXTURE_CONFIG, FIXTURE_SPEC } from './fixture';

/** Folder of the committed fixture model. */
export const FIXTURE_MODEL_DIR = fileURLToPath(new URL('./fixture-model/', import.meta.url));

/** Serialises the fixture model into the three files of a shipped model. */
export async function fixtureModelFiles(): Promise<Record<string, Uint8Array>> {
  const model = buildModel(FIXTURE_CONFIG);
  const { modelJson, weights } = await serializeWeights(model);
  model.dispose();
  const json = new TextEncoder().encode(modelJson);
  const manifest: ModelManifest = {
    format: 1,
    name: 'fixture',
    version: 'fixture-1',
    createdBy: 'npx tsx src/engine/testing/fixture-model.ts',
    config: FIXTURE_CONFIG,
    featureSpec: FIXTURE_SPEC,
    tasks: [...TASK_NAMES],
    ranking: DEFAULT_RANKING,
    metrics: {},
    files: [
      { path: 'model.json', bytes: json.byteLength, sha256: await sha256Hex(json) },
      { path: 'weights.bin', bytes: weights.byteLength, sha256: await sha256Hex(weights) },
    ],
  };
  return { 'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), 'model.json': json, 'weights.bin': weights };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await tf.setBackend('cpu');
  await mkdir(FIXTURE_MODEL_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(await fixtureModelFiles())) await writeFile(FIXTURE_MODEL_DIR + name, bytes);
  console.log(`wrote ${FIXTURE_MODEL_DIR}`);
}
