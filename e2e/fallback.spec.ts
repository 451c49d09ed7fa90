/**
 * Chromium without `--enable-unsafe-webgpu`: the shop must still rank on the
 * device, on the next backend in line, and `?backend=wasm` must reach wasm
 * (which proves the `.wasm` binaries are served).
 */
import { expect, test } from '@playwright/test';
import { readBackend, waitForRanked } from './helpers';

test('without WebGPU the shop still ranks, on webgl, wasm or cpu', async ({ page }) => {
  await page.goto('/');
  const backend = await readBackend(page);
  expect(backend, 'WebGPU is off in this project').not.toBe('webgpu');
  expect(['webgl', 'wasm', 'cpu']).toContain(backend);
  await waitForRanked(page);
  expect(await page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);
});

test('?backend=wasm runs the model on wasm', async ({ page }) => {
  const wasmFiles: string[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.endsWith('.wasm') && res.ok()) wasmFiles.push(res.url());
  });
  await page.goto('/?backend=wasm');
  expect(await readBackend(page)).toBe('wasm');
  await waitForRanked(page);
  expect(wasmFiles.length, 'a .wasm binary should be fetched from this origin').toBeGreaterThan(0);
});
