/**
 * Keyboard focus in Chromium on WebGPU: a button that is pressed from the
 * keyboard and then disappears, or turns unavailable, hands focus to a
 * sensible place instead of dropping it on <body> (where the next Tab starts
 * over from the top of the page).
 */
import { expect, test, type Page } from '@playwright/test';
import { expectBackend } from './helpers';

// Every test, whatever it did, must have run on WebGPU.
test.afterEach(async ({ page }) => {
  await expectBackend(page, 'webgpu');
});

/** Puts these cart lines in the shop's cart before its first page loads (once: a reload keeps what the test changed). */
async function seedCart(page: Page, lines: Array<{ itemId: string; qty: number }>): Promise<void> {
  const json = JSON.stringify(lines.map((l) => ({ ...l, request: null, slot: null })));
  await page.addInitScript((value: string) => {
    if (sessionStorage.getItem('cart-seeded')) return;
    sessionStorage.setItem('cart-seeded', '1');
    localStorage.setItem('fernhill.cart.v1', value);
  }, json);
}

/** A short description of the focused element, for failure messages. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `<${el.tagName.toLowerCase()}> ${(el.textContent ?? '').trim().slice(0, 60)}` : '(nothing)';
  });

test('cart: "+" at the most a line holds keeps the focus (and "Add to cart" then says nothing was added), and so does "Remove"', async ({ page }) => {
  await seedCart(page, [
    { itemId: 'p0001', qty: 98 },
    { itemId: 'p0002', qty: 1 },
    { itemId: 'p0003', qty: 2 },
  ]);
  await page.goto('/cart');
  await expectBackend(page, 'webgpu');
  const line = (id: string) => page.locator(`[data-testid="cart-line"][data-item-id="${id}"]`);

  // "+" up to 99: the button says it is unavailable and keeps focus; another press changes nothing.
  const more = line('p0001').getByRole('button', { name: 'One more' });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(line('p0001').locator('.qty-value')).toHaveText('99');
  await expect(more).toHaveAttribute('aria-disabled', 'true');
  await expect(more, `focus is on ${await focused(page)}`).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(line('p0001').locator('.qty-value')).toHaveText('99');
  await expect(more).toBeFocused();

  // The product page says a full line took nothing more.
  await line('p0001').getByRole('link').click();
  await page.getByTestId('add-to-cart').click();
  await expect(page.getByTestId('added-message')).toHaveText('Your cart already holds 99 of these, the most it can; nothing was added.');
  await expect(page.getByTestId('added-message'), 'a warning, not a success').toHaveAttribute('data-tone', 'warning');
  await page.getByTestId('added-message').screenshot({ path: 'test-results/screenshots/added-full.png', animations: 'disabled' });
  await expect(page.getByTestId('cart-count')).toHaveText('99+');
  await page.getByRole('link', { name: /^Cart,/ }).click();

  // "Remove" hands focus to the next line's "Remove", the last line's to the one before, the only line's to the heading.
  await line('p0002')
    .getByRole('button', { name: /^Remove/ })
    .focus();
  await page.keyboard.press('Enter');
  await expect(line('p0002')).toHaveCount(0);
  await expect(line('p0003').getByRole('button', { name: /^Remove/ }), `focus is on ${await focused(page)}`).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(line('p0003')).toHaveCount(0);
  await expect(line('p0001').getByRole('button', { name: /^Remove/ }), `focus is on ${await focused(page)}`).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart' }), `focus is on ${await focused(page)}`).toBeFocused();
  await expect(page.getByTestId('cart-said')).toHaveText('Removed Little Oak Illustrated Novel; the cart is now empty.');
});

test('privacy page and model panel: the switch, Cancel, erase and reset keep the keyboard focus', async ({ page }) => {
  await page.goto('/privacy');
  await expectBackend(page, 'webgpu');
  await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', /\d/);

  // The switch, pressed with Space, both ways.
  const pause = page.getByTestId('pause-personalisation');
  await pause.focus();
  await page.keyboard.press('Space');
  await expect(pause).toHaveAttribute('data-paused', 'true');
  await expect(pause, `focus is on ${await focused(page)}`).toBeFocused();
  await page.keyboard.press('Space');
  await expect(pause).toHaveAttribute('data-paused', 'false');
  await expect(pause, `focus is on ${await focused(page)}`).toBeFocused();

  // A copy first: its note must go with the data it describes.
  await Promise.all([page.waitForEvent('download'), page.getByTestId('export-data').click()]);
  await expect(page.getByTestId('export-note')).toContainText('Saved');

  // Cancel returns focus to "Erase everything…".
  const erase = page.getByTestId('erase-data');
  await erase.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('erase-data-confirm')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('erase-data-cancel')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('erase-data-confirm')).toHaveCount(0);
  await expect(erase, `focus is on ${await focused(page)}`).toBeFocused();

  // "Yes, erase it all" erases, says so, and returns focus to "Erase everything…"; the export's note is gone.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('erase-note')).toContainText('Erased');
  await expect(erase, `focus is on ${await focused(page)}`).toBeFocused();
  await expect(page.getByTestId('export-note')).toHaveText('');
  await expect(page.getByTestId('data-events')).toHaveAttribute('data-count', '0');
  await expect(page.locator('.privacy-card__fine')).not.toContainText('0 bytes');

  // The model panel's reset keeps focus on its button while it runs and after.
  const reset = page.getByTestId('reset-personalisation');
  await reset.focus();
  await page.keyboard.press('Enter');
  await expect(reset).toHaveAttribute('data-state', 'done');
  await expect(reset, `focus is on ${await focused(page)}`).toBeFocused();
});
