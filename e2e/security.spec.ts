/**
 * The built shop's Content-Security-Policy in Chromium on WebGPU: the policy
 * arrives as a header and a `<meta>`, a whole visit breaks none of it, inline
 * script and `eval` are blocked (in the page and in the engine's worker), and
 * catalogue text reaches the page as text, never as HTML.
 *
 * Playwright's `evaluate` runs through the DevTools protocol, which lets its
 * own code call `eval` whatever the policy says; the probes below therefore
 * run their `eval` in a later task (`setTimeout`), which the page's policy governs.
 */
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import type { Catalogue } from '../src/engine/catalogue/types';
import { expectBackend, gridOrder, waitForRanked } from './helpers';

// Every test, whatever it did, must have run on WebGPU.
test.afterEach(async ({ page }) => {
  await expectBackend(page, 'webgpu');
});

/** One `securitypolicyviolation` event of the page, as {@link watchViolations} keeps it. */
interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Keeps every `securitypolicyviolation` event of every document the page loads in `window.cspViolations`. */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const kept: Violation[] = [];
    (window as unknown as { cspViolations: Violation[] }).cspViolations = kept;
    document.addEventListener('securitypolicyviolation', (e) =>
      kept.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` }),
    );
  });
}

/** The violations the current document has seen so far. */
async function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { cspViolations?: Violation[] }).cspViolations ?? []);
}

/** Collects the text of console messages that speak of the Content Security Policy. */
function watchCspConsole(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/content security policy/i.test(m.text())) seen.push(`${m.type()}: ${m.text()}`);
  });
  return seen;
}

/**
 * A policy as a map of directive to sources, in the order given.
 * @example parsePolicy("default-src 'self'; img-src 'self' data:") // Map { default-src => ['self'], img-src => ['self', 'data:'] }
 */
function parsePolicy(policy: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name.toLowerCase(), sources);
  }
  return parsed;
}

/** Asserts the properties the shop's policy must have, whatever else it says. */
function expectStrictPolicy(policy: Map<string, string[]>, where: string): void {
  expect(policy.get('default-src'), `${where}: default-src`).toEqual(["'self'"]);
  const scripts = policy.get('script-src') ?? [];
  expect(scripts, `${where}: script-src names this origin`).toContain("'self'");
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'blob:', 'http:', 'https:'])
    expect(scripts, `${where}: script-src must not allow ${loose}`).not.toContain(loose);
  expect(policy.get('connect-src'), `${where}: connect-src, so nothing can be sent to another origin`).toEqual(["'self'"]);
  expect(policy.get('worker-src'), `${where}: worker-src`).toEqual(["'self'"]);
  expect(policy.get('object-src'), `${where}: object-src`).toEqual(["'none'"]);
  expect(policy.get('base-uri'), `${where}: base-uri`).toEqual(["'none'"]);
}

test('the shop sends its CSP as a header and a meta, and a visit breaks none of it', async ({ page, context }) => {
  await watchViolations(page);
  const cspConsole = watchCspConsole(page);
  // The engine worker's script: a <meta> policy does not reach a worker, so its response must carry the header.
  const workerPolicies: string[] = [];
  context.on('response', (res) => {
    if (/\/assets\/engine\.worker-[^/]*\.js$/.test(new URL(res.url()).pathname)) workerPolicies.push(res.headers()['content-security-policy'] ?? '');
  });

  const res = await page.goto('/');
  if (!res) throw new Error('page.goto("/") returned no response');
  const headers = res.headers();
  const header = parsePolicy(headers['content-security-policy'] ?? '');
  expectStrictPolicy(header, 'Content-Security-Policy header');
  expect(header.get('frame-ancestors'), 'the header forbids framing').toEqual(["'none'"]);
  expect(headers['referrer-policy'], 'Referrer-Policy header').toBe('no-referrer');

  // The meta says the same, less what a meta cannot say, and comes before every script and stylesheet.
  const meta = page.locator('head > meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveCount(1);
  const metaPolicy = parsePolicy((await meta.getAttribute('content')) ?? '');
  expectStrictPolicy(metaPolicy, 'CSP <meta>');
  const headerLessFrameAncestors = new Map([...header].filter(([name]) => name !== 'frame-ancestors'));
  expect(metaPolicy, 'the <meta> policy is the header policy without frame-ancestors').toEqual(headerLessFrameAncestors);
  const governed = await meta.evaluate((m) =>
    [...document.querySelectorAll('script, link, style')].every((el) => m.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
  );
  expect(governed, 'every script, link and style comes after the CSP <meta>').toBe(true);
  await expect(page.locator('head > meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');

  // Home, a category, a product, the cart: all inside the app.
  await expectBackend(page, 'webgpu');
  const home = await waitForRanked(page);
  const [first] = (await gridOrder(home)).filter((s) => s.kind === 'product');
  if (!first) throw new Error('the home grid has no products');
  const categories = page.getByRole('navigation', { name: 'Categories' });
  await categories.locator(`a[href="/c/${first.category}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/c/${first.category}$`));
  const category = await waitForRanked(page);
  const [product] = (await gridOrder(category)).filter((s) => s.kind === 'product');
  if (!product) throw new Error(`/c/${first.category} shows no products`);
  await category.locator(`[data-testid="product-card"][data-item-id="${product.itemId}"]`).click();
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', product.itemId);
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.getByRole('link', { name: /^cart/i }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId('cart-line')).toHaveAttribute('data-item-id', product.itemId);
  await page.getByTestId('checkout').click();
  await expect(page.getByTestId('order-confirmation')).toBeVisible();

  expect(workerPolicies.length, 'the engine worker script was loaded').toBeGreaterThan(0);
  for (const p of workerPolicies) expectStrictPolicy(parsePolicy(p), 'engine worker script');
  expect(await violations(page), 'securitypolicyviolation events over the visit').toEqual([]);
  expect(cspConsole, 'console messages about the Content Security Policy').toEqual([]);
});

test('inline script and eval do not run, in the page or in the engine worker', async ({ page }) => {
  await watchViolations(page);
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  expect(await violations(page), 'no violations before the probes').toEqual([]);

  // An inline <script> added to the DOM, as an injection would.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.append(s);
  });
  await expect
    .poll(async () => (await violations(page)).some((v) => v.directive.startsWith('script-src') && v.blocked === 'inline'), {
      message: 'the blocked inline script is reported',
    })
    .toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan), 'the inline script ran').toBeUndefined();

  // eval and new Function, from a task of the page's own (see the header comment).
  const probe = (): Promise<{ eval: string; function: string }> =>
    new Promise((resolve) =>
      setTimeout(() => {
        const attempt = (run: () => unknown): string => {
          try {
            run();
            return 'ran';
          } catch (e) {
            return e instanceof Error ? e.name : String(e);
          }
        };
        resolve({ eval: attempt(() => eval('1')), function: attempt(() => new Function('return 1')()) });
      }, 0),
    );
  expect(await page.evaluate(probe), 'eval and new Function in the page').toEqual({ eval: 'EvalError', function: 'EvalError' });
  expect(
    (await violations(page)).some((v) => v.directive.startsWith('script-src') && v.blocked === 'eval'),
    'the blocked eval is reported',
  ).toBe(true);

  // The worker has its own policy, from its script's response header.
  const worker = page.workers().find((w) => /\/assets\/engine\.worker-[^/]*\.js$/.test(new URL(w.url()).pathname));
  if (!worker) throw new Error(`no engine worker among ${page.workers().length} worker(s): ${page.workers().map((w) => w.url())}`);
  expect(await worker.evaluate(probe), 'eval and new Function in the engine worker').toEqual({ eval: 'EvalError', function: 'EvalError' });
});

/** Markup that would run script if it were ever parsed as HTML. */
const PAYLOAD = '<img src="x" onerror="window.__xss = 1">';
/** A tag given to the probed product only, so `/?tag=` shows a grid that must contain it. */
const PROBE_TAG = 'security-probe';

/** The product whose text {@link PAYLOAD} replaced. */
interface Probed {
  id: string;
  title: string;
  brand: string;
  description: string;
}

test('catalogue text is rendered as text, not HTML', async ({ page }) => {
  await watchViolations(page);
  const probed: Probed[] = [];
  await page.route('**/catalogue.json', async (route) => {
    const response = await route.fetch();
    const catalogue = (await response.json()) as Catalogue;
    const item = catalogue.items[0];
    if (!item) throw new Error('the catalogue has no items');
    item.title = `Title ${PAYLOAD}`;
    item.brand = `Brand ${PAYLOAD}`;
    item.description = `Description ${PAYLOAD}`;
    item.tags = [...item.tags, PROBE_TAG];
    probed.push({ id: item.id, title: item.title, brand: item.brand, description: item.description });
    await route.fulfill({ response, json: catalogue });
  });

  await page.goto(`/?tag=${PROBE_TAG}`);
  await expectBackend(page, 'webgpu');
  const grid = await waitForRanked(page);
  const [item] = probed;
  if (!item) throw new Error('/catalogue.json was not requested through the route');
  const card = grid.locator(`[data-testid="product-card"][data-item-id="${item.id}"]`);
  await expect(card.getByText(item.title, { exact: true }), 'the title, as literal text, in the grid').toBeVisible();
  await expect(card.getByText(item.brand, { exact: true }), 'the brand, as literal text, in the grid').toBeVisible();

  await card.click();
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', item.id);
  const product = page.getByTestId('product');
  await expect(product.getByRole('heading', { level: 1 })).toHaveText(item.title);
  await expect(product.getByText(item.brand, { exact: true })).toBeVisible();
  await expect(product.getByText(item.description, { exact: true })).toBeVisible();
  expect(await page.title(), 'the document title').toContain(item.title);

  // Had the text been parsed, an <img src="x"> with an onerror attribute would be in the DOM.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('[onerror]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), 'window.__xss').toBeUndefined();
  expect(await violations(page), 'nothing tried to run').toEqual([]);
});
