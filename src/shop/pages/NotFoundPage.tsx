import type { ReactNode } from 'react';
import { Link } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';

/** Shown for unknown paths, categories and products. */
export function NotFoundPage({ what = 'page' }: { what?: 'page' | 'category' | 'product' }): ReactNode {
  useDocumentTitle('Not found');
  return (
    <div className="not-found">
      <h1>We couldn’t find that {what}</h1>
      <p>It may have moved or sold out for good.</p>
      <p>
        <Link to="/" className="button button--primary">
          Back to the shop
        </Link>
      </p>
    </div>
  );
}
