import { createReadStream, existsSync, statSync } from 'node:fs';
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

export default defineConfig({
  plugins: [react(), shippedModel()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'training/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
