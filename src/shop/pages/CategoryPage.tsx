import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { SortSelect } from '../components/SortSelect';
import { useShop } from '../engine';
import type { SortOrder } from '../sort';
import { useDocumentTitle } from '../useDocumentTitle';
import { NotFoundPage } from './NotFoundPage';

/** Grid positions of a category page's ads. */
const CATEGORY_AD_POSITIONS = [5, 17];

/** A category: its products, ranked (or by price, when the shopper sorts them so). */
export function CategoryPage({ slug, sort = 'recommended' }: { slug: string; sort?: SortOrder }): ReactNode {
  const { catalogue } = useShop();
  const category = catalogue.categories.find((c) => c.slug === slug);
  const request = useMemo<RankRequest>(() => {
    const candidates = catalogue.items.filter((i) => i.category === slug).map((i) => i.id);
    // Every product of the category, in the shopper's order, with the ads in their places.
    return { page: 'category', category: slug, candidates, productSlots: candidates.length, adPositions: CATEGORY_AD_POSITIONS };
  }, [catalogue, slug]);
  useDocumentTitle(category?.name ?? 'Not found');
  if (!category) return <NotFoundPage what="category" />;
  const n = request.candidates.length;
  return (
    <>
      <Breadcrumb current={category.name} />
      <div className="page-head">
        <h1 className="page-head__title">{category.name}</h1>
        <p className="page-head__meta">
          {n} {n === 1 ? 'product' : 'products'}
        </p>
        {n > 1 ? <SortSelect sort={sort} /> : null}
      </div>
      {n ? (
        <ProductGrid key={requestKey(request)} request={request} sort={sort} title={`All ${category.name.toLowerCase()}`} />
      ) : (
        <p className="empty">Nothing here yet — check back soon.</p>
      )}
    </>
  );
}
