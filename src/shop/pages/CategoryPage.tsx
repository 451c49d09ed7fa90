import { useMemo, type ReactNode } from 'react';
import type { RankRequest } from '../../engine/api';
import { Breadcrumb } from '../components/Breadcrumb';
import { ProductGrid, requestKey } from '../components/ProductGrid';
import { useShop } from '../engine';
import { useDocumentTitle } from '../useDocumentTitle';
import { NotFoundPage } from './NotFoundPage';

/** Grid positions of a category page's ads. */
const CATEGORY_AD_POSITIONS = [5, 17];

/** A category: its products, ranked. */
export function CategoryPage({ slug }: { slug: string }): ReactNode {
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
      </div>
      {n ? (
        <ProductGrid key={requestKey(request)} request={request} title={`All ${category.name.toLowerCase()}`} />
      ) : (
        <p className="empty">Nothing here yet — check back soon.</p>
      )}
    </>
  );
}
