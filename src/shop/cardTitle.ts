/** A product's title as a card shows it, under the brand the card already names. */

/** A title split where the brand it starts with ends. */
export interface CardTitle {
  /** The brand as the title spells it, with the separator after it (`"Greenleaf Books "`); empty when nothing is cut. */
  lead: string;
  /** What the card shows: the title without `lead`. */
  rest: string;
}

/** Characters that may sit between a leading brand and the rest of the title. */
const SEPARATOR = /^[\s\-–—:|,·/]+/u;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits a leading brand off a product title, so a card that shows the brand
 * above the title gives its two lines to the part that tells products apart.
 * The brand must match whole words, ignoring case and runs of spaces; a title
 * that is only the brand, or does not start with it, is left whole.
 * @param title - the product's full title.
 * @param brand - the product's brand, if it has one.
 * @returns `lead + rest === title`; `rest` is what the card shows.
 * @example cardTitle('Greenleaf Books Pioneer Grey Notebook', 'Greenleaf Books') // { lead: 'Greenleaf Books ', rest: 'Pioneer Grey Notebook' }
 * @example cardTitle('Oakley Chair', 'Oak') // { lead: '', rest: 'Oakley Chair' }
 */
export function cardTitle(title: string, brand: string | null | undefined): CardTitle {
  const whole = { lead: '', rest: title };
  const words = (brand ?? '').trim().split(/\s+/u).filter(Boolean);
  if (!words.length) return whole;
  // Whole words: the brand may not run on into a letter, digit or possessive ("Oak" in "Oakley", "Oak's").
  const start = new RegExp(`^\\s*${words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}'’])`, 'iu').exec(title);
  if (!start) return whole;
  const after = title.slice(start[0].length);
  const rest = after.replace(SEPARATOR, '');
  // Nothing worth showing after the brand: keep the title as it is.
  if (!/[\p{L}\p{N}]/u.test(rest)) return whole;
  return { lead: title.slice(0, title.length - rest.length), rest };
}
