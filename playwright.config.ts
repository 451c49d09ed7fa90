/**
 * End-to-end tests in a real Chromium. Two projects:
 * - `webgpu`: Chromium with `--enable-unsafe-webgpu`, every spec but the fallback one;
 * - `fallback`: no WebGPU flag, only `e2e/fallback.spec.ts` (the shop must still rank).
 *
 * No browser is downloaded: Playwright drives a Chromium found on this machine
 * (see {@link findChromium}). WebGPU on a machine without a GPU is Chromium's
 * SwiftShader on the CPU and slow, hence the generous timeouts.
 */
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';

const PORT = 4173;
const BASE_URL = `http://localhost:${PORT}`;

/**
 * The Chromium to drive: `CHROMIUM_PATH` (or `PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH`),
 * then Debian's `/usr/bin/chromium`, then `/usr/bin/chromium-browser`, then a
 * Chromium that `npx playwright install chromium` downloaded.
 * @returns The executable's path.
 * @throws {Error} when none exists, saying how to get one.
 */
function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`CHROMIUM_PATH / PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH points at ${fromEnv}, which does not exist. Fix the path or unset it.`);
    }
    return fromEnv;
  }
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    // Playwright's own download, if `npx playwright install chromium` was ever run.
    candidates.push(chromium.executablePath());
  } catch {
    /* no registry entry for this platform: nothing to add */
  }
  const found = candidates.find((p) => p.length > 0 && existsSync(p));
  if (found) return found;
  throw new Error(
    `No Chromium found (looked at ${candidates.join(', ')}). ` +
      'Install one with `apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH=/path/to/chromium.',
  );
}

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
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] } },
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
