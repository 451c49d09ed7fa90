/**
 * Shared helpers of the e2e specs: the ranked grid, the backend badge, the
 * grid's order, and the behaviour events the shop stored in IndexedDB.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { BackendName } from '../src/engine/api';
import type { Catalogue } from '../src/engine/catalogue/types';
import type { EventType } from '../src/engine/events/types';
import { DEFAULT_DB_NAME, type StoredEvent } from '../src/engine/storage/schema';

/** One cell of a grid, as the page shows it. */
export interface GridSlot {
  itemId: string;
  category: string;
  /** Position in the grid (0-based), from `data-slot`. */
  slot: number;
  kind: 'product' | 'ad';
}

/** The page's grid once the on-device ranking is shown (`data-ranked="true"`). */
export const rankedGrid = (page: Page): Locator => page.locator('[data-testid="product-grid"][data-ranked="true"]');

/**
 * Waits until the model has ranked the page's grid.
 * @returns The ranked grid.
 */
export async function waitForRanked(page: Page): Promise<Locator> {
  const grid = rankedGrid(page);
  await expect(grid, 'the on-device ranking should replace the default order').toBeVisible();
  return grid;
}

/**
 * Waits for the engine to start and reads the tfjs backend it runs on.
 * @returns `data-backend` of the model panel's badge; fails the test if the engine failed to start.
 */
export async function readBackend(page: Page): Promise<string> {
  const status = page.getByTestId('model-status');
  await expect(status).not.toHaveAttribute('data-status', 'loading');
  if ((await status.getAttribute('data-status')) === 'error') {
    const message = await page.getByTestId('model-error').textContent();
    throw new Error(`The engine failed to start: ${message ?? '(no message)'}`);
  }
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveAttribute('data-backend', /\S/);
  const backend = (await badge.getAttribute('data-backend')) ?? '';
  // Shown in the HTML and JSON reports: which backend each test really ran on.
  const { annotations } = test.info();
  if (!annotations.some((a) => a.type === 'backend' && a.description === backend)) annotations.push({ type: 'backend', description: backend });
  return backend;
}

/**
 * Waits until every finite CSS animation and transition on the page has
 * finished (for example the ranked grid's fade-in), so checks such as colour
 * contrast see the settled page. Endless ones (spinners) are ignored.
 */
export async function waitForAnimations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => (a.effect?.getComputedTiming().endTime ?? Infinity) !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ).then(() => undefined),
  );
}

/** Asserts the engine runs on `backend`. */
export async function expectBackend(page: Page, backend: BackendName): Promise<void> {
  expect(await readBackend(page), `the engine should run on ${backend}`).toBe(backend);
}

/**
 * The grid's cells in slot order.
 * @param grid - a grid locator; default: the page's ranked grid.
 */
export async function gridOrder(grid: Locator): Promise<GridSlot[]> {
  const cells = await grid.locator('[data-testid="product-card"], [data-testid="ad-slot"]').evaluateAll((els: Element[]) =>
    els.map((el) => ({
      itemId: el.getAttribute('data-item-id') ?? '',
      category: el.getAttribute('data-category') ?? '',
      slot: Number(el.getAttribute('data-slot')),
      kind: el.getAttribute('data-testid') === 'ad-slot' ? ('ad' as const) : ('product' as const),
    })),
  );
  return cells.sort((a, b) => a.slot - b.slot);
}

/**
 * How many of the first `n` product slots (ads not counted) hold `category`.
 */
export function categoryShare(order: readonly GridSlot[], category: string, n = 24): number {
  return order
    .filter((s) => s.kind === 'product')
    .slice(0, n)
    .filter((s) => s.category === category).length;
}

/** The shop's catalogue, as served. */
export async function fetchCatalogue(page: Page): Promise<Catalogue> {
  const res = await page.request.get('/catalogue.json');
  expect(res.ok(), '/catalogue.json should be served').toBe(true);
  return (await res.json()) as Catalogue;
}

/**
 * Every event in the shop's IndexedDB `events` store, read from the page.
 * A missing database reads as empty and is not created.
 */
export async function storedEvents(page: Page): Promise<StoredEvent[]> {
  return page.evaluate(
    (name: string) =>
      new Promise<StoredEvent[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        // The shop has not created it yet: abort, so we do not create an empty one it would then trust.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('events')) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction('events', 'readonly').objectStore('events').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as StoredEvent[]);
          };
          req.onerror = () => {
            db.close();
            reject(req.error);
          };
        };
      }),
    DEFAULT_DB_NAME,
  );
}

/**
 * Counts the events in the shop's IndexedDB `events` store, read from the page.
 * @param type - count only this type (through the `by_type` index); default all.
 */
export async function countEvents(page: Page, type?: EventType): Promise<number> {
  return page.evaluate(
    ({ name, only }: { name: string; only: EventType | null }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve(0) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('events')) {
            db.close();
            resolve(0);
            return;
          }
          const store = db.transaction('events', 'readonly').objectStore('events');
          const req = only === null ? store.count() : store.index('by_type').count(only);
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => {
            db.close();
            reject(req.error);
          };
        };
      }),
    { name: DEFAULT_DB_NAME, only: type ?? null },
  );
}

/**
 * Opens `/c/<slug>` and clicks `n` different product cards of it, going back
 * to the category after each. The grid is ranked before every click, so each
 * click carries its request id, and each click is stored before the next.
 * @returns The clicked item ids, in order.
 */
export async function clickProductsOfCategory(page: Page, slug: string, n: number): Promise<string[]> {
  await page.goto(`/c/${encodeURIComponent(slug)}`);
  const clicksBefore = await countEvents(page, 'click');
  const clicked: string[] = [];
  for (let i = 0; i < n; i++) {
    const grid = await waitForRanked(page);
    const cards = await gridOrder(grid);
    const next = cards.find((c) => c.kind === 'product' && c.category === slug && !clicked.includes(c.itemId));
    if (!next) throw new Error(`/c/${slug} shows fewer than ${n} different products of its own category`);
    await grid.locator(`[data-testid="product-card"][data-item-id="${next.itemId}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/p/${next.itemId}$`));
    await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', next.itemId);
    clicked.push(next.itemId);
    await expect.poll(() => countEvents(page, 'click'), { message: `the click on ${next.itemId} should be stored` }).toBe(clicksBefore + clicked.length);
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/c/${slug}$`));
  }
  return clicked;
}
