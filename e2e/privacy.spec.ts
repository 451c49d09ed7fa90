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
import { PAUSED_KEY } from '../src/engine/storage/schema';
import {
  clickHomeProduct,
  countEvents,
  expectBackend,
  fetchCatalogue,
  putRecords,
  readBackend,
  storedCheckpoints,
  storedSetting,
  waitForRanked,
} from './helpers';

interface ExportedFile {
  format: string;
  events: Array<{ type: string; item: string }>;
  modelVersion: string | null;
  cart: Array<{ itemId: string; qty: number }>;
  skippedRecords: number;
  /** Only in a file made while the engine was not running. */
  notIncluded?: string[];
}

/** The plain sentence a shopper reads when the engine did not start. */
const ENGINE_DOWN = /Personal sorting isn’t available right now/;

/** Saves the privacy page's export and reads it. */
async function downloadExport(page: Page): Promise<{ name: string; file: ExportedFile }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-data').click()]);
  return { name: download.suggestedFilename(), file: JSON.parse(await readFile(await download.path(), 'utf8')) as ExportedFile };
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
  const { name, file: exported } = await downloadExport(page);
  expect(name).toMatch(/^fernhill-my-data-\d{4}-\d{2}-\d{2}\.json$/);
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
  await expect(other.getByTestId('recently-viewed').getByTestId('product-card')).toHaveCount(2);
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
  await expect(other.getByTestId('recently-viewed'), 'no record of what the shopper opened either').toHaveCount(0);
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
  // The pause may still be redrawing the grid (the engine tells the page after the navigation): wait for its cards.
  await expect.poll(() => page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);
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

  // Erase, after a confirmation. A second tab on the home page drops what it showed from the erased behaviour at once.
  const open = await page.context().newPage();
  await open.goto('/');
  await waitForRanked(open);
  await expect(open.getByTestId('recently-viewed').getByTestId('product-card')).toHaveCount(2);
  await expect(open.getByTestId('interest-tag').first()).toBeVisible();
  await page.getByTestId('erase-data').click();
  await page.getByTestId('erase-data-confirm').click();
  await expect(page.getByTestId('erase-note')).toContainText('Erased');
  await expect(page.getByTestId('erase-note')).toContainText('your cart is empty');
  await expect(page.getByTestId('cart-count')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', '0');
  expect(await countEvents(page)).toBe(0);
  expect(await storedCheckpoints(page)).toEqual([]);
  await expect(open.getByTestId('recently-viewed')).toHaveCount(0);
  await expect(open.getByTestId('interest-tag')).toHaveCount(0);
  await open.close();
  await expectBackend(page, 'webgpu');
});

test('model files that fail their check: the device copy ranks; without one, the default order shows and the shopper’s data stays in reach', async ({
  page,
  browser,
}) => {
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
  // The shopper reads a plain sentence; the engine's words wait, collapsed, under "Technical details".
  await expect(page.getByTestId('device-copy-note')).toBeVisible();
  await expect(page.getByTestId('device-copy-note')).toContainText('using the copy saved in this browser');
  await expect(page.getByTestId('device-copy-details')).toBeHidden();

  // A new shopper (fresh profile, no copy): a clear message and the default order.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await tamper(fresh);
  await fresh.goto('/');
  await expect(fresh.getByTestId('model-status')).toHaveAttribute('data-status', 'error');
  await expect(fresh.getByTestId('model-error-note')).toHaveText(ENGINE_DOWN);
  await expect(fresh.getByTestId('model-error-note')).not.toContainText('integrity');
  await expect(fresh.getByTestId('model-error-details'), 'the technical message is collapsed').toBeHidden();
  await expect(fresh.getByTestId('model-error-details')).toContainText('fails its integrity check');
  await fresh.getByTestId('model-error').getByText('Technical details').click();
  await expect(fresh.getByTestId('model-error-details')).toBeVisible();
  const grid = fresh.getByTestId('product-grid').first();
  await expect(grid).toHaveAttribute('data-ranked', 'false');
  await expect(grid).toHaveAttribute('data-order', 'given');
  await expect(fresh.getByText('The shop’s own order').first()).toBeVisible();
  await expect(fresh.getByRole('heading', { name: 'From the shop' })).toBeVisible();
  expect(await fresh.getByTestId('product-card').count(), 'the grid is never empty').toBeGreaterThanOrEqual(20);
  // Nothing is learnt, and the home page promises nothing: a neutral hero, no interests row.
  await expect(fresh.getByRole('heading', { level: 1 })).toHaveText('Good things from small makers');
  await expect(fresh.getByTestId('hero-text')).toHaveText(/Personal sorting isn’t available right now/);
  await expect(fresh.getByRole('heading', { name: 'Your interests' })).toHaveCount(0);

  // One product in the cart, from its page: the export carries the cart's lines.
  const inCart = await fresh.getByTestId('product-card').first().getAttribute('data-item-id');
  await fresh.getByTestId('product-card').first().click();
  await fresh.getByTestId('add-to-cart').click();
  await expect(fresh.getByTestId('cart-count')).toHaveAttribute('data-count', '1');

  // The privacy page without the engine: the shopper's data does not need the model.
  await fresh.getByTestId('privacy-link').click();
  await expect(fresh.getByTestId('engine-down')).toBeVisible();
  // Behaviour from an earlier visit (written straight to IndexedDB: this engine stores nothing), and one corrupt record.
  const items = (await fetchCatalogue(fresh)).items.slice(0, 3).map((i) => i.id);
  const now = Date.now();
  const seeded = items.map((item, i) => ({
    ts: now - (3 - i) * 60_000,
    shopper: 'local',
    type: i === 2 ? 'click' : 'impression',
    item,
    slot: i,
    request: `r${i}`,
    page: 'home',
  }));
  await putRecords(fresh, 'events', [...seeded, { ts: 'yesterday', item: 7 }]);
  await fresh.reload();
  await expect(fresh.getByTestId('engine-down-note')).toHaveText(ENGINE_DOWN);
  await expect(fresh.getByTestId('engine-down-note')).not.toContainText('integrity');
  await expect(fresh.getByTestId('engine-down-details'), 'the technical message is collapsed').toBeHidden();
  await expect(fresh.getByTestId('engine-down-details')).toContainText('fails its integrity check');
  await expect(fresh.getByTestId('data-events')).toHaveAttribute('data-count', '3');
  await expect(fresh.getByTestId('data-type-click')).toHaveAttribute('data-count', '1');
  await expect(fresh.getByTestId('data-skipped')).toHaveAttribute('data-count', '1');
  await expect(fresh.getByTestId('data-interests')).toHaveAttribute('data-unavailable', 'true');

  // Export: the normal file, the events in it, the corrupt record counted, and what needs the model said to be missing.
  const { name, file } = await downloadExport(fresh);
  expect(name).toMatch(/^fernhill-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  expect(file.format).toBe('shop-recommender-export');
  expect(file.events).toEqual(seeded);
  expect(file.skippedRecords).toBe(1);
  expect(file.modelVersion).toBeNull();
  expect(file.notIncluded?.join(' ')).toContain('interests');
  expect(file.cart).toEqual([expect.objectContaining({ itemId: inCart, qty: 1 })]);
  await expect(fresh.getByTestId('export-note')).toContainText('3 events');

  // Pause: written where the engine reads it when it starts, and still on after a reload.
  const pause = fresh.getByTestId('pause-personalisation');
  await expect(pause).toHaveAttribute('data-paused', 'false');
  await pause.click();
  await expect(pause).toHaveAttribute('data-paused', 'true');
  await expect(pause).toHaveAttribute('aria-checked', 'false');
  await fresh.reload();
  await expect(fresh.getByTestId('engine-down')).toBeVisible();
  await expect(fresh.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'true');
  expect(await storedSetting(fresh, PAUSED_KEY)).toBe(true);
  await expect(fresh.getByTestId('data-events'), 'pausing keeps what is stored').toHaveAttribute('data-count', '3');

  // A second tab without the engine hears this one's resume and erase: no engine carries them, the pages do.
  const other = await context.newPage();
  await tamper(other);
  await other.goto('/privacy');
  await expect(other.getByTestId('engine-down')).toBeVisible();
  await expect(other.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'true');
  await expect(other.getByTestId('data-events')).toHaveAttribute('data-count', '3');
  await fresh.getByTestId('pause-personalisation').click();
  await expect(fresh.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'false');
  await expect(other.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'false');
  await fresh.getByTestId('erase-data').click();
  await fresh.getByTestId('erase-data-confirm').click();
  await expect(fresh.getByTestId('erase-note')).not.toBeEmpty();
  const note = `${await fresh.getByTestId('erase-note').textContent()} ${await fresh
    .getByTestId('erase-note-details')
    .textContent()
    .catch(() => '')}`;
  await expect(fresh.getByTestId('data-events'), note).toHaveAttribute('data-count', '0');
  await expect(other.getByTestId('data-events')).toHaveAttribute('data-count', '0');
  await context.close();
});

test('a lost GPU device: the engine moves to another backend and the next page is ranked', async ({ page }) => {
  // The fault drill is for whoever supports the shop: shoppers do not see it.
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await expect(page.getByTestId('simulate-device-loss')).toHaveCount(0);
  await page.goto('/?diagnostics');
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
