import { useEffect } from 'react';
import { SHOP_NAME } from './format';

/**
 * Sets `<title>` to "page · shop" (or the shop name alone).
 * @param page - What the page shows, or `null` for the home page.
 */
export function useDocumentTitle(page: string | null): void {
  useEffect(() => {
    document.title = page ? `${page} · ${SHOP_NAME}` : `${SHOP_NAME} — picked for you`;
  }, [page]);
}
