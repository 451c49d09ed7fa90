import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelDownloadBytes, shopBundles } from './sizes';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perf-sizes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files: Record<string, string> = {
  'index.html': '<!doctype html><script type="module" crossorigin src="/assets/index-a.js"></script><link rel="modulepreload" href="/assets/vendor-b.js">',
  // Static imports in minified form, a dynamic one, and the worker's URL as a plain string.
  'assets/index-a.js':
    'import{a as b}from"./vendor-b.js";import"./css-c.js";new Worker(new URL("/assets/engine.worker-w.js",import.meta.url));import(`./lazy-d.js`);',
  'assets/vendor-b.js': 'export const a=1;',
  'assets/css-c.js': 'export{};',
  'assets/lazy-d.js': 'import{a}from"./vendor-b.js";import("./lazier-e.js");',
  'assets/lazier-e.js': 'export const e=2;',
  'assets/engine.worker-w.js': 'import{n as e}from"./runtime-r.js";import(`./backend-f.js`);',
  'assets/runtime-r.js': 'export const n=3;',
  'assets/backend-f.js': 'import{n}from"./runtime-r.js";export const f=n;',
};

async function writeBuild(): Promise<void> {
  await mkdir(join(dir, 'assets'));
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
}

const gz = (paths: string[]): number => paths.reduce((s, p) => s + gzipSync(Buffer.from(files[p]!), { level: 9 }).length, 0);

describe('shopBundles', () => {
  it('counts the entry and its static imports, the worker and its static imports, and the rest as lazy', async () => {
    await writeBuild();
    const b = await shopBundles(dir);
    expect(b.initial.files).toEqual(['assets/css-c.js', 'assets/index-a.js', 'assets/vendor-b.js']);
    expect(b.worker.files).toEqual(['assets/engine.worker-w.js', 'assets/runtime-r.js']);
    expect(b.lazy.files).toEqual(['assets/backend-f.js', 'assets/lazier-e.js', 'assets/lazy-d.js']);
    expect(b.initial.gzipBytes).toBe(gz(b.initial.files));
    expect(b.initial.rawBytes).toBe(b.initial.files.reduce((s, p) => s + files[p]!.length, 0));
  });

  it('says what is wrong with an incomplete build', async () => {
    await writeBuild();
    await rm(join(dir, 'assets/vendor-b.js'));
    await expect(shopBundles(dir)).rejects.toThrow(/vendor-b\.js is imported but not in/);
  });
});

describe('modelDownloadBytes', () => {
  it('adds the manifest to the files it lists, as found on disk', async () => {
    const manifest = JSON.stringify({ files: [{ path: 'model.json' }, { path: 'weights.bin' }] });
    await writeFile(join(dir, 'manifest.json'), manifest);
    await writeFile(join(dir, 'model.json'), '{}');
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(100));
    expect(await modelDownloadBytes(dir)).toEqual({
      bytes: manifest.length + 2 + 100,
      files: { 'manifest.json': manifest.length, 'model.json': 2, 'weights.bin': 100 },
    });
  });
});
