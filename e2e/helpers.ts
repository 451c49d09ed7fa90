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

/** The "Learning on this device" section of the model panel, as its data attributes say. */
export interface FineTunePanel {
  /** `data-mode`: learning, follower, ranking-only, off (empty before the engine is ready). */
  mode: string;
  running: boolean;
  /** Accepted optimiser steps since the shipped weights. */
  steps: number;
  rounds: number;
  rollbacks: number;
  /** `savedAt` of the checkpoint the engine ranks with, or `null` for none. */
  savedAt: number | null;
  /** Rounds the AUC chart shows. */
  chartRounds: number;
  /** Text of `finetune-error`, or `null` when there is none. */
  error: string | null;
}

/** Reads the fine-tuning part of the model panel in one go (no waiting). */
export async function readFineTune(page: Page): Promise<FineTunePanel> {
  return page.evaluate(() => {
    const byId = (id: string): Element | null => document.querySelector(`[data-testid="${id}"]`);
    const num = (id: string, attr: string): number => Number(byId(id)?.getAttribute(attr) ?? Number.NaN);
    const savedAt = byId('finetune-checkpoint')?.getAttribute('data-saved-at') ?? '';
    return {
      mode: byId('finetune')?.getAttribute('data-mode') ?? '',
      running: byId('finetune')?.getAttribute('data-running') === 'true',
      steps: num('finetune-steps', 'data-steps'),
      rounds: num('finetune-rounds', 'data-rounds'),
      rollbacks: num('finetune-rounds', 'data-rollbacks'),
      savedAt: savedAt === '' ? null : Number(savedAt),
      chartRounds: num('finetune-chart', 'data-rounds'),
      error: byId('finetune-error')?.textContent ?? null,
    };
  });
}

/** A checkpoint record of IndexedDB, summarised in the page (the weights stay there). */
export interface CheckpointSummary {
  slot: string;
  modelVersion: string;
  savedAt: number;
  acceptedSteps: number;
  rounds: number;
  rollbacks: number;
  /** The scale on the popularity prior's weight saved with the weights; null when the record has none. */
  priorScale: number | null;
  /** Number of named weights. */
  weights: number;
  /** Total number of values over all weights. */
  values: number;
  /** Weights whose `values` is not a Float32Array or whose length is not the product of `shape`. */
  malformed: string[];
  /** Count of NaN or infinite values. */
  nonFinite: number;
  /** The first few values of the first weight (by name), to compare two reads. */
  sample: number[];
}

/**
 * Every record of the shop's IndexedDB `checkpoints` store, summarised, by slot.
 * A missing database or store reads as empty and is not created.
 */
export async function storedCheckpoints(page: Page): Promise<CheckpointSummary[]> {
  return page.evaluate(
    (name: string) =>
      new Promise<CheckpointSummary[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('checkpoints')) {
            db.close();
            resolve([]);
            return;
          }
          const req = db.transaction('checkpoints', 'readonly').objectStore('checkpoints').getAll();
          req.onerror = () => {
            db.close();
            reject(req.error);
          };
          req.onsuccess = () => {
            db.close();
            type Raw = Omit<CheckpointSummary, 'weights' | 'values' | 'malformed' | 'nonFinite' | 'sample' | 'priorScale'> & {
              priorScale?: number;
              weights: Record<string, { shape: number[]; values: unknown }>;
            };
            const out = (req.result as Raw[]).map((r) => {
              const names = Object.keys(r.weights ?? {}).sort();
              let values = 0;
              let nonFinite = 0;
              const malformed: string[] = [];
              for (const n of names) {
                const w = r.weights[n];
                const size = (w?.shape ?? []).reduce((a, b) => a * b, 1);
                if (!w || !(w.values instanceof Float32Array) || w.values.length !== size) {
                  malformed.push(n);
                  continue;
                }
                values += w.values.length;
                for (const v of w.values) if (!Number.isFinite(v)) nonFinite++;
              }
              const first = names[0] === undefined ? undefined : r.weights[names[0]]?.values;
              return {
                slot: r.slot,
                modelVersion: r.modelVersion,
                savedAt: r.savedAt,
                acceptedSteps: r.acceptedSteps,
                rounds: r.rounds,
                rollbacks: r.rollbacks,
                priorScale: r.priorScale ?? null,
                weights: names.length,
                values,
                malformed,
                nonFinite,
                sample: first instanceof Float32Array ? Array.from(first.subarray(0, 8)) : [],
              };
            });
            resolve(out.sort((a, b) => a.slot.localeCompare(b.slot)));
          };
        };
      }),
    DEFAULT_DB_NAME,
  );
}

/**
 * On the home page (opened if needed), clicks the best-ranked product card not
 * in `clicked`, waits for its product page and for the click to be stored,
 * then goes back home. Clicks must not run in parallel in pages of one
 * context (they share the event store).
 * @param clicked - item ids clicked so far; the new one is appended.
 * @returns The clicked item id.
 */
export async function clickHomeProduct(page: Page, clicked: string[]): Promise<string> {
  if (new URL(page.url()).pathname !== '/') await page.goto('/');
  const grid = await waitForRanked(page);
  const next = (await gridOrder(grid)).find((c) => c.kind === 'product' && !clicked.includes(c.itemId));
  if (!next) throw new Error(`the home grid shows no product that was not clicked yet (${clicked.length} clicked)`);
  const clicksBefore = await countEvents(page, 'click');
  await grid.locator(`[data-testid="product-card"][data-item-id="${next.itemId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/p/${next.itemId}$`));
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', next.itemId);
  clicked.push(next.itemId);
  await expect.poll(() => countEvents(page, 'click'), { message: `the click on ${next.itemId} should be stored` }).toBe(clicksBefore + 1);
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  return next.itemId;
}

/**
 * Writes records straight into the shop's IndexedDB (`store` of the database
 * the shop created), as an earlier visit or a bad disk would have left them,
 * bypassing the engine. Fails when the shop has not created its database yet.
 */
export async function putRecords(page: Page, store: string, records: readonly unknown[]): Promise<void> {
  await page.evaluate(
    ({ name, storeName, values }: { name: string; storeName: string; values: readonly unknown[] }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(new Error(`could not open ${name}: ${open.error?.message ?? 'unknown error'} (has the shop created it yet?)`));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(storeName, 'readwrite');
          for (const v of values) tx.objectStore(storeName).put(v);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onabort = () => {
            db.close();
            reject(tx.error);
          };
        };
      }),
    { name: DEFAULT_DB_NAME, storeName: store, values: records },
  );
}

/**
 * A setting of the shop's IndexedDB `meta` store, as the engine reads it when it starts.
 * @returns the value, or `undefined` when it is not set (or there is no database).
 */
export async function storedSetting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    ({ name, k }: { name: string; k: string }) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve(undefined) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('meta', 'readonly').objectStore('meta').get(k);
          req.onsuccess = () => {
            db.close();
            resolve((req.result as { value?: unknown } | undefined)?.value);
          };
          req.onerror = () => {
            db.close();
            reject(req.error);
          };
        };
      }),
    { name: DEFAULT_DB_NAME, k: key },
  );
}
