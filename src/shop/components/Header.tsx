/** Site header: logo, category navigation, cart and model-panel links. */
import { useEffect, useId, useRef, useState, type FormEvent, type MouseEvent, type ReactNode } from 'react';
import { useCart } from '../cart';
import { isPaused, useShop } from '../engine';
import { SHOP_NAME } from '../format';
import { categoryPath, isModifiedClick, Link, navigate, PRIVACY_PATH, searchPath, type Route } from '../router';
import { MAX_QUERY_LENGTH } from '../search';

const STATUS_TEXT = { loading: 'loading', ready: 'ready', error: 'error' } as const;

/**
 * The cart button's count: a badge has room for three characters, so more than 99 reads "99+"
 * (the button's accessible name keeps the exact count).
 * @example cartBadge(198) // '99+'
 */
export function cartBadge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/**
 * The "Model" link's jump to the model panel in the footer: scrolls there and
 * focuses it, adding no history entry (a hash would, and Back would then leave
 * the shopper at the footer). Without script, or with a modifier key, the
 * link's `#model-panel` does the plain thing.
 */
function toModelPanel(e: MouseEvent<HTMLAnchorElement>): void {
  if (isModifiedClick(e)) return;
  const panel = document.getElementById('model-panel');
  if (!panel) return;
  e.preventDefault();
  // A ring shows where the jump landed, as `:target` did (browsers without `focusVisible` ignore it).
  const focus: FocusOptions & { focusVisible?: boolean } = { preventScroll: true, focusVisible: true };
  panel.focus(focus);
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  panel.scrollIntoView({ behavior: still ? 'instant' : 'smooth', block: 'start' });
}

/**
 * The search box: a form that also works as a plain GET to `/search`; on the
 * search page it shows the query. An empty query stays where it is.
 */
function SearchBox({ route }: { route: Route }): ReactNode {
  const current = route.name === 'search' ? route.q : '';
  const [value, setValue] = useState(current);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => setValue(current), [current]);
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const q = value.trim();
    if (!q) {
      input.current?.focus();
      return;
    }
    input.current?.blur();
    navigate(searchPath(q));
  };
  return (
    <form className="search" role="search" action="/search" method="get" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Search the shop
      </label>
      <input
        ref={input}
        id={id}
        className="search__input"
        type="search"
        name="q"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="Search products, brands, colours"
        maxLength={MAX_QUERY_LENGTH}
        autoComplete="off"
        enterKeyHint="search"
        data-testid="search-input"
      />
      <button type="submit" className="search__button" aria-label="Search">
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M15.5 15.5L20 20" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
    </form>
  );
}

/** The header; `route` marks the current category and cart. */
export function Header({ route }: { route: Route }): ReactNode {
  const { catalogue, engine } = useShop();
  const { count } = useCart();
  const navList = useRef<HTMLUListElement>(null);
  const currentSlug = route.name === 'category' ? route.slug : null;
  // Where the bar scrolls sideways, the current category is brought into it (the list alone scrolls, not the page).
  useEffect(() => {
    const list = navList.current;
    const link = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!list || !link || list.scrollWidth <= list.clientWidth) return;
    const { left, right } = link.getBoundingClientRect();
    const box = list.getBoundingClientRect();
    // Clear of the faded right edge (56 px), as the list's scroll padding says.
    if (left < box.left || right > box.right - 56) list.scrollLeft += left - box.left - (box.width - (right - left)) / 2;
  }, [currentSlug]);
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <Link to="/" className="logo" aria-current={route.name === 'home' ? 'page' : undefined}>
          <svg className="logo__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <path d="M16 3c7 5 10 11 10 17a10 10 0 0 1-20 0C6 14 9 8 16 3z" fill="currentColor" />
            <path d="M16 10v19M16 17l5-4M16 22l-5-4" stroke="#fff" strokeWidth="2" strokeLinecap="round" fill="none" />
          </svg>
          <span className="logo__text">{SHOP_NAME}</span>
        </Link>
        <SearchBox route={route} />
        <div className="site-header__actions">
          <Link
            to={PRIVACY_PATH}
            className="privacy-link"
            data-testid="privacy-link"
            aria-current={route.name === 'privacy' ? 'page' : undefined}
            title={isPaused(engine) ? 'Personalisation is paused' : 'What this shop keeps about you, on this device'}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="privacy-link__icon">
              <path d="M12 3l7 3v5c0 4.6-3 8.4-7 10-4-1.6-7-5.4-7-10V6l7-3z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
              <path d="M9 12l2 2 4-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="privacy-link__text">Your data</span>
            {isPaused(engine) ? <span className="privacy-link__paused">paused</span> : null}
          </Link>
          <a
            className="model-link"
            href="#model-panel"
            onClick={toModelPanel}
            data-testid="model-link"
            title={`On-device model: ${STATUS_TEXT[engine.status]}`}
          >
            <span className={`status-dot status-dot--${engine.status}`} aria-hidden="true" />
            <span className="model-link__text">Model</span>
            <span className="visually-hidden"> ({STATUS_TEXT[engine.status]})</span>
          </a>
          <Link
            to="/cart"
            className="cart-link"
            aria-current={route.name === 'cart' ? 'page' : undefined}
            aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="cart-link__icon">
              <path
                d="M3 4h2l2.4 10.2a2 2 0 0 0 2 1.8h7.7a2 2 0 0 0 1.9-1.5L21 8H6.2"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.8"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
              <circle cx="10" cy="20" r="1.5" fill="currentColor" />
              <circle cx="17" cy="20" r="1.5" fill="currentColor" />
            </svg>
            <span className="cart-link__text">Cart</span>
            <span className="cart-link__count" data-testid="cart-count" data-count={count} aria-hidden="true">
              {cartBadge(count)}
            </span>
          </Link>
        </div>
      </div>
      <nav className="category-nav" aria-label="Categories">
        <ul className="category-nav__list" ref={navList}>
          {catalogue.categories.map((c) => (
            <li key={c.slug}>
              <Link
                to={categoryPath(c.slug)}
                className="category-nav__link"
                aria-current={route.name === 'category' && route.slug === c.slug ? 'page' : undefined}
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
