/**
 * The shop in Chromium with WebGPU on: ranking on the device, behaviour in
 * IndexedDB, the purchase path, keyboard use and accessibility.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { findProducts } from '../src/shop/search';
import {
  categoryShare,
  clickProductsOfCategory,
  clickHomeProduct,
  countEvents,
  expectBackend,
  fetchCatalogue,
  gridOrder,
  storedEvents,
  type GridSlot,
  waitForAnimations,
  waitForRanked,
} from './helpers';

/** Grid positions of a category page's ads (`src/shop/pages/CategoryPage.tsx`). */
const CATEGORY_AD_POSITIONS = [5, 17];
/** How many more products of a clicked category the home grid must show. */
const MIN_SHIFT = 3;
const CLICKS = 4;

// Every test, whatever it did, must have run on WebGPU.
test.afterEach(async ({ page }) => {
  await expectBackend(page, 'webgpu');
});

/** The shipped model's popularity prior weight for a shopper with no actions. */
async function priorWeight(page: Page): Promise<number> {
  const manifest = (await (await page.request.get('/models/manifest.json')).json()) as { prior?: { weight: number } };
  if (!manifest.prior) throw new Error('the shipped model has no popularity prior (models/manifest.json "prior")');
  return manifest.prior.weight;
}

/**
 * On a fresh home page: the category with the fewest products in the first
 * 24 product slots (among those with enough products to click), and that count.
 */
async function leastShownCategory(page: Page): Promise<{ slug: string; before: number }> {
  const catalogue = await fetchCatalogue(page);
  const order = await gridOrder(await waitForRanked(page));
  const options = catalogue.categories
    .map((c) => ({
      slug: c.slug,
      size: catalogue.items.filter((i) => i.category === c.slug).length,
      before: categoryShare(order, c.slug),
    }))
    .filter((c) => c.size >= CLICKS + MIN_SHIFT + 1)
    .sort((a, b) => a.before - b.before || a.slug.localeCompare(b.slug));
  const pick = options[0];
  if (!pick) throw new Error('the catalogue has no category with enough products for this test');
  return { slug: pick.slug, before: pick.before };
}

test('home ranks on WebGPU, shows products and a labelled ad, and logs impressions', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const grid = await waitForRanked(page);

  expect(await grid.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);
  const ads = grid.getByTestId('ad-slot');
  expect(await ads.count()).toBeGreaterThanOrEqual(1);
  await expect(ads.first().getByText(/^\s*(sponsored|ad)\s*$/i)).toBeVisible();

  await expect.poll(() => countEvents(page, 'impression'), { message: 'impressions should be stored' }).toBeGreaterThan(0);
  await expect.poll(() => countEvents(page, 'ad_impression'), { message: 'ad impressions should be stored' }).toBeGreaterThan(0);

  await expect(page.getByTestId('adapter')).not.toHaveText(/^\s*(—|-)?\s*$/);
  await expect(page.getByTestId('model-version')).not.toHaveText(/^\s*(—|-)?\s*$/);
  // A fresh shopper: no interests claimed for them, and the popularity prior counts in full.
  await expect(page.getByText(/Nothing yet — browse a few products/)).toBeVisible();
  await expect(page.getByTestId('interest-tag')).toHaveCount(0);
  await expect(page.getByTestId('popularity-share')).toHaveAttribute('data-share', String(await priorWeight(page)));
});

test('search finds products by word, ranks them on the device with ads only for matches, narrows them to a category, and says so when nothing matches', async ({
  page,
}) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  const catalogue = await fetchCatalogue(page);
  const watches = catalogue.items.filter((i) => i.category === 'watches').length;

  const box = page.getByTestId('search-input');
  await box.fill('  Watches ');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=Watches$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Results for “Watches”');
  const grid = await waitForRanked(page);
  const order = await gridOrder(grid);
  // Every product of the category and only products that name a watch, each once (listed, or as its ad).
  expect(new Set(order.map((s) => s.itemId)).size).toBe(order.length);
  expect(order.length).toBeGreaterThanOrEqual(watches);
  const titles = new Map(catalogue.items.map((i) => [i.id, i.title]));
  for (const s of order) expect(s.category === 'watches' || /watch/i.test(titles.get(s.itemId) ?? ''), `${s.itemId} matches "watches"`).toBe(true);
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-count', String(order.length));
  // The catalogue has a watch ad, and the results show it.
  const watchAds = catalogue.ads.filter((a) => catalogue.items.find((i) => i.id === a.itemId)?.category === 'watches');
  expect(watchAds.length).toBeGreaterThan(0);
  expect(order.filter((s) => s.kind === 'ad').length).toBeGreaterThan(0);
  await expect(box).toHaveValue('Watches');
  // The results page is a view like any other: its impressions are stored.
  const shown = new Set(order.map((s) => s.itemId));
  await expect
    .poll(
      async () =>
        new Set((await storedEvents(page)).filter((e) => (e.type === 'impression' || e.type === 'ad_impression') && shown.has(e.item)).map((e) => e.item)).size,
    )
    .toBe(shown.size);

  // A typo: nothing matches as typed, so the products a letter off are shown, and the page says so.
  await box.fill('wacth');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=wacth$/);
  await expect(page.getByTestId('search-close')).toContainText('Nothing matches “wacth” exactly');
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-close', 'true');
  const close = await gridOrder(await waitForRanked(page));
  expect(close.length).toBeGreaterThanOrEqual(watches);
  for (const s of close) expect(s.category === 'watches' || /watch/i.test(titles.get(s.itemId) ?? ''), `${s.itemId} is a watch`).toBe(true);
  // The page offers the word the products have; following it searches as spelt.
  await expect(page.getByTestId('search-suggestions')).toContainText('Did you mean watches?');
  await expect(page.getByTestId('search-suggestions').getByRole('link')).toHaveCount(1);
  await page.getByTestId('search-suggestions').getByRole('link', { name: 'watches' }).click();
  await expect(page).toHaveURL(/\/search\?q=watches$/);
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-close', 'false');
  await expect(page.getByTestId('search-close')).toHaveCount(0);

  // Narrowed to the category with most of the results for "red": only its matches, counted against all of them.
  await box.fill('red');
  await box.press('Enter');
  await waitForRanked(page);
  const categoryOf = new Map(catalogue.items.map((i) => [i.id, i.category]));
  const red = findProducts(catalogue, 'red').ids;
  const perCategory = new Map<string, number>();
  for (const id of red) perCategory.set(categoryOf.get(id)!, (perCategory.get(categoryOf.get(id)!) ?? 0) + 1);
  const [top] = [...perCategory].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const inTop = red.filter((id) => categoryOf.get(id) === top);
  expect(inTop.length).toBeLessThan(red.length);
  await page.getByTestId('filter-category').selectOption(top);
  await expect(page).toHaveURL(new RegExp(`/search\\?q=red&category=${top}$`));
  await expect(page.getByTestId('search-count')).toHaveAttribute('data-count', String(inTop.length));
  await expect(page.getByTestId('search-count')).toHaveText(`${inTop.length} of ${red.length} products`);
  expect((await gridOrder(await waitForRanked(page))).map((s) => s.itemId).sort()).toEqual([...inTop].sort());

  await box.fill('zebra watches');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=zebra%20watches$/);
  await expect(page.getByTestId('search-empty')).toContainText('Nothing matches “zebra watches”');
  await expect(page.getByTestId('search-empty').getByRole('link')).toHaveCount(catalogue.categories.length);
  await expect(page.getByTestId('product-grid')).toHaveCount(0);
});

test('clicks on a category shift the home ranking towards it', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  // A new shopper's grid is the crowd's and the page's, and says so.
  await expect(page.getByRole('heading', { level: 2, name: 'Popular right now' })).toBeVisible();
  const { slug, before } = await leastShownCategory(page);

  const clicked = await clickProductsOfCategory(page, slug, CLICKS);
  expect(new Set(clicked).size).toBe(CLICKS);
  await expect.poll(() => countEvents(page, 'click')).toBe(CLICKS);

  // Back home inside the app (no reload), from the category page's breadcrumb.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/$/);
  const after = categoryShare(await gridOrder(await waitForRanked(page)), slug);
  // The clicks give the shopper interests of their own, and the grid is theirs.
  await expect(page.getByTestId('interest-tag').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Picked for you' })).toBeVisible();
  test.info().annotations.push({ type: 'shift', description: `${slug}: ${before} -> ${after}` });
  expect(after, `"${slug}" in the home grid's first 24 product slots: ${before} before ${CLICKS} clicks, ${after} after`).toBeGreaterThanOrEqual(
    before + MIN_SHIFT,
  );
  // The shopper's own clicks now count for more than what is popular: the
  // prior's weight fades with the clicks, times the scale fine-tuning learns
  // for this shopper (0 when their clicks are nothing like the crowd's).
  const weight = await priorWeight(page);
  const share = (): Promise<number> => page.getByTestId('popularity-share').getAttribute('data-share').then(Number);
  await expect.poll(share, { message: `popularity share after ${CLICKS} clicks, below ${weight}` }).toBeLessThan(weight);
  expect(await share()).toBeGreaterThanOrEqual(0);
});

test('a second tab shows the first tab’s clicks when the shopper opens its page again', async ({ page, context }) => {
  const other = await context.newPage();
  await other.goto('/');
  await expectBackend(other, 'webgpu');
  await waitForRanked(other);
  await expect(other.getByText(/Nothing yet — browse a few products/)).toBeVisible();

  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const { slug } = await leastShownCategory(page);
  await clickProductsOfCategory(page, slug, CLICKS);

  // The other tab's home, opened again from its logo: ranked afresh from the shared store.
  await other.bringToFront();
  await other
    .getByRole('link', { name: /Fernhill Goods/ })
    .first()
    .click();
  await expect(other.getByTestId('interest-tag').first()).toBeVisible();
  const weight = await priorWeight(other);
  await expect
    .poll(async () => Number(await other.getByTestId('popularity-share').getAttribute('data-share')), { message: 'the other tab counts the clicks' })
    .toBeLessThan(weight);
  await expect(other.getByTestId('product-grid').first()).toHaveAttribute('data-ranked', 'true');
  await other.close();
});

test('behaviour survives a reload', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const { slug, before } = await leastShownCategory(page);
  await clickProductsOfCategory(page, slug, CLICKS);
  await page.goto('/');
  await waitForRanked(page);
  await expect.poll(() => countEvents(page, 'click')).toBe(CLICKS);
  const stored = await countEvents(page);

  await page.reload();
  await expectBackend(page, 'webgpu');
  const after = categoryShare(await gridOrder(await waitForRanked(page)), slug);
  test.info().annotations.push({ type: 'shift', description: `${slug}: ${before} -> ${after} after reload` });
  expect(await countEvents(page), 'stored events after the reload').toBeGreaterThanOrEqual(stored);
  expect(await countEvents(page, 'click')).toBe(CLICKS);
  expect(after, `"${slug}" in the home grid after the reload: ${before} on a fresh profile, ${after} now`).toBeGreaterThanOrEqual(before + MIN_SHIFT);
});

test('Back returns to the grid the shopper left: same order, same place, not ranked again, logged as a new view', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const grid = await waitForRanked(page);
  const before = await gridOrder(grid);
  // The home grid's impressions: request id, item and slot.
  const homeViews = async (): Promise<Array<{ request: string; item: string; slot: number | null }>> =>
    (await storedEvents(page))
      .filter((e) => e.type === 'impression' && e.page === 'home')
      .map((e) => ({ request: e.request ?? '', item: e.item, slot: e.slot }));
  await expect.poll(async () => (await homeViews()).length).toBeGreaterThan(0);
  const first = await homeViews();
  expect(new Set(first.map((v) => v.request)).size, 'one ranked page').toBe(1);

  // A product from the third row down, so the page is scrolled.
  const target = before.filter((s) => s.kind === 'product')[12]!;
  const card = grid.locator(`[data-testid="product-card"][data-item-id="${target.itemId}"]`);
  await card.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  await card.click();
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', target.itemId);
  await expect.poll(() => countEvents(page, 'click')).toBe(1);

  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  const back = await waitForRanked(page);
  expect(await gridOrder(back), 'the same grid as before the click').toEqual(before);
  await expect.poll(() => page.evaluate(() => window.scrollY), { message: 'the scroll position is restored' }).toBeGreaterThan(scrolled - 50);

  // The second view is logged under its own request id, with the same items in the same slots.
  await expect.poll(async () => (await homeViews()).length, { message: 'the second view’s impressions' }).toBe(2 * first.length);
  const views = await homeViews();
  const second = views.filter((v) => v.request !== first[0]!.request);
  expect(new Set(second.map((v) => v.request)).size).toBe(1);
  const slots = (list: typeof views): string[] => list.map((v) => `${v.slot}:${v.item}`).sort();
  expect(slots(second)).toEqual(slots(first));

  // A reload ranks afresh and comes back to the same place on the page.
  const y = await page.evaluate(() => window.scrollY);
  await page.reload();
  await waitForRanked(page);
  await expect.poll(() => page.evaluate(() => window.scrollY), { message: 'the scroll position survives a reload' }).toBeGreaterThan(y - 50);
});

test('a category sorted by price: the products by price, the ads still picked, the impressions at the positions shown, kept after a reload', async ({
  page,
}) => {
  const catalogue = await fetchCatalogue(page);
  const prices = new Map(catalogue.items.map((i) => [i.id, i.price]));
  const slug = catalogue.categories[0]!.slug;
  await page.goto(`/c/${slug}`);
  await expectBackend(page, 'webgpu');
  const recommended = await gridOrder(await waitForRanked(page));
  /** The grid's product prices in order, checked to run from low to high with the ones priced on request last. */
  const expectByPrice = (order: GridSlot[], dir: 1 | -1): void => {
    const shown = order.filter((s) => s.kind === 'product').map((s) => prices.get(s.itemId) ?? null);
    const priced = shown.filter((p): p is number => p !== null);
    expect(shown, 'products priced on request come last').toEqual([...priced, ...shown.slice(priced.length).map(() => null)]);
    expect(priced).toEqual([...priced].sort((a, b) => dir * (a - b)));
  };

  await page.getByTestId('sort').selectOption('price-asc');
  await expect(page).toHaveURL(new RegExp(`/c/${slug}\\?sort=price-asc$`));
  await expect(page.getByTestId('sort'), 'the menu keeps the focus').toBeFocused();
  const sorted = page.locator('[data-testid="product-grid"][data-ranked="true"][data-sort="price-asc"]');
  await expect(sorted).toBeVisible();
  await expect(page.getByText('Price: low to high · ads picked for you')).toBeVisible();
  const order = await gridOrder(sorted);
  expectByPrice(order, 1);
  // The same products (each listed, or shown as its ad), and ads still picked, in the places a category page gives them.
  expect(order.map((s) => s.itemId).sort()).toEqual(recommended.map((s) => s.itemId).sort());
  const adSlots = order.filter((s) => s.kind === 'ad').map((s) => s.slot);
  expect(adSlots.length).toBeGreaterThan(0);
  for (const slot of adSlots) expect(CATEGORY_AD_POSITIONS).toContain(slot);

  // This view's impressions name each product at the position it is shown at.
  const shown = order.map((s) => `${s.slot}:${s.itemId}`).sort();
  const views = async (): Promise<string[][]> => {
    const byRequest = new Map<string, string[]>();
    for (const e of await storedEvents(page)) {
      if ((e.type !== 'impression' && e.type !== 'ad_impression') || e.page !== 'category' || !e.request) continue;
      byRequest.set(e.request, [...(byRequest.get(e.request) ?? []), `${e.slot}:${e.item}`]);
    }
    return [...byRequest.values()].map((v) => v.sort());
  };
  await expect
    .poll(async () => (await views()).some((v) => JSON.stringify(v) === JSON.stringify(shown)), { message: 'impressions at the sorted positions' })
    .toBe(true);

  await page.reload();
  await expectBackend(page, 'webgpu');
  await expect(page.getByTestId('sort')).toHaveValue('price-asc');
  expectByPrice(await gridOrder(await waitForRanked(page)), 1);
  await page.getByTestId('sort').selectOption('price-desc');
  const descending = page.locator('[data-testid="product-grid"][data-ranked="true"][data-sort="price-desc"]');
  await expect(descending).toBeVisible();
  expectByPrice(await gridOrder(descending), -1);
  await page.getByTestId('sort').selectOption('recommended');
  await expect(page).toHaveURL(new RegExp(`/c/${slug}$`));
  await expect(page.locator('[data-testid="product-grid"][data-ranked="true"][data-sort="recommended"]')).toBeVisible();
  await expect(page.getByText(/Sorted for you in/)).toBeVisible();
});

test('a tag lists every product with it, not only the first page of picks, and sorts them by price', async ({ page }) => {
  const catalogue = await fetchCatalogue(page);
  const counts = new Map<string, number>();
  for (const i of catalogue.items) for (const t of i.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  // The commonest tag: more products than the home page's picks.
  const [tag, n] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const tagged = catalogue.items.filter((i) => i.tags.includes(tag)).map((i) => i.id);
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const picks = (await gridOrder(await waitForRanked(page))).length;
  expect(n, `"${tag}" should have more products than the home page shows`).toBeGreaterThan(picks);

  await page.goto(`/?tag=${encodeURIComponent(tag)}`);
  await expect(page.getByTestId('filter-note')).toHaveAttribute('data-count', String(n));
  const listed = await gridOrder(await waitForRanked(page));
  expect(listed.map((s) => s.itemId).sort()).toEqual([...tagged].sort());
  await page.getByTestId('sort').selectOption('price-desc');
  await expect(page).toHaveURL(/[?&]sort=price-desc$/);
  const sorted = page.locator('[data-testid="product-grid"][data-ranked="true"][data-sort="price-desc"]');
  await expect(sorted).toBeVisible();
  const prices = new Map(catalogue.items.map((i) => [i.id, i.price]));
  const shown = (await gridOrder(sorted)).filter((s) => s.kind === 'product').map((s) => prices.get(s.itemId) ?? null);
  const priced = shown.filter((p): p is number => p !== null);
  expect(shown.slice(0, priced.length)).toEqual([...priced].sort((a, b) => b - a));
});

test('a category narrowed to a brand and a colour ranks only those products, ads included, and "Clear filters" brings back the rest', async ({ page }) => {
  const catalogue = await fetchCatalogue(page);
  const slug = catalogue.categories[0]!.slug;
  const inCategory = catalogue.items.filter((i) => i.category === slug);
  const byId = new Map(inCategory.map((i) => [i.id, i]));
  // The category's commonest brand, and that brand's commonest colour.
  const commonest = (values: Array<string | null>): string => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  };
  const brand = commonest(inCategory.map((i) => i.brand));
  const colour = commonest(inCategory.filter((i) => i.brand === brand).map((i) => i.colour));
  const expected = inCategory.filter((i) => i.brand === brand && i.colour === colour).map((i) => i.id);

  await page.goto(`/c/${slug}`);
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await page.getByTestId('filter-brand').selectOption(brand);
  await expect(page.getByTestId('filter-brand'), 'the menu keeps the focus').toBeFocused();
  await page.getByTestId('filter-colour').selectOption(colour);
  await expect(page).toHaveURL(new RegExp(`/c/${slug}\\?brand=.+&colour=${colour}$`));
  await expect(page.getByTestId('listing-count')).toHaveAttribute('data-count', String(expected.length));
  const grid = await waitForRanked(page);
  const shown = (await gridOrder(grid)).map((s) => s.itemId);
  expect(shown.sort(), 'every product of that brand and colour, ads among them, and nothing else').toEqual([...expected].sort());
  // The page's impressions name only those products.
  await expect
    .poll(async () => {
      const views = (await storedEvents(page)).filter((e) => e.type === 'impression' && e.page === 'category' && e.request);
      const last = views.at(-1)?.request;
      return views.filter((e) => e.request === last).every((e) => byId.get(e.item)?.brand === brand && byId.get(e.item)?.colour === colour);
    })
    .toBe(true);

  await page.getByTestId('clear-filters').click();
  await expect(page).toHaveURL(new RegExp(`/c/${slug}$`));
  await expect(page.getByTestId('listing-count')).toHaveAttribute('data-count', String(inCategory.length));
  expect(await gridOrder(await waitForRanked(page))).toHaveLength(inCategory.length);
});

test('"Recently viewed" lists the products opened last, newest first, leaves out the one on screen, and opening one stores a click of no grid', async ({
  page,
}) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);
  await expect(page.getByTestId('recently-viewed'), 'nothing opened yet').toHaveCount(0);
  const clicked: string[] = [];
  const first = await clickHomeProduct(page, clicked);
  const second = await clickHomeProduct(page, clicked);
  const row = page.getByTestId('recently-viewed');
  const shown = (): Promise<Array<string | null>> => row.getByTestId('product-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-item-id')));
  await expect.poll(shown).toEqual([second, first]);

  await row.locator(`[data-testid="product-card"][data-item-id="${first}"]`).click();
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', first);
  await expect.poll(shown, 'the product on screen is left out').toEqual([second]);
  await expect.poll(() => countEvents(page, 'click')).toBe(3);
  const clicks = (await storedEvents(page)).filter((e) => e.type === 'click');
  expect(clicks.map((e) => e.item)).toEqual([first, second, first]);
  expect(clicks.at(-1)).toMatchObject({ request: null, slot: null, page: 'home' });
  expect(clicks[0]!.request, 'a click in the ranked grid carries its request').toBeTruthy();
});

test('a model order that arrives while the shopper points at the default grid waits until they ask for it', async ({ page }) => {
  // Hold the model's weights back, so the grid shows the default order before the model can rank.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.context().route('**/models/weights.bin', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  const grid = page.getByTestId('product-grid').first();
  await expect(grid).toHaveAttribute('data-placeholder', 'false');
  await expect(grid).toHaveAttribute('data-ranked', 'false');
  const before = await gridOrder(grid);
  expect(before.length).toBeGreaterThanOrEqual(20);
  await grid.getByTestId('product-card').nth(2).hover();

  release();
  await expectBackend(page, 'webgpu');
  const show = page.getByTestId('show-ranked');
  await expect(show).toBeVisible();
  await expect(page.getByText('Your picks are ready')).toBeVisible();
  // Nothing moved under the pointer.
  expect(await gridOrder(grid)).toEqual(before);
  await expect(grid).toHaveAttribute('data-ranked', 'false');
  const { violations } = await new AxeBuilder({ page }).include('.grid-section__head').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await waitForAnimations(page);
  await page.screenshot({ path: 'test-results/screenshots/shop-ranked-waits-1280x720.png', animations: 'disabled' });

  await show.click();
  await expect(grid).toHaveAttribute('data-ranked', 'true');
  await expect(show).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Popular right now' }), 'the focus goes to the grid, not the page’s top').toBeFocused();
  await expect(page.getByText(/Sorted for you in/).first()).toBeVisible();
  // The ranked page, now on screen, is logged as seen.
  await expect.poll(async () => (await storedEvents(page)).filter((e) => e.type === 'impression' && e.request !== null).length).toBeGreaterThanOrEqual(20);
});

test('a purchase flows through checkout and is attributed to its click', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const grid = await waitForRanked(page);
  const card = grid.getByTestId('product-card').first();
  const itemId = await card.getAttribute('data-item-id');
  if (!itemId) throw new Error('product card without data-item-id');

  await card.click();
  await expect(page).toHaveURL(new RegExp(`/p/${itemId}$`));
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');

  await page.getByRole('link', { name: /^cart/i }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-line')).toHaveAttribute('data-item-id', itemId);
  // Under the cart and under the order, six of the shop's other products, ranked on the device.
  const suggestedBeside = async (): Promise<void> => {
    const suggested = await waitForRanked(page);
    await expect(page.getByRole('heading', { level: 2, name: 'You might also like' })).toBeVisible();
    await expect(suggested.getByTestId('product-card')).toHaveCount(6);
    await expect(suggested.locator(`[data-item-id="${itemId}"]`), 'what is in the cart is not suggested').toHaveCount(0);
  };
  await suggestedBeside();
  await page.getByTestId('checkout').click();
  await expect(page.getByTestId('order-confirmation')).toBeVisible();
  await suggestedBeside();
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await expect(page.getByTestId('cart-line')).toHaveCount(0);

  await expect.poll(async () => (await storedEvents(page)).filter((e) => e.item === itemId && e.type === 'purchase').length).toBe(1);
  const events = (await storedEvents(page)).filter((e) => e.item === itemId);
  const click = events.find((e) => e.type === 'click' && e.page === 'home');
  const cart = events.find((e) => e.type === 'cart');
  const purchase = events.find((e) => e.type === 'purchase');
  expect(click?.request, 'the click carries the ranked grid request id').toEqual(expect.any(String));
  expect(cart, 'a cart event is stored').toBeDefined();
  expect(purchase, 'a purchase event is stored').toBeDefined();
  expect(cart?.request).toBe(click?.request);
  expect(purchase?.request).toBe(click?.request);
  expect(purchase?.slot).toBe(click?.slot);

  // The confirmation is a page of its own: a reload shows the same order again, Back the empty cart, Forward the order.
  await expect(page).toHaveURL(/\/order$/);
  const number = await page.getByTestId('order-confirmation').locator('strong').first().textContent();
  expect(number).toMatch(/^FH-/);
  await page.reload();
  await expect(page.getByTestId('order-confirmation')).toContainText(number!);
  await page.goBack();
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('order-confirmation')).toContainText(number!);
  expect((await storedEvents(page)).filter((e) => e.type === 'purchase')).toHaveLength(1);

  // The cart stays empty on a fresh visit, and the order page without an order says so.
  await page.goto('/cart');
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
  await page.goto('/order');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that order');
});

test('an order of items priced on request confirms that nothing was paid, as the cart said', async ({ page }) => {
  const onRequest = (await fetchCatalogue(page)).items.find((i) => i.price === null);
  if (!onRequest) throw new Error('the catalogue has no product priced on request');
  await page.goto(`/p/${onRequest.id}`);
  await expectBackend(page, 'webgpu');
  await page.getByTestId('add-to-cart').click();
  await page.getByRole('link', { name: /^cart/i }).click();
  await expect(page.getByText('Items priced on request are confirmed by email and not included above.')).toBeVisible();
  await page.getByTestId('checkout').click();
  const confirmation = page.getByTestId('order-confirmation');
  await expect(confirmation).toBeVisible();
  await expect(page.getByTestId('order-on-request')).toHaveText('Nothing has been paid yet: items priced on request are confirmed by email.');
  await expect(confirmation).not.toContainText('Total paid');
  await expect(confirmation).not.toContainText('0.00');
});

test('keyboard only: open a product and add it to the cart', async ({ page }) => {
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  await waitForRanked(page);

  const focusedTestId = (): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  const tabTo = async (testId: string, max: number): Promise<void> => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await focusedTestId()) === testId) return;
    }
    throw new Error(`${max} presses of Tab never reached [data-testid="${testId}"]`);
  };

  await tabTo('product-card', 80);
  const itemId = await page.evaluate(() => document.activeElement?.getAttribute('data-item-id') ?? null);
  expect(itemId).toBeTruthy();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/p/${itemId}$`));
  await expect(page.getByTestId('product')).toHaveAttribute('data-item-id', itemId ?? '');

  await tabTo('add-to-cart', 40);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-count')).toHaveText('1');
});

test('home, category, product, cart and privacy pages have no serious accessibility violations', async ({ page }) => {
  const audit = async (what: string): Promise<void> => {
    await waitForAnimations(page);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = bad.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}`)
          .join('\n')}`,
    );
    expect(report, `serious or critical axe violations on ${what}`).toEqual([]);
  };

  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const grid = await waitForRanked(page);
  await expect(page.getByText(/Nothing yet — browse a few products/)).toBeVisible();
  await audit('home');
  const [first] = (await gridOrder(grid)).filter((s) => s.kind === 'product');
  if (!first) throw new Error('the home grid has no products');

  await page.goto(`/c/${first.category}`);
  await waitForRanked(page);
  await audit(`/c/${first.category}`);

  await page.goto(`/search?q=${first.category}`);
  await waitForRanked(page);
  await audit(`/search?q=${first.category}`);
  await page.goto('/search?q=zzzz');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  await audit('/search?q=zzzz (nothing found)');

  await page.goto(`/p/${first.itemId}`);
  await expect(page.getByTestId('product')).toBeVisible();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  // Its "More in …" row is ranked too: audit the cards, not their fade-in.
  await waitForRanked(page);
  await audit(`/p/${first.itemId}`);

  await page.goto('/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await audit('/cart');

  await page.goto('/privacy');
  await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', /[1-9]/);
  await page.getByTestId('erase-data').click();
  await expect(page.getByTestId('erase-data-confirm')).toBeVisible();
  await audit('/privacy (erase confirmation open)');
  await page.getByTestId('pause-personalisation').click();
  await expect(page.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'true');
  await audit('/privacy (paused)');
});
