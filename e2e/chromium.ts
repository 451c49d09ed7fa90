/** Finds the Chromium that Playwright drives (e2e tests and benchmarks); no browser is ever downloaded. */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * The Chromium to drive: `CHROMIUM_PATH` (or `PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH`),
 * then Debian's `/usr/bin/chromium`, then `/usr/bin/chromium-browser`, then a
 * Chromium that `npx playwright install chromium` downloaded.
 * @returns The executable's path.
 * @throws {Error} when none exists, saying how to get one.
 */
export function findChromium(): string {
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
