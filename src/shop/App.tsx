/** The shop's layout and routes. */
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Header } from './components/Header';
import { ModelPanel } from './components/ModelPanel';
import { SHOP_NAME } from './format';
import { CartPage, OrderPage } from './pages/CartPage';
import { CategoryPage } from './pages/CategoryPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PrivacyPage } from './pages/PrivacyPage';
import { ProductPage } from './pages/ProductPage';
import { SearchPage } from './pages/SearchPage';
import { Link, PRIVACY_PATH, takeRedraw, takeScrollToRestore, useRoute, type NavState, type Route } from './router';

function page(route: Route, state: NavState): ReactNode {
  switch (route.name) {
    case 'home':
      return <HomePage tag={route.tag} sort={route.sort} />;
    case 'category':
      return <CategoryPage slug={route.slug} sort={route.sort} filters={route.filters} />;
    case 'product':
      return <ProductPage id={route.id} state={state} />;
    case 'search':
      return <SearchPage q={route.q} sort={route.sort} filters={route.filters} />;
    case 'cart':
      return <CartPage />;
    case 'order':
      return <OrderPage state={state} />;
    case 'privacy':
      return <PrivacyPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** Header, the current page, and the footer with the model panel. */
export function App(): ReactNode {
  const { route, key, state } = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  const shownKey = useRef(key);

  // Back, Forward or a reload: where the shopper was, before the page is painted.
  useLayoutEffect(() => {
    const y = takeScrollToRestore();
    if (y !== null) window.scrollTo(0, y);
  }, [key]);

  // After client-side navigation, move focus to the new page's heading so
  // keyboard and screen-reader users start at the top of the new content.
  useEffect(() => {
    if (shownKey.current === key) return;
    shownKey.current = key;
    if (takeRedraw(key)) return;
    const target = mainRef.current?.querySelector<HTMLElement>('h1') ?? mainRef.current;
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
  }, [key]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Header route={route} />
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        <div key={key} className="page">
          {page(route, state)}
        </div>
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <ModelPanel />
          <div className="site-footer__meta">
            <p className="site-footer__brand">{SHOP_NAME}</p>
            <p>A demo shop. Recommendations are computed on your device with TensorFlow.js; your browsing history stays in this browser.</p>
            <p>
              <Link to={PRIVACY_PATH} className="site-footer__link" data-testid="privacy-link-footer">
                Your data &amp; privacy
              </Link>
            </p>
          </div>
        </div>
      </footer>
    </>
  );
}
