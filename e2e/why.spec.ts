/**
 * "Why this?" in Chromium on WebGPU: after a shopper clicks a few products of
 * one category, the ranked home grid explains a product of that category by
 * naming it, never as "your interest" nor "often" after three clicks, and an
 * ad as sponsored; the popover opens without navigating,
 * closes on Escape or a click outside with focus back on its button, and fits
 * a phone screen. Screenshots go to test-results/screenshots/why-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clickProductsOfCategory, countEvents, expectBackend, fetchCatalogue, gridOrder, waitForAnimations, waitForRanked } from './helpers';

const CATEGORY = 'shoes';

/** The grid cell that holds the product card (or the ad) of `itemId`: a page may list a product and promote it too. */
const cell = (grid: Locator, itemId: string, kind: 'product' | 'ad' = 'product'): Locator =>
  grid.getByRole('listitem').filter({ has: grid.page().locator(`[data-testid="${kind === 'ad' ? 'ad-slot' : 'product-card'}"][data-item-id="${itemId}"]`) });

const shot = async (page: Page, name: string): Promise<void> => {
  await waitForAnimations(page);
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: `test-results/screenshots/why-${name}-${width}x${height}.png`, animations: 'disabled' });
};

/** Asserts the popover lies inside the viewport horizontally. */
async function expectInViewport(page: Page, popover: Locator): Promise<void> {
  const box = (await popover.boundingBox())!;
  const { width } = page.viewportSize()!;
  expect(box.x, 'the popover starts inside the viewport').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'the popover ends inside the viewport').toBeLessThanOrEqual(width);
}

test('"Why this?" names the shopper’s category, says "Sponsored" on ads, and closes back to its button', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expectBackend(page, 'webgpu');
  const catalogue = await fetchCatalogue(page);
  const categoryName = catalogue.categories.find((c) => c.slug === CATEGORY)!.name;
  await clickProductsOfCategory(page, CATEGORY, 3);

  // Home without a reload: the engine keeps running.
  await page
    .getByRole('link', { name: /Fernhill Goods/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/$/);
  const grid = await waitForRanked(page);
  const order = await gridOrder(grid);
  const target = order.find((s) => s.kind === 'product' && s.category === CATEGORY);
  if (!target) throw new Error(`the ranked home grid shows no ${CATEGORY} after clicking three`);

  const clicks = await countEvents(page, 'click');
  const button = cell(grid, target.itemId).getByTestId('why-this');
  const popover = cell(grid, target.itemId).getByTestId('why-popover');
  await expect(popover).toBeHidden();
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(popover).toBeVisible();
  await expect(popover).toHaveAttribute('role', 'dialog');
  await expect(popover).toContainText(categoryName);
  await expect(popover).toContainText(/\d+ in 1(00|,000) shoppers like you open it/);
  // Three clicks are no habit, and the popover says what the shopper did, not "your interest"
  // (the interest chips, from the model's tags head, may name other tags).
  await expect(popover).not.toContainText('often pick');
  await expect(popover).not.toContainText(/interest/i);
  expect(await button.getAttribute('aria-controls')).toBe(await popover.getAttribute('id'));
  // Opening it is not a click on the product.
  await expect(page).toHaveURL(/\/$/);
  expect(await countEvents(page, 'click')).toBe(clicks);
  await expectInViewport(page, popover);
  await shot(page, 'product');
  const { violations } = await new AxeBuilder({ page }).include('.why[data-open="true"]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(button).toBeFocused();

  // An ad: sponsored; a click outside closes it and focus goes back to its button.
  const ad = order.find((s) => s.kind === 'ad');
  if (!ad) throw new Error('the ranked home grid shows no ad');
  const adButton = cell(grid, ad.itemId, 'ad').getByTestId('why-this');
  const adPopover = cell(grid, ad.itemId, 'ad').getByTestId('why-popover');
  await adButton.click();
  await expect(adPopover).toContainText('Sponsored');
  await expect(adPopover).not.toContainText(/interest/i);
  await expectInViewport(page, adPopover);
  await shot(page, 'ad');
  await page.getByRole('heading', { level: 1 }).first().click();
  await expect(adPopover).toBeHidden();
  await expect(adButton).toBeFocused();

  // A phone: the same popover fits the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await button.click();
  await expect(popover).toBeVisible();
  await expect(popover).toContainText(categoryName);
  await expectInViewport(page, popover);
  await shot(page, 'product');
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
  await adButton.click();
  await expect(adPopover).toContainText('Sponsored');
  await expectInViewport(page, adPopover);
  await shot(page, 'ad');
  await expectBackend(page, 'webgpu');
});
