/**
 * "Why this?" on a ranked card: a small button that opens a popover saying,
 * in a shopper's words, why the model put the product here (what of theirs it
 * matches, whether the place was paid for) and what the model expects.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Explanation } from '../../engine/api';
import type { CatalogueItem } from '../../engine/catalogue/types';
import { capitalise } from '../format';
import { Link, PRIVACY_PATH } from '../router';

/** Gap kept between the popover and the viewport's edges, px. */
const EDGE = 8;
/** What a click outside may focus itself (`<main tabindex="-1">` is not one of them). */
const INTERACTIVE = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

const list = (terms: readonly string[]): string => new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(terms);

/**
 * A probability as "N in 100" (or "N in 1,000" below 1 in 100).
 * @example perHundred(0.123) // "12 in 100"
 */
export function perHundred(p: number): string {
  if (p >= 0.01) return `${Math.min(99, Math.round(p * 100))} in 100`;
  if (p >= 0.001) return `${Math.round(p * 1000)} in 1,000`;
  return 'fewer than 1 in 1,000';
}

/** From this many different products, a colour or tag is "often". */
const OFTEN = 4;

/** "a" or "an" before a word, by its first letter (enough for the shop's colours and tags). */
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * What the shopper did with products of a colour or tag, in words that scale
 * with how many different products back it: one is no habit.
 * @example engaged('pink', 1) // "You looked at a pink product."
 */
function engaged(value: string, count: number | undefined): string {
  // Without a count, claim no more than one product.
  const n = count ?? 1;
  if (n >= OFTEN) return `You often pick ${value} products.`;
  if (n >= 2) return `You looked at ${n} ${value} products.`;
  return `You looked at ${article(value)} ${value} product.`;
}

/** What the popover says. */
export interface WhyText {
  /** "Sponsored — … paid to show this here…", or `null` outside ad slots. */
  sponsored: string | null;
  /** One sentence per reason group. */
  reasons: string[];
  /** The model's numbers in plain words. */
  numbers: string;
}

/**
 * Puts an explanation into sentences.
 * @param why - the engine's explanation.
 * @param item - the product (its brand pays for an ad).
 * @returns the popover's sentences.
 * @example describeWhy(why, item).reasons // ["You’ve been looking at Shoes and Fernhill."]
 */
export function describeWhy(why: Explanation, item: Pick<CatalogueItem, 'brand'>): WhyText {
  const labels = (...kinds: string[]): string[] => why.reasons.filter((r) => kinds.includes(r.kind)).map((r) => r.label);
  const looked = labels('category', 'brand');
  const reasons: string[] = [];
  for (const r of why.reasons) if (r.kind === 'recent') reasons.push(`${r.label}.`);
  const sponsored = why.sponsored ? `Sponsored — ${item.brand ?? 'The seller'} paid to show this here.` : null;
  if (looked.length) reasons.push(`You’ve been looking at ${list(looked)}.`);
  // What the shopper did, never "your interest": that is the interest chips' word, and
  // they come from the model's tags head, not from these counts.
  for (const r of why.reasons) if (r.kind === 'tag') reasons.push(engaged(r.label.toLowerCase(), r.count));
  for (const r of why.reasons) if (r.kind === 'colour') reasons.push(engaged(r.label, r.count));
  // One usual range per shopper (the engine's), so every card names the same one.
  for (const range of labels('price')) reasons.push(`It’s in your usual price range, ${range}.`);
  // Relative to its category, so it never reads as a second "usual price range".
  for (const position of labels('pricePosition')) reasons.push(`${capitalise(position)}, as what you pick usually is for its kind.`);
  const popular = why.reasons.find((r) => r.kind === 'popular');
  // A high place with no reason to name is the model's reading of shoppers like this one.
  if (!why.sponsored && popular)
    reasons.push(
      (popular.count ?? 0) > 0
        ? 'Popular with shoppers like you: it’s ranked by what shoppers who browse like you tend to open.'
        : 'Popular with shoppers: you haven’t clicked anything yet, so it’s ranked by what most shoppers open.',
    );

  const s = why.scores;
  const open = s.adClick ?? s.click;
  const buy = s.purchase === null ? '' : `; ${perHundred(s.purchase)} buy it`;
  // "Like you" only once there is something of the shopper to be like.
  const knows = why.reasons.some((r) => r.kind !== 'popular' || (r.count ?? 0) > 0);
  const numbers = `${capitalise(open >= 0.001 ? `about ${perHundred(open)}` : perHundred(open))} shoppers${knows ? ' like you' : ''} open it${buy}.`;
  return { sponsored, reasons, numbers };
}

interface Props {
  why: Explanation;
  item: CatalogueItem;
  /** An ad card: the button leaves room for the "Sponsored" badge. */
  ad?: boolean;
}

/**
 * The "Why this?" button and its popover, placed over a card's top-right
 * corner. Outside the card's link, so it never navigates. Escape, a click
 * outside or the close button close it and give focus back to the button.
 * @example <WhyThis why={slot.why} item={item} />
 */
export function WhyThis({ why, item, ad = false }: Props): ReactNode {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const text = describeWhy(why, item);

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  // The popover hangs from the card's right edge; where that leaves the viewport (a
  // card in the first column) it lines up with the card's left edge, and on a
  // narrow screen it stays EDGE px inside the viewport.
  useLayoutEffect(() => {
    const el = popover.current;
    const anchor = root.current;
    if (!open || !el || !anchor) return;
    const place = (): void => {
      el.style.setProperty('--why-shift', '0px');
      const r = el.getBoundingClientRect();
      const viewport = document.documentElement.clientWidth;
      // The root's positioned parent is the grid cell, as wide as the card.
      const cardLeft = (anchor.offsetParent ?? anchor).getBoundingClientRect().left;
      let left = r.left < EDGE ? cardLeft : r.left;
      left = Math.max(EDGE, Math.min(left, viewport - EDGE - r.width));
      el.style.setProperty('--why-shift', `${Math.round(left - r.left)}px`);
    };
    place();
    el.scrollIntoView({ block: 'nearest' });
    closeButton.current?.focus({ preventScroll: true });
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close(true);
    };
    const onPointer = (e: PointerEvent): void => {
      const target = e.target instanceof Element ? e.target : null;
      if (target && root.current?.contains(target)) return;
      setOpen(false);
      // A click on something focusable keeps its focus; elsewhere focus goes back to the
      // button, after the press's own mousedown has moved focus to the page.
      if (!target?.closest(INTERACTIVE)) setTimeout(() => button.current?.focus(), 0);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [open]);

  return (
    <div
      ref={root}
      className={`why${ad ? ' why--ad' : ''}`}
      data-open={String(open)}
      onBlur={(e) => {
        // Tabbing out of the popover closes it.
        if (open && e.relatedTarget instanceof Node && !root.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="why__button"
        aria-expanded={open}
        aria-controls={`${id}-popover`}
        data-testid="why-this"
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        <svg className="why__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="8" cy="8" r="6.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 7.2v4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          <circle cx="8" cy="4.9" r="1" fill="currentColor" />
        </svg>
        <span className="why__label">Why this?</span>
        <span className="visually-hidden"> {item.title}</span>
      </button>
      <div ref={popover} id={`${id}-popover`} className="why__popover" role="dialog" aria-labelledby={`${id}-title`} data-testid="why-popover" hidden={!open}>
        <div className="why__head">
          <h3 id={`${id}-title`} className="why__title">
            Why you’re seeing this
          </h3>
          <button ref={closeButton} type="button" className="why__close" aria-label="Close" onClick={() => close(true)}>
            <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </div>
        {text.sponsored ? <p className="why__sponsored">{text.sponsored}</p> : null}
        {text.reasons.length ? (
          <ul className="why__reasons">
            {text.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
        <p className="why__numbers">{text.numbers}</p>
        <p className="why__note">
          Worked out on this device from what you did in this shop. <Link to={PRIVACY_PATH}>Your data</Link>
        </p>
      </div>
    </div>
  );
}
