/** The "Home / … / this page" trail above a page's heading. */
import type { ReactNode } from 'react';
import { Link } from '../router';

/**
 * A breadcrumb: Home, then `trail`, then the current page (not a link).
 * @example <Breadcrumb trail={[{ to: '/c/shoes', label: 'Shoes' }]} current="Trail Boot" />
 */
export function Breadcrumb({ trail = [], current }: { trail?: ReadonlyArray<{ to: string; label: string }>; current: string }): ReactNode {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <ol>
        {[{ to: '/', label: 'Home' }, ...trail].map(({ to, label }) => (
          <li key={to}>
            <Link to={to}>{label}</Link>
          </li>
        ))}
        <li>
          <span aria-current="page">{current}</span>
        </li>
      </ol>
    </nav>
  );
}
