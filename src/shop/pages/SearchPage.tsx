import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { SortMenu } from '../components/ListingMenu';
import { useShop } from '../engine';
import { categoryPath, Link, searchPath } from '../router';
import { findProducts, MAX_QUERY_LENGTH } from '../search';
import type { SortOrder } from '../sort';
import { useDocumentTitle } from '../useDocumentTitle';

/** Grid positions of the search results' ads (each for one of the matches). */
const SEARCH_AD_POSITIONS = [3, 15];

/**
 * Search results: the products that match the query (or, when none does,
 * those a typo away, and the page says so), ranked for the shopper like any
 * grid (logged as home-page views, as tag browsing is), with ads only for
 * matching products.
 */
export function SearchPage({ q, sort = 'recommended' }: { q: string; sort?: SortOrder }): ReactNode {
  const { catalogue } = useShop();
  const query = q.slice(0, MAX_QUERY_LENGTH);
  const { request, close, suggestions } = useMemo(() => {
    const found = findProducts(catalogue, query);
    const candidates = found.ids;
    const request: RankRequest = { page: 'home', candidates, productSlots: candidates.length, adPositions: SEARCH_AD_POSITIONS };
    return { request, close: found.close, suggestions: found.suggestions };
  }, [catalogue, query]);
  const n = request.candidates.length;
  useDocumentTitle(query ? `Search: ${query}` : 'Search');
  return (
    <>
      <Breadcrumb current="Search" />
      <div className="page-head">
        <h1 className="page-head__title search-title">{query ? <>Results for “{query}”</> : 'Search the shop'}</h1>
        {n ? (
          <p className="page-head__meta" data-testid="search-count" data-count={n} data-close={close}>
            {n} {close ? (n === 1 ? 'close match' : 'close matches') : n === 1 ? 'product' : 'products'}
          </p>
        ) : null}
      </div>
      {n > 1 ? (
        <div className="listing-tools">
          <SortMenu sort={sort} />
        </div>
      ) : null}
      {n && close ? (
        <p className="search-close" data-testid="search-close">
          Nothing matches “{query}” exactly; these are a letter or two off. Check the spelling for closer results.
          {suggestions.length > 0 ? (
            <span className="search-close__suggest" data-testid="search-suggestions">
              {' '}
              Did you mean{' '}
              {suggestions.map((s, i) => (
                <span key={s}>
                  {i > 0 ? (i === suggestions.length - 1 ? ' or ' : ', ') : null}
                  <Link to={searchPath(s)}>{s}</Link>
                </span>
              ))}
              ?
            </span>
          ) : null}
        </p>
      ) : null}
      {n ? (
        <ProductGrid key={requestKey(request)} request={request} sort={sort} title={close ? 'Close matches' : 'Best matches'} />
      ) : (
        <div className="empty search-empty" data-testid="search-empty">
          <p>
            {query
              ? `Nothing matches “${query}”. Check the spelling, or try fewer or shorter words.`
              : 'Type a product, brand, colour or category in the search box above.'}
          </p>
          <p>Or browse a category:</p>
          <ul className="chips">
            {catalogue.categories.map((c) => (
              <li key={c.slug}>
                <Link to={categoryPath(c.slug)} className="chip">
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
