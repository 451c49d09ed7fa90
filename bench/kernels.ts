/**
 * `npm run bench:kernels`: which TensorFlow.js kernels one rerank and one
 * fine-tuning step dispatch, with the shipped model on the cpu backend in
 * Node. The count of dispatches is what a GPU backend pays per request (each
 * is a shader launch on WebGPU), whatever the arithmetic.
 *
 * Options: --candidates 1000
 */
import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { Catalogue } from '../src/engine/catalogue/types';
import { createRecommender } from '../src/engine/recommender';
import { memoryFetch, readModelFiles } from '../src/engine/testing/files';

const { values: args } = parseArgs({ options: { candidates: { type: 'string', default: '1000' } } });
const root = fileURLToPath(new URL('../', import.meta.url));

async function main(): Promise<void> {
  const catalogue = JSON.parse(await readFile(`${root}public/catalogue.json`, 'utf8')) as Catalogue;
  // Clones with new ids make up the candidate count (unseen ids score from their attributes and title).
  const want = Number(args.candidates);
  const items = [...catalogue.items];
  for (let k = 1; items.length < want; k++) for (const item of catalogue.items) if (items.length < want) items.push({ ...item, id: `${item.id}-c${k}` });
  const big: Catalogue = { ...catalogue, items };
  const engine = await createRecommender({
    catalogue: big,
    modelUrl: '/models/',
    backends: ['cpu'],
    fetch: memoryFetch(await readModelFiles(`${root}models/`, '/models/')),
    dbName: 'kernels',
    fineTune: false,
  });
  const request = { page: 'home' as const, candidates: items.slice(0, want).map((i) => i.id), productSlots: 27, adPositions: [3, 12, 21] };
  await engine.rank(request);
  const info = await tf.profile(async () => {
    await engine.rank(request);
  });
  const byName = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, entry);
  }
  const total = [...byName.values()].reduce((sum, e) => sum + e.ms, 0);
  console.log(
    `one rerank of ${want} candidates (+ ${catalogue.ads.length} ads): ${info.kernels.length} kernel dispatches, ${info.newTensors} new tensors, peak ${(info.peakBytes / 1024).toFixed(0)} KiB, ${total.toFixed(1)} ms in kernels (cpu backend)`,
  );
  console.log(`  ${'kernel'.padEnd(22)} ${'count'.padStart(5)} ${'ms'.padStart(7)}`);
  console.log(
    [...byName]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([name, e]) => `  ${name.padEnd(22)} ${String(e.n).padStart(5)} ${e.ms.toFixed(2).padStart(7)}`)
      .join('\n'),
  );
  await engine.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
