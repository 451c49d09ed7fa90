/**
 * Shows a page's grid at once in the default order, then swaps in the
 * model's order when `rank` resolves, and logs impressions once for the order
 * that stays on screen (the ranked one, or the default one if ranking fails).
 */
import { useEffect, useRef, useState } from 'react';
import type { RankRequest, RankResult, Recommender } from '../engine/api';
import type { Catalogue } from '../engine/catalogue/types';
import { impressionEvents } from '../engine/rank/impressions';
import { localDefaultOrder, isLocalResult } from './defaultOrder';
import { useShop } from './engine';

/** What the grid shows. */
export interface GridView {
  result: RankResult;
  /** `pending` while the model ranks; `final` once this order stays (impressions logged). */
  phase: 'pending' | 'final';
}

function engineDefault(r: Recommender, catalogue: Catalogue, request: RankRequest): RankResult {
  try {
    return r.defaultOrder(request);
  } catch (e) {
    console.warn('[shop] defaultOrder failed; showing the shop order:', e);
    return localDefaultOrder(catalogue, request);
  }
}

/**
 * The grid for one request. Give the component that calls it a `key` derived
 * from the request, so a new request starts fresh.
 * @param request - The page's request; read once per mount.
 * @param rank - `false` for grids that stay in the default order.
 */
export function useRankedGrid(request: RankRequest, rank = true): GridView {
  const { catalogue, recommender, record, refreshInfo } = useShop();
  const [view, setView] = useState<GridView>(() => ({
    result: recommender ? engineDefault(recommender, catalogue, request) : localDefaultOrder(catalogue, request),
    phase: 'pending',
  }));
  // One rank call per mount, even under StrictMode's double effects.
  const ranking = useRef<Promise<RankResult> | null>(null);
  const logged = useRef<string | null>(null);

  useEffect(() => {
    if (!recommender) return;
    let live = true;
    const settleOnDefault = (): void =>
      setView((v) => ({
        result: isLocalResult(v.result) ? engineDefault(recommender, catalogue, request) : v.result,
        phase: 'final',
      }));
    if (!rank) {
      settleOnDefault();
      return;
    }
    ranking.current ??= recommender.rank(request);
    ranking.current.then(
      (result) => {
        if (!live) return;
        setView({ result, phase: 'final' });
        refreshInfo();
      },
      (e: unknown) => {
        console.warn('[shop] rank failed; keeping the default order:', e);
        if (live) settleOnDefault();
      },
    );
    return () => {
      live = false;
    };
    // `request` is fixed per mount (see the key note above).
  }, [recommender, rank]);

  useEffect(() => {
    const { result, phase } = view;
    if (phase !== 'final' || isLocalResult(result) || logged.current === result.requestId) return;
    logged.current = result.requestId;
    void record(impressionEvents(result, request.page));
  }, [view, record, request.page]);

  return view;
}
