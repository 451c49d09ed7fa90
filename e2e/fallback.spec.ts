/**
 * Chromium without `--enable-unsafe-webgpu`: the engine times the backends it
 * has, ranks on the fastest and remembers the choice; `?backend=wasm` must
 * reach wasm (which proves the `.wasm` binaries are served).
 */
import { expect, test } from '@playwright/test';
import { readBackend, waitForRanked } from './helpers';

test('without WebGPU the shop ranks on the fastest backend it measured, and remembers it', async ({ page }) => {
  await page.goto('/');
  const backend = await readBackend(page);
  expect(backend, 'WebGPU is off in this project').not.toBe('webgpu');
  expect(['webgl', 'wasm', 'cpu']).toContain(backend);
  const choice = page.getByTestId('backend-choice');
  await expect(choice).toHaveAttribute('data-how', 'measured');
  await expect(choice).toContainText('WebGPU —');
  await waitForRanked(page);
  expect(await page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);

  await page.reload();
  expect(await readBackend(page), 'the remembered choice').toBe(backend);
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
