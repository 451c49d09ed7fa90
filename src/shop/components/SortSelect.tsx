import { useEffect, useId, useRef, type ReactNode } from 'react';
import { replaceQuery } from '../router';
import { SORT_ORDERS, withSort, type SortOrder } from '../sort';

// Set when the menu changes the page: the page is drawn afresh, and its new menu takes the focus back.
let refocus = false;

/**
 * A listing's order menu. Choosing an order shows the same page in that
 * order (the URL's `sort`, so a reload or a shared link keeps it), where it
 * is scrolled, with the focus still on the menu.
 */
export function SortSelect({ sort }: { sort: SortOrder }): ReactNode {
  const id = useId();
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!refocus) return;
    refocus = false;
    ref.current?.focus();
  }, []);
  return (
    <div className="sort">
      <label htmlFor={id} className="sort__label">
        Sort by
      </label>
      <select
        id={id}
        ref={ref}
        className="sort__select"
        data-testid="sort"
        value={sort}
        onChange={(e) => {
          const next = SORT_ORDERS.find((o) => o.value === e.target.value)?.value ?? 'recommended';
          refocus = true;
          replaceQuery(withSort(location.pathname + location.search, next));
        }}
      >
        {SORT_ORDERS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
