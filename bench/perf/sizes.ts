/**
 * Download sizes for the perf bench (Node): the shipped model's files and the
 * gzip size of the JavaScript a built shop loads at start, in the page and in
 * the engine worker.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Bytes of the shipped model: `manifest.json` and every file it lists, as found on disk. */
export interface ModelBytes {
  bytes: number;
  files: Record<string, number>;
}

/**
 * Sizes the model a shopper downloads.
 * @param dir - the `models/` folder.
 * @throws {Error} when the manifest or a file it lists is missing.
 */
export async function modelDownloadBytes(dir: string): Promise<ModelBytes> {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run train\` to write the model.`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files?: Array<{ path: string }> };
  const files: Record<string, number> = { 'manifest.json': (await stat(manifestPath)).size };
  for (const f of manifest.files ?? []) files[f.path] = (await stat(join(dir, f.path))).size;
  return { bytes: Object.values(files).reduce((a, b) => a + b, 0), files };
}

/** JavaScript files of a build and their gzip sizes. */
export interface JsBundle {
  /** Sum of the files' gzip sizes (each file gzipped on its own, as a server sends it). */
  gzipBytes: number;
  /** Sum of the raw sizes. */
  rawBytes: number;
  /** The files, relative to the build folder. */
  files: string[];
}

/** What a built shop loads. */
export interface ShopBundles {
  /** The page's entry scripts and their static imports. */
  initial: JsBundle;
  /** The engine worker's script and its static imports. */
  worker: JsBundle;
  /** JavaScript loaded on demand by either (backends, the in-page fallback engine), not counted above. */
  lazy: JsBundle;
}

// Minified ES modules: `import{a as b}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"` (static)
// and `import("./x.js")` or import(`./x.js`) (dynamic). Only relative and root paths: bare names do not survive a build.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["'`]((?:\.{1,2})?\/[^"'`\s]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]((?:\.{1,2})?\/[^"'`\s]+\.js)["'`]\s*\)/g;
const ENTRY_SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g;
const PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g;

const matches = (re: RegExp, text: string): string[] => [...text.matchAll(re)].map((m) => m[1]!);

/** Resolves an import specifier of `from` (a path relative to the build folder) to a build-relative path. */
const resolveIn = (from: string, spec: string): string => (spec.startsWith('/') ? spec.slice(1) : posix.join(posix.dirname(from), spec));

/**
 * Files reached from `roots` by static imports only, or also by dynamic ones.
 * @throws {Error} when an imported file is not in the build.
 */
async function closure(dist: string, roots: readonly string[], followDynamic: boolean): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const path = join(dist, file);
    if (!existsSync(path)) throw new Error(`${file} is imported but not in ${dist}: the build is incomplete; run it again.`);
    seen.add(file);
    const code = await readFile(path, 'utf8');
    const specs = [...matches(STATIC_IMPORT, code), ...(followDynamic ? matches(DYNAMIC_IMPORT, code) : [])];
    for (const spec of specs) queue.push(resolveIn(file, spec));
  }
  return [...seen];
}

async function measure(dist: string, files: string[]): Promise<JsBundle> {
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const f of files) {
    const bytes = await readFile(join(dist, f));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { gzipBytes, rawBytes, files: [...files].sort() };
}

/**
 * Sizes the JavaScript of a built shop: what `index.html` loads at start
 * (its module scripts, module preloads and their static imports), the engine
 * worker (`engine.worker-*.js` and its static imports), and the rest that is
 * only loaded on demand.
 * @param dist - the build folder (`vite build`'s outDir).
 * @throws {Error} when index.html has no module script or the worker bundle is not found.
 */
export async function shopBundles(dist: string): Promise<ShopBundles> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const roots = [...matches(ENTRY_SCRIPT, html), ...matches(PRELOAD, html)].map((src) => resolveIn('index.html', src));
  if (roots.length === 0) throw new Error(`${join(dist, 'index.html')} loads no module script: is it a Vite build?`);
  const page = await closure(dist, roots, false);
  const workers = (await readdir(join(dist, 'assets'))).filter((f) => /^engine\.worker-[\w-]+\.js$/.test(f)).map((f) => `assets/${f}`);
  if (workers.length !== 1) throw new Error(`expected one engine.worker-*.js in ${join(dist, 'assets')}, found ${workers.length}: has the worker entry moved?`);
  const worker = await closure(dist, workers, false);
  const eager = new Set([...page, ...worker]);
  const everything = await closure(dist, [...roots, ...workers], true);
  return {
    initial: await measure(dist, page),
    worker: await measure(dist, worker),
    lazy: await measure(
      dist,
      everything.filter((f) => !eager.has(f)),
    ),
  };
}
