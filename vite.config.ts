import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, normalize, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const modelsDir = resolve(import.meta.dirname, 'models');

/**
 * Serves the shipped model from the top-level `models/` folder at `/models/`
 * (dev and preview) and copies it into the build, so the model has one home.
 */
function shippedModel(): Plugin {
  const serve = (url: string | undefined, res: import('node:http').ServerResponse, next: () => void): void => {
    if (!url?.startsWith('/models/')) return next();
    const rel = normalize(decodeURIComponent(url.split('?')[0]!.slice('/models/'.length)));
    const file = join(modelsDir, rel);
    if (!file.startsWith(modelsDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  let outDir = 'dist';
  let building = false;
  return {
    name: 'shipped-model',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      // Vitest resolves a build config too (with a placeholder outDir); only a real build copies the model.
      building = config.command === 'build' && !process.env.VITEST;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => serve(req.url, res, next));
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => serve(req.url, res, next));
    },
    async closeBundle() {
      if (building && existsSync(modelsDir)) await cp(modelsDir, join(outDir, 'models'), { recursive: true });
    },
  };
}

/**
 * The shop's Content-Security-Policy: everything comes from this origin, no
 * inline script, no `eval` or `new Function` (the built bundles and tfjs use
 * neither), and nothing may frame the shop. One directive per entry, with the
 * reason it is there; {@link contentSecurityPolicy} sends it.
 */
const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  // Anything not named below (fonts, media, frames, manifests): this origin only.
  'default-src': ["'self'"],
  // The bundles from /assets/ only: no inline script, no eval. 'wasm-unsafe-eval' lets the tfjs
  // wasm backend compile its .wasm binary; it allows WebAssembly compilation and nothing else.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The engine's module worker (/assets/engine.worker-*.js); no blob: or data: workers.
  'worker-src': ["'self'"],
  // fetch() of /catalogue.json, /models/* and the .wasm binaries: nothing can be sent elsewhere.
  'connect-src': ["'self'"],
  // The favicon; product pictures are inline <svg> elements, which img-src does not govern.
  'img-src': ["'self'"],
  // The bundled stylesheet. React's `style` props go through the CSSOM, which CSP allows.
  'style-src': ["'self'"],
  'object-src': ["'none'"],
  // No <base> may re-point the shop's relative URLs.
  'base-uri': ["'none'"],
  // The shop has no forms today; a form may only ever post to the shop.
  'form-action': ["'self'"],
  // No clickjacking. Only a response header can say this: a <meta> policy ignores it.
  'frame-ancestors': ["'none'"],
};

/** Directives a `<meta http-equiv>` policy ignores (and Chromium logs an error for). */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/**
 * No `Referer` on any request. The shop navigates on the client, so without
 * this every later request (the favicon Chromium re-reads on each navigation,
 * a lazy chunk) would tell the server the page the shopper is on, such as
 * `/p/<product id>`: browsing history leaving the device.
 */
const REFERRER_POLICY = 'no-referrer';

const serialisePolicy = (directives: Readonly<Record<string, readonly string[]>>, inMeta: boolean): string =>
  Object.entries(directives)
    .filter(([name]) => !inMeta || !HEADER_ONLY_DIRECTIVES.has(name))
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');

/**
 * Sends {@link CSP_DIRECTIVES} and {@link REFERRER_POLICY}: as `<meta>` tags
 * at the top of the built index.html (so any static host applies them), and
 * as `Content-Security-Policy` and `Referrer-Policy` headers on every response
 * of `vite preview`. The headers also reach the engine worker, which a
 * `<meta>` policy does not, and add `frame-ancestors`.
 * The dev server gets the referrer policy but no CSP: Vite injects inline
 * scripts in dev (the React refresh preamble, the HMR client) that it would block.
 */
function contentSecurityPolicy(): Plugin {
  const header = serialisePolicy(CSP_DIRECTIVES, false);
  const meta = serialisePolicy(CSP_DIRECTIVES, true);
  return {
    name: 'content-security-policy',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const tags = [
          ...(ctx.server ? [] : [`<meta http-equiv="Content-Security-Policy" content="${meta}" />`]),
          `<meta name="referrer" content="${REFERRER_POLICY}" />`,
        ];
        // Right after <meta charset> (which must stay first) and before every script,
        // stylesheet and icon: a meta policy only governs what comes after it.
        const charset = /<meta\s+charset=[^>]*>/i;
        if (!charset.test(html)) throw new Error('index.html needs <meta charset="utf-8" /> at the top of <head>: the policy <meta> tags go right after it.');
        return html.replace(charset, (tag) => [tag, ...tags].join('\n    '));
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', header);
        res.setHeader('Referrer-Policy', REFERRER_POLICY);
        next();
      });
    },
  };
}

/**
 * Writes `precache.json` into the build: every file the shop may need offline
 * (the bundles, including the worker's chunks and the wasm binaries, the
 * catalogue, the icon, the model files). The service worker (`public/sw.js`)
 * stores them when it installs, so a reload works offline after one visit.
 */
function offlineFileList(): Plugin {
  return {
    name: 'offline-file-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const models = existsSync(modelsDir) ? readdirSync(modelsDir).map((f) => `/models/${f}`) : [];
      const files = ['/', '/catalogue.json', '/favicon.svg', ...Object.keys(bundle).map((f) => `/${f}`), ...models].filter((f) => f !== '/index.html');
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: `${JSON.stringify(files, null, 1)}\n` });
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), shippedModel(), offlineFileList()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'training/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
