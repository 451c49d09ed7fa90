/**
 * End-to-end tests in a real Chromium. Two projects:
 * - `webgpu`: Chromium with `--enable-unsafe-webgpu` and WebGPU forced (the shop's
 *   `shop-recommender:backends` setting), every spec but the fallback one;
 * - `fallback`: no WebGPU flag, nothing forced, only `e2e/fallback.spec.ts` (the
 *   engine measures the backends it has and must still rank).
 *
 * No browser is downloaded: Playwright drives a Chromium found on this machine
 * (see {@link findChromium}). WebGPU on a machine without a GPU is Chromium's
 * SwiftShader on the CPU and slow, hence the generous timeouts.
 */
import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/chromium';

// `E2E_PORT` runs a second suite beside one already on the default port.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://localhost:${PORT}`;

const executablePath = findChromium();

/** Flags for every run: no sandbox when root, and no network chatter on a closed machine. */
const baseArgs = [
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const isCI = !!process.env.CI;

export default defineConfig({
  testDir: 'e2e',
  // WebGPU on SwiftShader is about 100x slower than wasm.
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: isCI,
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    navigationTimeout: 60_000,
    actionTimeout: 30_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /fallback\.spec\.ts$/,
      use: {
        launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] },
        // On a machine without a GPU, measurement would pick wasm over SwiftShader's WebGPU:
        // these specs force WebGPU (the shop's saved setting), and each asserts it ran there.
        storageState: { cookies: [], origins: [{ origin: BASE_URL, localStorage: [{ name: 'shop-recommender:backends', value: 'webgpu' }] }] },
      },
    },
    {
      name: 'fallback',
      testMatch: /fallback\.spec\.ts$/,
      use: { launchOptions: { executablePath, args: baseArgs } },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
