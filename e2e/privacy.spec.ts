/**
 * The shopper owns the data, in Chromium on WebGPU: the privacy page shows
 * what is stored, downloads it, pauses personalisation (remembered across a
 * reload) and erases everything; model files that fail their check fall back
 * to the copy kept on the device, or to the default order, never to an empty
 * grid; a lost GPU device moves the engine to another backend and the next
 * page is still ranked.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { clickHomeProduct, countEvents, expectBackend, fetchCatalogue, readBackend, storedCheckpoints, waitForRanked } from './helpers';

interface ExportedFile {
  format: string;
  events: Array<{ type: string; item: string }>;
  modelVersion: string;
  cart: Array<{ itemId: string; qty: number }>;
}

/** Opens the privacy page through the header link (no reload: the engine keeps running). */
async function openPrivacy(page: Page): Promise<void> {
  await page.getByTestId('privacy-link').click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your data on this device');
}

/** The event count the page shows, once it matches what IndexedDB holds. */
async function expectShownEvents(page: Page): Promise<number> {
  const stored = await countEvents(page);
  await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', String(stored));
  return stored;
}

test('the privacy page shows, exports, pauses and erases the shopper’s data', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const clicked: string[] = [];
  await clickHomeProduct(page, clicked);
  await clickHomeProduct(page, clicked);
  // One of them goes into the cart, from its product page.
  await page.goForward();
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveAttribute('data-count', '1');
  await page.goBack();
  await waitForRanked(page);

  await openPrivacy(page);
  const stored = await expectShownEvents(page);
  expect(stored).toBeGreaterThan(2);
  await expect(page.getByTestId('data-type-click')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('data-oldest')).not.toHaveText('—');

  // Export: one JSON file with every stored event.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-data').click()]);
  expect(download.suggestedFilename()).toMatch(/^fernhill-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as ExportedFile;
  expect(exported.format).toBe('shop-recommender-export');
  expect(exported.events).toHaveLength(stored);
  expect(exported.events.filter((e) => e.type === 'click').map((e) => e.item)).toEqual(clicked);
  expect(exported.cart).toEqual([expect.objectContaining({ itemId: clicked[1], qty: 1 })]);
  await expect(page.getByTestId('export-note')).toContainText(`${stored} events`);

  // Pause: nothing stored, default order, remembered across a reload.
  // A second tab on the home page shows the shopper's picks until the pause reaches it.
  const other = await page.context().newPage();
  await other.goto('/');
  const otherGrid = await waitForRanked(other);
  await expect(otherGrid).toHaveAttribute('data-order', 'personal');
  const pause = page.getByTestId('pause-personalisation');
  await expect(pause).toHaveAttribute('data-paused', 'false');
  await pause.click();
  await expect(pause).toHaveAttribute('data-paused', 'true');
  await expect(pause).toHaveAttribute('aria-checked', 'false');
  await expect(pause, 'the switch keeps the focus: the privacy page is not drawn again').toBeFocused();
  // The other tab draws its grid again, in the shop's popular order, with nothing about the shopper on it.
  await expect(other.getByTestId('product-grid').first()).toHaveAttribute('data-order', 'popular');
  await expect(other.getByRole('heading', { name: 'Popular with shoppers' })).toBeVisible();
  await expect(other.getByRole('button', { name: /Why this/ })).toHaveCount(0);
  await other.close();
  // The other tab's first view was stored before the pause; nothing after it.
  const storedAtPause = await countEvents(page);
  await page
    .getByRole('link', { name: /Fernhill Goods/ })
    .first()
    .click();
  const grid = page.getByTestId('product-grid').first();
  await expect(page.getByText('Most clicked by shoppers · personalisation paused')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Popular with shoppers' }), 'the heading does not claim a personal pick').toBeVisible();
  await expect(grid).toHaveAttribute('data-ranked', 'false');
  await expect(grid).toHaveAttribute('data-order', 'popular');
  await expect(page.getByTestId('popularity-share'), 'the panel agrees: the bestsellers decide').toHaveText('All of it while paused');
  expect(await page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);
  // The shop's most clicked product comes first: the model's popularity table, nothing about this shopper.
  const clickLogit = await page.evaluate(
    async () => ((await (await fetch('/models/manifest.json')).json()) as { prior: { clickLogit: Record<string, number> } }).prior.clickLogit,
  );
  const mostClicked = (await fetchCatalogue(page)).items
    .map((i) => i.id)
    .reduce((a, b) => ((clickLogit[b] ?? -Infinity) > (clickLogit[a] ?? -Infinity) ? b : a));
  await expect(page.getByTestId('product-card').first()).toHaveAttribute('data-item-id', mostClicked);
  // The model panel says learning waits, rather than "Learning".
  await expect(page.getByTestId('finetune-mode')).toHaveText('Paused');
  await expect(page.getByTestId('finetune-mode')).toHaveAttribute('data-paused', 'true');
  await page.getByTestId('product-card').first().click();
  await expect(page.getByTestId('product')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('personalisation')).toHaveAttribute('data-paused', 'true');
  expect(await countEvents(page), 'no event is stored while paused').toBe(storedAtPause);

  await openPrivacy(page);
  await expect(page.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'true');
  await page.getByTestId('pause-personalisation').click();
  await expect(page.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'false');
  await expect(page.getByTestId('finetune-mode')).toHaveText('Learning');

  // Erase, after a confirmation.
  await page.getByTestId('erase-data').click();
  await page.getByTestId('erase-data-confirm').click();
  await expect(page.getByTestId('erase-note')).toContainText('Erased');
  await expect(page.getByTestId('erase-note')).toContainText('your cart is empty');
  await expect(page.getByTestId('cart-count')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', '0');
  expect(await countEvents(page)).toBe(0);
  expect(await storedCheckpoints(page)).toEqual([]);
  await expectBackend(page, 'webgpu');
});

test('model files that fail their check: the device copy ranks; without one, the default order shows', async ({ page, browser }) => {
  // First visit: the verified files are kept on the device.
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await expect(page.getByTestId('model-source')).toHaveAttribute('data-source', 'shipped');

  // The server now sends a tampered weights file (routed on the context, so the engine worker's fetch is caught too).
  const tamper = async (p: Page): Promise<void> => {
    await p.context().route('**/models/weights.bin', async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      body[100] = body[100]! ^ 0xff;
      await route.fulfill({ response: res, body });
    });
  };
  await tamper(page);
  await page.reload();
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await expect(page.getByTestId('model-source')).toHaveAttribute('data-source', 'device-copy');
  await expect(page.getByTestId('engine-notices')).toContainText('fails its integrity check');
  await expect(page.getByTestId('engine-notices')).toContainText('kept on this device');

  // A new shopper (fresh profile, no copy): a clear message and the default order.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await tamper(fresh);
  await fresh.goto('/');
  await expect(fresh.getByTestId('model-status')).toHaveAttribute('data-status', 'error');
  await expect(fresh.getByTestId('model-error')).toContainText('fails its integrity check');
  await expect(fresh.getByTestId('model-error')).toContainText('default order');
  const grid = fresh.getByTestId('product-grid').first();
  await expect(grid).toHaveAttribute('data-ranked', 'false');
  await expect(grid).toHaveAttribute('data-order', 'given');
  await expect(fresh.getByText('The shop’s own order').first()).toBeVisible();
  await expect(fresh.getByRole('heading', { name: 'From the shop' })).toBeVisible();
  expect(await fresh.getByTestId('product-card').count(), 'the grid is never empty').toBeGreaterThanOrEqual(20);
  await context.close();
});

test('a lost GPU device: the engine moves to another backend and the next page is ranked', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await page.getByText('Diagnostics').click();
  await page.getByTestId('simulate-device-loss').click();
  // A new page needs a rerank: it must be answered, on another backend.
  await page.getByRole('navigation', { name: 'Categories' }).getByRole('link').first().click();
  await waitForRanked(page);
  await expect(page.getByTestId('engine-notices')).toContainText('webgpu backend stopped working');
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', 'webgpu');
  const backend = await readBackend(page);
  expect(['webgl', 'wasm', 'cpu'], `after losing WebGPU the engine runs on ${backend}`).toContain(backend);
});
