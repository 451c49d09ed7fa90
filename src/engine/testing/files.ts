/** Test helpers that serve files the way `fetch` would. */
import { readFile } from 'node:fs/promises';
import type { FetchLike } from '../model/manifest';

/**
 * A `fetch` stand-in over in-memory files keyed by URL path (`/models/manifest.json`).
 * Unknown paths answer 404.
 */
export function memoryFetch(files: Record<string, Uint8Array>): FetchLike {
  return async (url) => {
    const bytes = files[url];
    if (!bytes) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    return { ok: true, status: 200, arrayBuffer: async () => bytes.slice().buffer };
  };
}

/** Reads a folder's model files into a map for {@link memoryFetch}, under `prefix`. */
export async function readModelFiles(dir: string, prefix: string): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const name of ['manifest.json', 'model.json', 'weights.bin']) out[prefix + name] = new Uint8Array(await readFile(dir + name));
  return out;
}
