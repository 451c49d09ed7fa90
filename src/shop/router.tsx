/**
 * A tiny client-side router on the History API: one pure `parseRoute`, a
 * `useRoute` hook, `navigate` and a `Link` that keeps modified clicks
 * (new tab, new window) with the browser.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { parseFilters, type Filters } from './filters';
import { parseSort, type SortOrder } from './sort';

/** The pages of the shop. */
export type Route =
  | { name: 'home'; tag: string | null; sort: SortOrder }
  | { name: 'category'; slug: string; sort: SortOrder; filters: Filters }
  | { name: 'search'; q: string; sort: SortOrder; filters: Filters }
  | { name: 'product'; id: string }
  | { name: 'cart' }
  | { name: 'order' }
  | { name: 'privacy' }
  | { name: 'not-found'; path: string };

/**
 * Where a product page visit came from: the grid request and slot of the
 * click, so `cart` and `purchase` events can be joined to the impression.
 */
export interface Attribution {
  request: string | null;
  slot: number | null;
}

/** A placed order, kept in its confirmation's history entry (so Back, Forward and a reload show it again). */
export interface PlacedOrder {
  number: string;
  lines: Array<{ itemId: string; qty: number }>;
}

/** What the shop keeps in `history.state`. */
export interface NavState {
  from?: Attribution;
  /** On the order confirmation: the order. */
  order?: PlacedOrder;
  /** This history entry's id: Back and Forward show the grids it showed ({@link currentEntry}). */
  entry?: string;
}

const decode = (part: string): string | null => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

/**
 * Maps a path and query string to a {@link Route}.
 * @param pathname - `location.pathname`, for example `/c/shoes`.
 * @param search - `location.search`, for example `?tag=outdoor`.
 * @returns The route; unknown paths give `not-found`.
 * @example parseRoute('/p/p0042', '') // { name: 'product', id: 'p0042' }
 */
export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') {
    // Tags are lower-case words: `?tag=Outdoor` (as a chip reads) means `outdoor`.
    const tag = new URLSearchParams(search).get('tag')?.trim().toLowerCase();
    return { name: 'home', tag: tag ? tag : null, sort: parseSort(search) };
  }
  if (path === '/cart' || path === '/checkout') return { name: 'cart' };
  if (path === ORDER_PATH) return { name: 'order' };
  if (path === '/privacy') return { name: 'privacy' };
  if (path === '/search')
    return { name: 'search', q: (new URLSearchParams(search).get('q') ?? '').trim(), sort: parseSort(search), filters: parseFilters(search) };
  const m = /^\/(c|p)\/([^/]+)$/.exec(path);
  const value = m?.[2] !== undefined ? decode(m[2]) : null;
  if (m && value)
    return m[1] === 'c' ? { name: 'category', slug: value, sort: parseSort(search), filters: parseFilters(search) } : { name: 'product', id: value };
  return { name: 'not-found', path };
}

/** Path of the order confirmation; the order itself is in the history entry's state. */
export const ORDER_PATH = '/order';
/** Path of the privacy page ("Your data"). */
export const PRIVACY_PATH = '/privacy';
/** Path of a category page. */
export const categoryPath = (slug: string): string => `/c/${encodeURIComponent(slug)}`;
/** Path of a product page. */
export const productPath = (id: string): string => `/p/${encodeURIComponent(id)}`;
/** Path of the home page, optionally filtered by an interest tag. */
export const homePath = (tag?: string | null): string => (tag ? `/?tag=${encodeURIComponent(tag)}` : '/');

/** Path of the search results for `q`. */
export const searchPath = (q: string): string => `/search?q=${encodeURIComponent(q.trim())}`;

const listeners = new Set<() => void>();
const notify = (): void => listeners.forEach((l) => l());
const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
};
const here = (): string => location.pathname + location.search;
// Bumped when the shopper opens the page they are on again: the page is drawn afresh.
let renewals = 0;
const snapshot = (): string => (renewals ? `${here()}#${renewals}` : here());

let entries = 0;
const newEntry = (): string => `${Date.now().toString(36)}-${(++entries).toString(36)}`;

/**
 * The id of the current history entry. An entry the shop did not push (the
 * first page of a visit) gets one now, its other state kept.
 */
export function currentEntry(): string {
  const raw: unknown = history.state;
  const state = isNavState(raw) ? raw : {};
  if (state.entry) return state.entry;
  const entry = newEntry();
  history.replaceState({ ...state, entry }, '');
  return entry;
}

/** Scroll position per history entry of this document. */
const scrolls = new Map<string, number>();
/** Where the page goes once the route it is for has rendered; null: nowhere. */
let restoreTo: number | null = null;

/**
 * Brings the shopper back to where they were on a page: Back and Forward
 * (and a reload) scroll to the entry's last position once the page has
 * rendered ({@link takeScrollToRestore}). The browser's own restoration runs
 * before the shop has drawn the page it goes back to, so it is switched off.
 * Call once, before the first render.
 */
export function installScrollMemory(): void {
  history.scrollRestoration = 'manual';
  const state = (): NavState => (isNavState(history.state) ? history.state : {});
  restoreTo = readLeftAt(state().entry);
  window.addEventListener('scroll', () => scrolls.set(currentEntry(), window.scrollY), { passive: true });
  // Added before the router's own listener, so the position is known when the page renders.
  window.addEventListener('popstate', (e: PopStateEvent) => {
    const s: NavState = isNavState(e.state) ? e.state : {};
    restoreTo = (s.entry !== undefined ? scrolls.get(s.entry) : undefined) ?? 0;
  });
  // A reload keeps neither this map nor a history.state written while the page
  // hides (Chromium drops it), so the position goes to the tab's sessionStorage.
  window.addEventListener('pagehide', () => {
    try {
      sessionStorage.setItem(LEFT_AT_KEY, JSON.stringify({ entry: currentEntry(), y: window.scrollY }));
    } catch {
      /* storage blocked: a reload starts at the top */
    }
  });
}

const LEFT_AT_KEY = 'shop:left-at';

/** Where the page of history entry `entry` was scrolled when the document was left, if it was this entry. */
function readLeftAt(entry: string | undefined): number | null {
  try {
    const raw = sessionStorage.getItem(LEFT_AT_KEY);
    sessionStorage.removeItem(LEFT_AT_KEY);
    const left: unknown = raw ? JSON.parse(raw) : null;
    if (entry === undefined || typeof left !== 'object' || left === null) return null;
    const { entry: e, y } = left as { entry?: unknown; y?: unknown };
    return e === entry && typeof y === 'number' && Number.isFinite(y) ? y : null;
  } catch {
    return null;
  }
}

/**
 * The scroll position the page just rendered should go to, once: after Back,
 * Forward or a reload. Null after a link (which starts at the top).
 */
export function takeScrollToRestore(): number | null {
  const y = restoreTo;
  restoreTo = null;
  return y;
}

/**
 * Goes to a path inside the shop and scrolls to the top.
 * @param to - Path with optional query, for example `/p/p0042`.
 * @param state - Kept in `history.state` (survives reload and back/forward).
 */
export function navigate(to: string, state: NavState = {}): void {
  if (to !== here() || state.from) history.pushState({ ...state, entry: newEntry() }, '', to);
  else renewEntry();
  window.scrollTo(0, 0);
  notify();
}

/** Gives the current history entry a new id and the page a new key, so it is drawn (and its grids ranked) afresh. */
function renewEntry(): void {
  const raw: unknown = history.state;
  history.replaceState({ ...(isNavState(raw) ? raw : {}), entry: newEntry() }, '');
  renewals++;
}

/**
 * Draws the current page afresh where it is scrolled: its grids are ranked
 * again (after a reset of personalisation, say). Like a link to the page the
 * shopper is on, it adds no history entry.
 */
export function redrawPage(): void {
  renewEntry();
  redrawn = snapshot();
  notify();
}

/** Routes whose page shows a ranked grid. */
const GRID_ROUTES: ReadonlySet<Route['name']> = new Set(['home', 'category', 'product', 'search']);

/**
 * Draws the current page again ({@link redrawPage}) if it shows a ranked
 * grid; other pages (the privacy page, with the switch the shopper just
 * used) stay as they are.
 */
export function redrawGrids(): void {
  if (GRID_ROUTES.has(parseRoute(location.pathname, location.search).name)) redrawPage();
}

/**
 * Shows the page the shopper is on with another query (a listing's order,
 * say): the history entry is replaced, not added, so Back still leaves the
 * page, and the page is drawn afresh where it is scrolled, its grids ranked
 * again ({@link takeRedraw}).
 * @param to - The same page's path with the new query.
 */
export function replaceQuery(to: string): void {
  const raw: unknown = history.state;
  history.replaceState({ ...(isNavState(raw) ? raw : {}), entry: newEntry() }, '', to);
  redrawn = snapshot();
  notify();
}

let redrawn: string | null = null;
/**
 * True, once, when the page with this key comes from {@link redrawPage}: the
 * shopper's focus and scroll then stay where they are.
 */
export function takeRedraw(key: string): boolean {
  const yes = key === redrawn;
  redrawn = null;
  return yes;
}

/** The current route and its history state; re-renders on navigation. */
export function useRoute(): { route: Route; key: string; state: NavState } {
  const key = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(key, location.origin);
  const raw: unknown = history.state;
  return { route: parseRoute(url.pathname, url.search), key, state: isNavState(raw) ? raw : {} };
}

function isNavState(v: unknown): v is NavState {
  if (typeof v !== 'object' || v === null) return false;
  const { from, entry, order } = v as { from?: unknown; entry?: unknown; order?: unknown };
  if (entry !== undefined && typeof entry !== 'string') return false;
  if (order !== undefined && !isPlacedOrder(order)) return false;
  if (from === undefined) return true;
  if (typeof from !== 'object' || from === null) return false;
  const { request, slot } = from as { request?: unknown; slot?: unknown };
  return (request === null || typeof request === 'string') && (slot === null || typeof slot === 'number');
}

/** True for clicks the browser should handle itself (new tab, download, ...). */
export function isModifiedClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  return e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An `<a>` that navigates inside the shop without a reload. */
export function Link({ to, onClick, children, ...rest }: LinkProps): ReactNode {
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        onClick?.(e);
        if (isModifiedClick(e)) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

function isPlacedOrder(v: unknown): v is PlacedOrder {
  if (typeof v !== 'object' || v === null) return false;
  const { number, lines } = v as { number?: unknown; lines?: unknown };
  return (
    typeof number === 'string' &&
    Array.isArray(lines) &&
    lines.every((l: unknown) => {
      if (typeof l !== 'object' || l === null) return false;
      const { itemId, qty } = l as { itemId?: unknown; qty?: unknown };
      return typeof itemId === 'string' && typeof qty === 'number' && Number.isInteger(qty) && qty > 0;
    })
  );
}
