/**
 * "Nothing leaves the device", in Chromium on WebGPU: over a whole visit
 * (browse, click, cart, checkout, a fine-tuning round, a reload) every request
 * the page and the engine's worker make is a bodiless GET of the shop's own
 * static files, and none names a product the shopper looked at. And once
 * loaded, the shop keeps ranking and learning with the network off.
 *
 * Requests are watched on the browser context, which also sees the worker's
 * (the test checks that it saw the worker fetch the model).
 */
import { expect, test, type BrowserContext, type Locator, type Page, type Request } from '@playwright/test';
import { clickProductsOfCategory, countEvents, expectBackend, gridOrder, readFineTune, waitForRanked } from './helpers';

/** Clicks that start a fine-tuning round (DEFAULT_FINE_TUNE.clickThreshold; the shop uses the defaults). */
const CLICK_THRESHOLD = 3;
/** A round on SwiftShader: about 20 s for the first one (shaders compile), seconds after. */
const ROUND_TIMEOUT = 90_000;

/**
 * Paths of the shop's static files: the build's assets (hashed names), the
 * model, the catalogue, the icon, and the service worker with its file list. Page paths are allowed only when the
 * test itself navigated to them.
 */
const STATIC_FILES: readonly RegExp[] = [
  /^\/assets\/[\w.-]+$/,
  /^\/models\/[\w.-]+$/,
  /^\/catalogue\.json$/,
  /^\/favicon\.svg$/,
  /^\/sw\.js$/,
  /^\/precache\.json$/,
];

// Every test, whatever it did, must have run on WebGPU.
test.afterEach(async ({ page }) => {
  await expectBackend(page, 'webgpu');
});

/** What the browser asked for, and how. */
interface Traffic {
  /** Every request of the context: pages and workers. */
  requests: Request[];
  /** URLs of WebSockets the page opened. */
  sockets: string[];
  /** URLs handed to `navigator.sendBeacon`. */
  beacons: string[];
}

/** Starts recording the context's requests and the page's WebSockets and beacons. */
async function watchTraffic(context: BrowserContext, page: Page): Promise<Traffic> {
  const traffic: Traffic = { requests: [], sockets: [], beacons: [] };
  context.on('request', (r) => traffic.requests.push(r));
  page.on('websocket', (ws) => traffic.sockets.push(ws.url()));
  await page.exposeFunction('__reportBeacon', (url: string) => traffic.beacons.push(url));
  await page.addInitScript(() => {
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      (window as unknown as { __reportBeacon: (url: string) => void }).__reportBeacon(String(url));
      return send(url, data);
    };
  });
  return traffic;
}

/**
 * Everything wrong with one request: not a bodiless GET/HEAD of this origin,
 * a query string, a path that is neither a static file nor a page the test
 * opened, or a product id in its URL (page paths aside) or headers.
 * @returns One line per problem; empty when the request is fine.
 */
async function problemsOf(r: Request, origin: string, navigated: ReadonlySet<string>, ids: readonly string[]): Promise<string[]> {
  const url = new URL(r.url());
  const what = `${r.method()} ${r.url()} (${r.resourceType()})`;
  const problems: string[] = [];
  if (r.method() !== 'GET' && r.method() !== 'HEAD') problems.push(`${what}: not a GET`);
  if (url.origin !== origin) problems.push(`${what}: to another origin`);
  if (r.postData() !== null) problems.push(`${what}: carries a body`);
  if (url.search !== '') problems.push(`${what}: carries a query string`);
  // A page load, from the page, or forwarded by the shop's service worker (which fetches it for the page).
  const page = (r.isNavigationRequest() && r.resourceType() === 'document') || (r.serviceWorker() !== null && navigated.has(url.pathname));
  if (page ? !navigated.has(url.pathname) : !STATIC_FILES.some((re) => re.test(url.pathname))) {
    problems.push(`${what}: ${page ? 'a page the shopper did not open' : 'not one of the shop’s static files'}`);
  }
  // All headers, as sent (Referer included); a failed request keeps the ones Playwright saw.
  const headers = await r.allHeaders().catch(() => r.headers());
  for (const id of ids) {
    if (!page && r.url().includes(id)) problems.push(`${what}: names product ${id} in its URL`);
    for (const [name, value] of Object.entries(headers)) if (value.includes(id)) problems.push(`${what}: names product ${id} in header ${name}`);
  }
  return problems;
}

/** The product cards of a ranked grid, in slot order. */
async function productIds(grid: Locator): Promise<string[]> {
  return (await gridOrder(grid)).filter((s) => s.kind === 'product').map((s) => s.itemId);
}

/** The pending-feedback count of the model panel. */
async function pendingFeedback(page: Page): Promise<number> {
  return Number((await page.getByTestId('finetune-pending').textContent())?.trim());
}

test('every request is a bodiless GET of the shop’s own files, and none names a product', async ({ page, context, baseURL }) => {
  test.setTimeout(240_000);
  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const traffic = await watchTraffic(context, page);
  const navigated = new Set<string>();
  const opened: string[] = [];

  navigated.add('/');
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await expect(page.getByTestId('engine-host'), 'the engine runs in its worker').toHaveAttribute('data-host', 'worker');
  const [first] = (await gridOrder(await waitForRanked(page))).filter((s) => s.kind === 'product');
  if (!first) throw new Error('the home grid has no products');

  // A category and enough product clicks for a fine-tuning round (the helper opens /c/<slug> itself).
  navigated.add(`/c/${first.category}`);
  opened.push(...(await clickProductsOfCategory(page, first.category, CLICK_THRESHOLD)));

  // A product into the cart, then the cart and checkout, all inside the app.
  const grid = await waitForRanked(page);
  const [buy] = await productIds(grid);
  if (!buy) throw new Error(`/c/${first.category} shows no products`);
  opened.push(buy);
  await grid.locator(`[data-testid="product-card"][data-item-id="${buy}"]`).click();
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', buy);
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.getByRole('link', { name: /^cart/i }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await page.getByTestId('checkout').click();
  await expect(page.getByTestId('order-confirmation')).toBeVisible();

  // A fine-tuning round runs on the device (kept or rolled back, it saves nothing to a server).
  await expect.poll(async () => (await readFineTune(page)).rounds, { message: 'a fine-tuning round should run', timeout: ROUND_TIMEOUT }).toBeGreaterThan(0);
  await expect(page.getByTestId('finetune')).toHaveAttribute('data-running', 'false', { timeout: ROUND_TIMEOUT });

  // A reload (of the order confirmation, whose order stays in the tab's history): the model and any checkpoint load again.
  await expect(page).toHaveURL(/\/order$/);
  navigated.add('/order');
  await page.reload();
  await expectBackend(page, 'webgpu');
  await page.getByRole('link', { name: 'Fernhill Goods' }).first().click();
  await waitForRanked(page);

  // The log saw the worker's requests too: the worker, not the page, fetches the model.
  const paths = traffic.requests.map((r) => new URL(r.url()).pathname);
  expect(paths, 'the engine worker’s fetch of the model manifest is in the log').toContain('/models/manifest.json');
  expect(paths.filter((p) => p === '/models/manifest.json').length, 'the model is fetched again after the reload').toBeGreaterThanOrEqual(2);

  const ids = [...new Set(opened)];
  const problems = (await Promise.all(traffic.requests.map((r) => problemsOf(r, origin, navigated, ids)))).flat();
  test.info().annotations.push({ type: 'requests', description: `${traffic.requests.length} requests, ${new Set(paths).size} distinct paths` });
  expect(problems, `requests that are not a bodiless GET of the shop's own files, or that name a product (of ${traffic.requests.length})`).toEqual([]);
  expect(traffic.sockets, 'WebSockets opened').toEqual([]);
  expect(traffic.beacons, 'navigator.sendBeacon calls').toEqual([]);
});

test('offline after the first load, the shop still ranks, records behaviour and reloads', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const [first] = (await gridOrder(await waitForRanked(page))).filter((s) => s.kind === 'product');
  if (!first) throw new Error('the home grid has no products');
  const slug = (await page.evaluate(() => [...document.querySelectorAll('nav[aria-label="Categories"] a')].map((a) => a.getAttribute('href')))).find(
    (href) => href !== null && href !== `/c/${first.category}`,
  );
  if (!slug) throw new Error('the category navigation has no second category');

  const failed: string[] = [];
  context.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`));
  const clicksBefore = await countEvents(page, 'click');
  const before = { rounds: (await readFineTune(page)).rounds, pending: await pendingFeedback(page) };

  // The service worker has stored the shop's files (it is active once its install finished).
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  try {
    expect(await page.evaluate(() => navigator.onLine), 'the browser is offline').toBe(false);
    // Another category, from the header: a new grid, ranked on the device.
    await page.getByRole('navigation', { name: 'Categories' }).locator(`a[href="${slug}"]`).click();
    await expect(page).toHaveURL(new RegExp(`${slug}$`));
    const category = slug.slice('/c/'.length);
    let grid = await waitForRanked(page);
    const shown = await gridOrder(grid);
    expect(
      shown.filter((s) => s.kind === 'product' && s.category !== category),
      `the ranked grid is ${slug}'s`,
    ).toEqual([]);

    // Products clicked and opened, back to the (ranked again) category after each.
    const clicked: string[] = [];
    for (let i = 0; i < CLICK_THRESHOLD; i++) {
      const next = (await productIds(grid)).find((id) => !clicked.includes(id));
      if (!next) throw new Error(`${slug} shows fewer than ${CLICK_THRESHOLD} products`);
      await grid.locator(`[data-testid="product-card"][data-item-id="${next}"]`).click();
      await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', next);
      clicked.push(next);
      await expect.poll(() => countEvents(page, 'click'), { message: `the click on ${next} is stored offline` }).toBe(clicksBefore + clicked.length);
      await page.goBack();
      await expect(page).toHaveURL(new RegExp(`${slug}$`));
      grid = await waitForRanked(page);
    }

    // The learner saw the clicks: feedback pending, or a round already run on it.
    await expect
      .poll(
        async () => {
          const now = { rounds: (await readFineTune(page)).rounds, pending: await pendingFeedback(page) };
          return now.rounds > before.rounds || now.pending > before.pending;
        },
        { message: `the fine-tuning panel should move after ${clicked.length} offline clicks (before: ${JSON.stringify(before)})` },
      )
      .toBe(true);

    // Home, ranked again with the new clicks, still offline.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitForRanked(page);
    await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
    // Nothing the shop needed was missing: at most the icon Chromium re-reads on navigation.
    expect(
      failed.filter((f) => !/\/favicon\.svg:/.test(f)),
      'requests that failed offline',
    ).toEqual([]);

    // A reload, still offline: the service worker serves the shop, the engine starts and ranks.
    const clicksStored = await countEvents(page, 'click');
    await page.reload();
    await expectBackend(page, 'webgpu');
    await waitForRanked(page);
    expect(await countEvents(page, 'click'), 'the offline clicks are still stored after the reload').toBe(clicksStored);
  } finally {
    await context.setOffline(false);
  }
});
