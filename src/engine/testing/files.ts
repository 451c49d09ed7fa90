/** Test helpers that serve files the way `fetch` would. */
import { readFile } from 'node:fs/promises';

export { memoryFetch } from '../model/manifest';

/** Reads a folder's model files into a map for {@link memoryFetch}, under `prefix`. */
export async function readModelFiles(dir: string, prefix: string): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const name of ['manifest.json', 'model.json', 'weights.bin']) out[prefix + name] = new Uint8Array(await readFile(dir + name));
  return out;
}
