/**
 * Full-page screenshots of the main pages (and the privacy page, erase confirmation open) on a desktop and a phone viewport,
 * saved under test-results/screenshots/ for a person to look at.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectBackend, fetchCatalogue, gridOrder, waitForRanked } from './helpers';

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

const shot = (page: Page, name: string, size: string): Promise<Buffer> =>
  page.screenshot({ path: `test-results/screenshots/${name}-${size}.png`, fullPage: true, animations: 'disabled' });

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(size, () => {
    test.use({ viewport });

    test(`home, category, product and cart at ${size}`, async ({ page }) => {
      await page.goto('/');
      await expectBackend(page, 'webgpu');
      const grid = await waitForRanked(page);
      await expect(page.getByText(/Nothing yet — browse a few products/)).toBeVisible();
      await shot(page, 'home', size);

      const [first] = (await gridOrder(grid)).filter((s) => s.kind === 'product');
      if (!first) throw new Error('the home grid has no products');
      await page.goto(`/c/${first.category}`);
      const categoryGrid = await waitForRanked(page);
      await expectBackend(page, 'webgpu');
      // "All <category>" shows every product of the category once, listed or as its ad; ads only for this category.
      const inCategory = (await fetchCatalogue(page)).items.filter((i) => i.category === first.category).map((i) => i.id);
      const tiles = await gridOrder(categoryGrid);
      expect(tiles.map((s) => s.itemId).sort(), `every ${first.category} product on its page, once`).toEqual([...inCategory].sort());
      expect(tiles.every((s) => s.category === first.category)).toBe(true);
      await shot(page, 'category', size);

      await page.goto(`/p/${first.itemId}`);
      await expect(page.getByTestId('product')).toBeVisible();
      await expectBackend(page, 'webgpu');
      await page.getByTestId('add-to-cart').click();
      await expect(page.getByTestId('cart-count')).toHaveText('1');
      await expect(page.getByTestId('added-message')).toHaveAttribute('data-tone', 'success');
      await shot(page, 'product', size);

      await page.goto('/cart');
      await expect(page.getByTestId('cart-line')).toHaveCount(1);
      await expectBackend(page, 'webgpu');
      await shot(page, 'cart', size);

      await page.goto('/privacy');
      await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', /[1-9]/);
      await expect(page.getByTestId('data-interests').getByRole('link').first()).toBeVisible();
      await page.getByTestId('erase-data').click();
      await expect(page.getByTestId('erase-data-confirm')).toBeFocused();
      await expectBackend(page, 'webgpu');
      await shot(page, 'privacy', size);
    });

    test(`the header's "paused" mark at ${size}`, async ({ page }) => {
      await page.goto('/privacy');
      await expectBackend(page, 'webgpu');
      await page.getByTestId('pause-personalisation').click();
      await expect(page.getByTestId('pause-personalisation')).toHaveAttribute('data-paused', 'true');
      await page
        .getByRole('link', { name: /Fernhill Goods/ })
        .first()
        .click();
      await expect(page.getByRole('heading', { name: 'Popular with shoppers' })).toBeVisible();
      const mark = page.getByTestId('privacy-link').locator('.privacy-link__paused');
      await expect(mark).toHaveText('paused');
      const box = await mark.boundingBox();
      if (!box) throw new Error('the "paused" mark is not laid out');
      // A phone has room only for a dot; a desktop shows the word.
      if (viewport.width < 560) expect(box.width, 'a dot on a phone').toBeLessThanOrEqual(10);
      else expect(box.width, 'the word on a desktop').toBeGreaterThan(30);
      await shot(page, 'home-paused', size);
    });
  });
}
