import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { ListingTools } from '../components/ListingMenu';
import { useShop } from '../engine';
import { isFiltered, NO_FILTERS, passes, type Filters } from '../filters';
import { categoryPath, Link, searchPath } from '../router';
import { findProducts, MAX_QUERY_LENGTH } from '../search';
import { withSort, type SortOrder } from '../sort';
import { useDocumentTitle } from '../useDocumentTitle';

/** Grid positions of the search results' ads (each for one of the matches). */
const SEARCH_AD_POSITIONS = [3, 15];

/**
 * Search results: the products that match the query (or, when none does,
 * those a typo away, and the page says so), ranked for the shopper like any
 * grid (logged as home-page views, as tag browsing is), with ads only for
 * matching products. The shopper can narrow them to a category, brand or
 * colour, and sort them by price.
 */
export function SearchPage({ q, sort = 'recommended', filters = NO_FILTERS }: { q: string; sort?: SortOrder; filters?: Filters }): ReactNode {
  const { catalogue, items, categoryNames } = useShop();
  const query = q.slice(0, MAX_QUERY_LENGTH);
  const found = useMemo(() => {
    const { ids, close, suggestions } = findProducts(catalogue, query);
    return { matches: ids.map((id) => items.get(id)).filter((i) => i !== undefined), close, suggestions };
  }, [catalogue, items, query]);
  const { matches, close, suggestions } = found;
  const request = useMemo<RankRequest>(() => {
    const candidates = matches.filter((i) => passes(i, filters)).map((i) => i.id);
    return { page: 'home', candidates, productSlots: candidates.length, adPositions: SEARCH_AD_POSITIONS };
  }, [matches, filters]);
  const n = request.candidates.length;
  const total = matches.length;
  const filtered = isFiltered(filters);
  // Every result again, in the same order.
  const clear = withSort(searchPath(query), sort);
  useDocumentTitle(query ? `Search: ${query}` : 'Search');
  return (
    <>
      <Breadcrumb current="Search" />
      <div className="page-head">
        <h1 className="page-head__title search-title">{query ? <>Results for “{query}”</> : 'Search the shop'}</h1>
        {total ? (
          <p className="page-head__meta" data-testid="search-count" data-count={n} data-close={close}>
            {filtered ? `${n} of ${total}` : n} {close ? (total === 1 ? 'close match' : 'close matches') : total === 1 ? 'product' : 'products'}
          </p>
        ) : null}
      </div>
      {total && close ? (
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
      <ListingTools items={matches} filters={filters} categoryName={(slug) => categoryNames.get(slug) ?? slug} sort={sort} shown={n} clearTo={clear} />
      {n ? (
        <ProductGrid key={requestKey(request)} request={request} sort={sort} title={close ? 'Close matches' : 'Best matches'} />
      ) : total ? (
        <div className="empty" data-testid="filters-empty">
          <p>No result matches these filters.</p>
          <Link to={clear} className="button button--ghost">
            Show all {total} results
          </Link>
        </div>
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
