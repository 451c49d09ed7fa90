import { useEffect, useId, useRef, type ReactNode } from 'react';
import { capitalise } from '../format';
import { facetOptions, isFiltered, withFilters, type Filters } from '../filters';
import { Link, replaceQuery } from '../router';
import { SORT_ORDERS, withSort, type SortOrder } from '../sort';
import type { CatalogueItem } from '../../engine/catalogue/types';

// Which menu last changed the page: the page is drawn afresh, and that menu takes the focus back.
let refocus: string | null = null;

/** One entry of a menu. */
export interface MenuOption {
  value: string;
  label: string;
  disabled?: boolean;
}

interface MenuProps {
  /** Names the menu (its test id, and which one gets the focus back). */
  name: string;
  label: string;
  value: string;
  options: readonly MenuOption[];
  /** The path of the page the menu's value shows. */
  to: (value: string) => string;
  className?: string;
}

/**
 * A listing's menu (its order, a filter). Choosing an entry shows the same
 * page as the URL `to` gives (so a reload or a shared link keeps it), where
 * it is scrolled, with the focus still on the menu.
 */
export function ListingMenu({ name, label, value, options, to, className }: MenuProps): ReactNode {
  const id = useId();
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (refocus !== name) return;
    refocus = null;
    ref.current?.focus();
  }, [name]);
  return (
    <div className={className ? `menu ${className}` : 'menu'}>
      <label htmlFor={id} className="menu__label">
        {label}
      </label>
      <select
        id={id}
        ref={ref}
        className="menu__select"
        data-testid={name}
        value={value}
        onChange={(e) => {
          refocus = name;
          replaceQuery(to(e.target.value));
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const here = (): string => location.pathname + location.search;

/** The order menu of a listing. */
export function SortMenu({ sort }: { sort: SortOrder }): ReactNode {
  return (
    <ListingMenu
      name="sort"
      label="Sort by"
      value={sort}
      options={SORT_ORDERS}
      to={(v) => withSort(here(), SORT_ORDERS.find((o) => o.value === v)?.value ?? 'recommended')}
      className="menu--sort"
    />
  );
}

/**
 * The category, brand and colour menus of a listing: each value with how
 * many of the listing's products it would show (the other filters as they
 * are); one that would show none is listed, greyed out. A menu with one
 * value to choose from (the category of a category page) is left out.
 * @param items - The listing's products before filtering.
 * @param categoryName - A category's name from its slug.
 */
export function FilterMenus({
  items,
  filters,
  categoryName,
}: {
  items: readonly CatalogueItem[];
  filters: Filters;
  categoryName: (slug: string) => string;
}): ReactNode {
  const { category, brand, colour } = facetOptions(items, filters);
  const menu = (facet: keyof Filters, label: string, all: string, entries: typeof brand, show: (v: string) => string): ReactNode =>
    entries.length > 1 || filters[facet] !== null ? (
      <ListingMenu
        name={`filter-${facet}`}
        label={label}
        value={filters[facet] ?? ''}
        options={[
          { value: '', label: all },
          ...entries.map((o) => ({ value: o.value, label: `${show(o.value)} (${o.count})`, disabled: o.count === 0 && o.value !== filters[facet] })),
        ]}
        to={(v) => withFilters(here(), { ...filters, [facet]: v || null })}
      />
    ) : null;
  return (
    <>
      {menu('category', 'Category', 'All categories', category, categoryName)}
      {menu('brand', 'Brand', 'All brands', brand, (v) => v)}
      {menu('colour', 'Colour', 'All colours', colour, capitalise)}
    </>
  );
}

/**
 * A listing's tools: its filter menus, "Clear filters" while one is set, and
 * its order menu when two or more products pass. Nothing for a listing of
 * fewer than two products.
 * @param items - The listing's products before filtering.
 * @param shown - How many of them pass the filters.
 * @param clearTo - The listing's path without filters.
 */
export function ListingTools({
  items,
  filters,
  categoryName,
  sort,
  shown,
  clearTo,
}: {
  items: readonly CatalogueItem[];
  filters: Filters;
  categoryName: (slug: string) => string;
  sort: SortOrder;
  shown: number;
  clearTo: string;
}): ReactNode {
  if (items.length < 2) return null;
  return (
    <div className="listing-tools" role="group" aria-label="Filter and sort">
      <FilterMenus items={items} filters={filters} categoryName={categoryName} />
      {isFiltered(filters) ? (
        <Link to={clearTo} className="listing-tools__clear" data-testid="clear-filters">
          Clear filters
        </Link>
      ) : null}
      {shown > 1 ? <SortMenu sort={sort} /> : null}
    </div>
  );
}
