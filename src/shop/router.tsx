/**
 * A tiny client-side router on the History API: one pure `parseRoute`, a
 * `useRoute` hook, `navigate` and a `Link` that keeps modified clicks
 * (new tab, new window) with the browser.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/** The pages of the shop. */
export type Route =
  | { name: 'home'; tag: string | null }
  | { name: 'category'; slug: string }
  | { name: 'product'; id: string }
  | { name: 'cart' }
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

/** What the shop keeps in `history.state`. */
export interface NavState {
  from?: Attribution;
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
    const tag = new URLSearchParams(search).get('tag');
    return { name: 'home', tag: tag && tag.trim() ? tag : null };
  }
  if (path === '/cart' || path === '/checkout') return { name: 'cart' };
  if (path === '/privacy') return { name: 'privacy' };
  const m = /^\/(c|p)\/([^/]+)$/.exec(path);
  const value = m?.[2] !== undefined ? decode(m[2]) : null;
  if (m && value) return m[1] === 'c' ? { name: 'category', slug: value } : { name: 'product', id: value };
  return { name: 'not-found', path };
}

/** Path of the privacy page ("Your data"). */
export const PRIVACY_PATH = '/privacy';
/** Path of a category page. */
export const categoryPath = (slug: string): string => `/c/${encodeURIComponent(slug)}`;
/** Path of a product page. */
export const productPath = (id: string): string => `/p/${encodeURIComponent(id)}`;
/** Path of the home page, optionally filtered by an interest tag. */
export const homePath = (tag?: string | null): string => (tag ? `/?tag=${encodeURIComponent(tag)}` : '/');

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
const snapshot = (): string => location.pathname + location.search;

/**
 * Goes to a path inside the shop and scrolls to the top.
 * @param to - Path with optional query, for example `/p/p0042`.
 * @param state - Kept in `history.state` (survives reload and back/forward).
 */
export function navigate(to: string, state: NavState = {}): void {
  if (to !== snapshot() || state.from) history.pushState(state, '', to);
  window.scrollTo(0, 0);
  notify();
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
  const from = (v as { from?: unknown }).from;
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
