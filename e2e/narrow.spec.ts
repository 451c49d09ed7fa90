/**
 * Narrow screens in Chromium on WebGPU: the header fits phones from 320 px
 * wide with a three-digit cart count, and the privacy page lays out its switch
 * and interest chips inside their card. Screenshots go to
 * test-results/screenshots/ for a person to look at.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clickHomeProduct, expectBackend, waitForRanked } from './helpers';

test.afterEach(async ({ page }) => {
  await expectBackend(page, 'webgpu');
});

const box = async (locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> => {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator.toString()} is not laid out`);
  return b;
};

/** How far the page scrolls sideways (0 when it fits). */
const sideways = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('the header fits phones 320 to 390 px wide, with a three-digit cart count', async ({ page }) => {
  const lines = [
    { itemId: 'p0001', qty: 99 },
    { itemId: 'p0002', qty: 99 },
  ];
  await page.addInitScript(
    (value: string) => localStorage.setItem('fernhill.cart.v1', value),
    JSON.stringify(lines.map((l) => ({ ...l, request: null, slot: null }))),
  );
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const cart = page.getByRole('link', { name: 'Cart, 198 items' });
  await expect(cart).toBeVisible();

  for (const width of [320, 360, 390]) {
    await page.setViewportSize({ width, height: 700 });
    expect(await sideways(page), `no sideways scroll at ${width} px`).toBe(0);
    const logo = await box(page.locator('.logo'));
    const privacy = await box(page.getByTestId('privacy-link'));
    const cartBox = await box(cart);
    const badge = await box(page.getByTestId('cart-count'));
    expect(logo.x + logo.width, `the wordmark ends before the buttons at ${width} px`).toBeLessThanOrEqual(privacy.x);
    expect(cartBox.x + cartBox.width, `the cart button keeps the page margin at ${width} px`).toBeLessThanOrEqual(width - 12);
    expect(badge.x + badge.width, `the count stays on the screen at ${width} px`).toBeLessThanOrEqual(width);
    expect(cartBox.height, 'the cart button is a full-size touch target').toBeGreaterThanOrEqual(44);
    await page.locator('.site-header').screenshot({ path: `test-results/screenshots/header-${width}.png`, animations: 'disabled' });
  }

  // On a phone the "Model" link is a dot: it keeps its name, and jumps to the panel without a history entry.
  await page.setViewportSize({ width: 320, height: 700 });
  const modelLink = page.getByTestId('model-link');
  await expect(modelLink).toHaveAccessibleName(/^Model \((loading|ready|error)\)$/);
  await expect(modelLink).toHaveAttribute('title', /^On-device model: /);
  const before = await page.evaluate(() => ({ url: location.href, entries: history.length }));
  await modelLink.click();
  const panel = page.locator('#model-panel');
  await expect(panel, 'the model panel takes the focus').toBeFocused();
  await expect(panel, 'the page scrolls to the model panel').toBeInViewport();
  expect(await page.evaluate(() => ({ url: location.href, entries: history.length })), 'no hash, no history entry').toEqual(before);

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByTestId('cart-count')).toHaveText('99+');
  await page.locator('.site-header').screenshot({ path: 'test-results/screenshots/header-1280.png', animations: 'disabled' });
});

/** Whether two boxes share any area. */
const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('an ad on a phone: its "Sponsored" badge is whole and clear of the "Why this?" button, from 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const grid = await waitForRanked(page);
  const cell = grid
    .getByRole('listitem')
    .filter({ has: page.getByTestId('ad-slot') })
    .first();
  const ad = cell.getByTestId('ad-slot');
  const badge = ad.locator('.card__badge');
  const why = cell.getByTestId('why-this');
  await expect(badge).toHaveText(/^sponsored$/i);
  await expect(why).toBeVisible();

  for (const width of [320, 360, 390]) {
    await page.setViewportSize({ width, height: 700 });
    const clipped = await badge.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(clipped, `the badge's text is not cut at ${width} px`).toBeLessThanOrEqual(0);
    const badgeBox = await box(badge);
    const whyBox = await box(why);
    expect(overlap(badgeBox, whyBox), `the badge (${JSON.stringify(badgeBox)}) is clear of "Why this?" (${JSON.stringify(whyBox)}) at ${width} px`).toBe(false);
    const card = await box(ad);
    expect(badgeBox.x + badgeBox.width, `the badge is inside its card at ${width} px`).toBeLessThanOrEqual(card.x + card.width);
    await cell.screenshot({ path: `test-results/screenshots/ad-card-${width}.png`, animations: 'disabled' });
  }
});

test('the privacy page on a phone: the switch beside its heading, the interest chips wrapped inside their card', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  // A click gives the shopper interests (impressions alone do not).
  await clickHomeProduct(page, []);
  await waitForRanked(page);
  await page.getByTestId('privacy-link').click();
  const chips = page.getByTestId('data-interests');
  await expect(chips.getByRole('link')).toHaveCount(5);

  const heading = await box(page.getByRole('heading', { name: 'Personalisation' }));
  const toggle = await box(page.getByTestId('pause-personalisation'));
  expect(toggle.x, 'the switch is right of its heading').toBeGreaterThanOrEqual(heading.x + heading.width);
  const middle = toggle.y + toggle.height / 2;
  expect(middle, 'on the heading’s line').toBeGreaterThan(heading.y);
  expect(middle, 'on the heading’s line').toBeLessThan(heading.y + heading.height);

  const card = await box(page.locator('.privacy-card', { has: chips }));
  for (const chip of await chips.getByRole('link').all()) {
    const b = await box(chip);
    expect(b.x + b.width, `${await chip.textContent()} is inside its card`).toBeLessThanOrEqual(card.x + card.width - 16);
  }
  expect(await chips.evaluate((ul) => ul.scrollWidth - ul.clientWidth), 'no chip hidden sideways').toBe(0);
  expect(await sideways(page)).toBe(0);
  await page.screenshot({ path: 'test-results/screenshots/privacy-phone-390x844.png', fullPage: true, animations: 'disabled' });

  // Paused: the interests are not read, and the page says so.
  await page.getByTestId('pause-personalisation').click();
  await expect(page.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'true');
  await expect(page.getByTestId('data-interests')).toHaveText('Not read while personalisation is paused.');
  await page.locator('.privacy').screenshot({ path: 'test-results/screenshots/privacy-phone-paused-390x844.png', animations: 'disabled' });
  await page.getByTestId('pause-personalisation').click();
  await expect(page.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'false');
});

test('a phone: a long one-word search that finds nothing, and results with their menus, keep the page its width, and the bar shows the current category', async ({
  page,
}) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(`/search?q=${'x'.repeat(100)}`);
  await expectBackend(page, 'webgpu');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  expect(await sideways(page), 'no sideways scroll on the no-results page').toBe(0);
  // Results across categories: their category, brand and order menus fit too, with long names in them.
  await page.goto('/search?q=red&category=dresses');
  await waitForRanked(page);
  await expect(page.getByTestId('filter-category')).toBeVisible();
  expect(await sideways(page), 'no sideways scroll with the filter menus').toBe(0);

  // The last category, far right in a bar that scrolls sideways: in view, clear of the faded edge.
  await page.setViewportSize({ width: 390, height: 844 });
  const categories = await page.getByRole('navigation', { name: 'Categories' }).getByRole('link').all();
  const last = categories[categories.length - 1]!;
  const href = await last.getAttribute('href');
  await page.goto(href!);
  await waitForRanked(page);
  const bar = await box(page.getByRole('navigation', { name: 'Categories' }).getByRole('list'));
  const current = await box(page.getByRole('navigation', { name: 'Categories' }).locator('[aria-current="page"]'));
  expect(current.x, 'the current category starts inside the bar').toBeGreaterThanOrEqual(bar.x);
  expect(current.x + current.width, 'and ends before its faded edge').toBeLessThanOrEqual(bar.x + bar.width - 56);
  expect(await sideways(page)).toBe(0);
});
