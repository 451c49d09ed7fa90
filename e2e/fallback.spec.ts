/**
 * Chromium without `--enable-unsafe-webgpu`: a first visit ranks at once on
 * a provisional backend (wasm) while a second worker times every backend;
 * the next visit starts on the fastest. `?backend=wasm` must reach wasm
 * (which proves the `.wasm` binaries are served).
 */
import { expect, test } from '@playwright/test';
import { readBackend, waitForRanked } from './helpers';

test('without WebGPU a first visit ranks on wasm at once, times the backends beside it, and the next visit starts on the fastest', async ({ page }) => {
  await page.goto('/');
  expect(await readBackend(page), 'the provisional backend').toBe('wasm');
  const choice = page.getByTestId('backend-choice');
  await expect(choice).toHaveAttribute('data-how', 'provisional');
  await waitForRanked(page);
  expect(await page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);

  // The times arrive from the timing worker; the engine keeps its backend.
  await expect(choice).toHaveAttribute('data-how', 'measured');
  await expect(choice).toContainText('not available here: WebGPU');
  const fastest = await choice.getAttribute('data-fastest');
  expect(['webgl', 'wasm', 'cpu']).toContain(fastest);
  expect(await readBackend(page)).toBe('wasm');

  await page.reload();
  expect(await readBackend(page), 'the remembered choice').toBe(fastest);
  await expect(page.getByTestId('backend-choice')).toHaveAttribute('data-how', 'remembered');
  await waitForRanked(page);
});

test('?backend=wasm runs the model on wasm', async ({ page }) => {
  const wasmFiles: string[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.endsWith('.wasm') && res.ok()) wasmFiles.push(res.url());
  });
  await page.goto('/?backend=wasm');
  expect(await readBackend(page)).toBe('wasm');
  await expect(page.getByTestId('backend-choice')).toHaveAttribute('data-how', 'forced');
  await waitForRanked(page);
  expect(wasmFiles.length, 'a .wasm binary should be fetched from this origin').toBeGreaterThan(0);
});
