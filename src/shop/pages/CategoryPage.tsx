import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ListingTools } from '../components/ListingMenu';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { useShop } from '../engine';
import { isFiltered, NO_FILTERS, passes, type Filters } from '../filters';
import { categoryPath, Link } from '../router';
import { withSort, type SortOrder } from '../sort';
import { useDocumentTitle } from '../useDocumentTitle';
import { NotFoundPage } from './NotFoundPage';

/** Grid positions of a category page's ads. */
const CATEGORY_AD_POSITIONS = [5, 17];

interface Props {
  slug: string;
  /** The shopper's order: the engine's ranking, or by price. */
  sort?: SortOrder;
  /** A brand or colour the shopper narrowed the category to. */
  filters?: Filters;
}

/** A category: its products (those that pass the shopper's filters), ranked or sorted by price. */
export function CategoryPage({ slug, sort = 'recommended', filters = NO_FILTERS }: Props): ReactNode {
  const { catalogue } = useShop();
  const category = catalogue.categories.find((c) => c.slug === slug);
  const inCategory = useMemo(() => catalogue.items.filter((i) => i.category === slug), [catalogue, slug]);
  const request = useMemo<RankRequest>(() => {
    const candidates = inCategory.filter((i) => passes(i, filters)).map((i) => i.id);
    // Every product that passes, in the shopper's order, with the ads (for products that pass) in their places.
    return { page: 'category', category: slug, candidates, productSlots: candidates.length, adPositions: CATEGORY_AD_POSITIONS };
  }, [inCategory, slug, filters]);
  useDocumentTitle(category?.name ?? 'Not found');
  if (!category) return <NotFoundPage what="category" />;
  const n = request.candidates.length;
  const total = inCategory.length;
  const filtered = isFiltered(filters);
  // Every product of the category again, in the same order.
  const clear = withSort(categoryPath(slug), sort);
  return (
    <>
      <Breadcrumb current={category.name} />
      <div className="page-head">
        <h1 className="page-head__title">{category.name}</h1>
        <p className="page-head__meta" data-testid="listing-count" data-count={n}>
          {filtered ? `${n} of ${total}` : n} {total === 1 ? 'product' : 'products'}
        </p>
      </div>
      <ListingTools items={inCategory} filters={filters} categoryName={() => category.name} sort={sort} shown={n} clearTo={clear} />
      {n ? (
        <ProductGrid key={requestKey(request)} request={request} sort={sort} title={filtered ? 'Matching products' : `All ${category.name.toLowerCase()}`} />
      ) : (
        <div className="empty" data-testid="filters-empty">
          <p>{filtered ? 'No product here matches these filters.' : 'Nothing here yet — check back soon.'}</p>
          {filtered ? (
            <Link to={clear} className="button button--ghost">
              Show all {category.name.toLowerCase()}
            </Link>
          ) : null}
        </div>
      )}
    </>
  );
}
