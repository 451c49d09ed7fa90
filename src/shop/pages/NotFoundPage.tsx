import type { ReactNode } from 'react';
import { Link } from '../router';
import { useDocumentTitle } from '../useDocumentTitle';

const HINT = {
  page: 'The address may be mistyped, or the page has moved.',
  category: 'The shop has no such category; every category is in the menu above.',
  product: 'It may have moved or sold out for good.',
  order: 'An order’s confirmation is shown right after it is placed, in the tab it was placed in.',
} as const;

/** Shown for unknown paths, categories and products, and for an order page without its order. */
export function NotFoundPage({ what = 'page' }: { what?: keyof typeof HINT }): ReactNode {
  useDocumentTitle('Not found');
  return (
    <div className="not-found">
      <h1>We couldn’t find that {what}</h1>
      <p>{HINT[what]}</p>
      <p>
        <Link to="/" className="button button--primary">
          Back to the shop
        </Link>
      </p>
    </div>
  );
}
