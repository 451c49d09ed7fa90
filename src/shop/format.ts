/** Formatting helpers shared by the shop's pages. */

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats a price in the catalogue's currency.
 * @param price - Amount, or `null` when the catalogue has none.
 * @param currency - ISO 4217 code, for example `"EUR"`.
 * @returns `"€12.50"`-style text, or `"Price on request"` for `null`.
 * @example formatPrice(12.5, 'EUR') // "€12.50"
 */
export function formatPrice(price: number | null, currency: string): string {
  if (price === null || !Number.isFinite(price)) return 'Price on request';
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      // An unknown currency code must not take the shop down.
      f = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, f);
  }
  return f.format(price);
}

/** Capitalises the first letter, for colour names and tags. */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Name of the shop, used in the header and every `<title>`. */
export const SHOP_NAME = 'Fernhill Goods';
