/**
 * Shows a page's grid: a placeholder while the model ranks (for at most
 * {@link HOLD_MS}, or {@link HOLD_LOADING_MS} while the engine starts, then
 * the default order), then the model's order, and logs
 * impressions once for each order that stays on screen (the ranked one, or the
 * default one if ranking fails). A model order that arrives after the shopper
 * has started using the default grid does not replace it under their pointer:
 * it waits until they ask for it ({@link GridView.showReady}). Back and
 * Forward show the grid the history entry showed before ({@link recalledPage})
 * without ranking again, as a new view with its own impressions. A listing
 * the shopper ordered by price shows every order in that order
 * ({@link arrange}), and logs the positions it shows.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RankRequest, RankResult, Recommender } from '../engine/api';
import type { Catalogue } from '../engine/catalogue/types';
import { impressionEvents } from '../engine/rank/impressions';
import { keepLocal, localDefaultOrder, isLocalResult } from './defaultOrder';
import { isPaused, useShop } from './engine';
import { recalledPage, rememberPage } from './pageMemory';
import { currentEntry } from './router';
import { arrange, type SortOrder } from './sort';

/**
 * How long a placeholder stands in for a grid being ranked before the
 * default order shows: long enough for a rerank with the engine started
 * (a cold start takes under a second on wasm), short enough that a slow
 * backend never leaves the shopper without products.
 */
export const HOLD_MS = 1500;

/**
 * The same while the engine is still starting (about a second on wasm; more
 * on a slow device or where the in-page engine times the backends first):
 * the order shown without it is only the catalogue's, so waiting longer for
 * the model's beats showing that and then replacing it.
 */
export const HOLD_LOADING_MS = 4000;

/** What the grid shows. */
export interface GridView {
  result: RankResult;
  /** `pending` while the model ranks; `final` once this order stays (impressions logged). */
  phase: 'pending' | 'final';
  /**
   * True while a pending grid is young enough that a placeholder shows
   * instead of the default order, so the order does not change under the
   * shopper's pointer when the model's arrives.
   */
  holding: boolean;
  /** True when the model's order arrived while the shopper was using the default grid, and waits for {@link showReady}. */
  ready: boolean;
  /** Shows the waiting model order (a new view: its impressions are logged then). */
  showReady: () => void;
  /** Call on the shopper's pointer or focus in the grid: from then on a late model order waits. */
  noteInteraction: () => void;
}

/** A stable key for a request, to remount its grid when the request changes. */
export function requestKey(r: RankRequest): string {
  return [r.page, r.category ?? '', r.productSlots, (r.adPositions ?? []).join(','), r.candidates.join(',')].join('|');
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
 * @param sort - The order the shopper chose; read once per mount.
 */
export function useRankedGrid(request: RankRequest, sort: SortOrder = 'recommended'): GridView {
  const { catalogue, items, recommender, record, refreshInfo, engine } = useShop();
  // Every order the grid shows, in the shopper's chosen order.
  const [shape] = useState(() => {
    const priceOf = (id: string): number | null => items.get(id)?.price ?? null;
    return (r: RankResult): RankResult => keepLocal(r, arrange(r, sort, priceOf));
  });
  // Which history entry and request this grid is, read once per mount.
  const [place] = useState(() => ({ entry: currentEntry(), key: requestKey(request) }));
  const [recalled] = useState(() => {
    const page = recalledPage(place.entry, place.key);
    // A grid from before a pause (or from while paused) is not what the shopper would see now.
    return page && (page.order === 'personal') === !isPaused(engine) ? page : undefined;
  });
  const [view, setView] = useState<Pick<GridView, 'result' | 'phase'>>(() =>
    recalled
      ? { result: shape(recalled), phase: 'final' }
      : { result: shape(recommender ? engineDefault(recommender, catalogue, request) : localDefaultOrder(catalogue, request)), phase: 'pending' },
  );
  const [holding, setHolding] = useState(true);
  const [ready, setReady] = useState<RankResult | null>(null);
  // Whether the shopper has pointed at or focused the grid since it showed products.
  const interacted = useRef(false);
  // One rank call per mount, even under StrictMode's double effects.
  const ranking = useRef<Promise<RankResult> | null>(null);
  const logged = useRef<string | null>(null);

  // How long the placeholder may stand, fixed at mount.
  const [holdMs] = useState(() => (recommender ? HOLD_MS : HOLD_LOADING_MS));
  useEffect(() => {
    if (!holding) return;
    const timer = setTimeout(() => setHolding(false), holdMs);
    return () => clearTimeout(timer);
  }, [holding, holdMs]);

  useEffect(() => {
    if (!recommender || recalled) return;
    let live = true;
    const settleOnDefault = (): void =>
      setView((v) => ({
        result: isLocalResult(v.result) ? shape(engineDefault(recommender, catalogue, request)) : v.result,
        phase: 'final',
      }));
    ranking.current ??= recommender.rank(request);
    ranking.current.then(
      (ranked) => {
        if (!live) return;
        const result = shape(ranked);
        if (interacted.current) {
          // The shopper is using the grid on screen: keep it (as a view of its own) and offer the model's.
          setView((v) => ({ result: v.result, phase: 'final' }));
          setReady(result);
        } else setView({ result, phase: 'final' });
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
  }, [recommender]);

  useEffect(() => {
    const { result, phase } = view;
    if (phase !== 'final' || isLocalResult(result) || logged.current === result.requestId) return;
    logged.current = result.requestId;
    rememberPage(place.entry, place.key, result);
    void record(impressionEvents(result, request.page));
  }, [view, record, request.page, place]);

  const showReady = useCallback(() => {
    if (!ready) return;
    setView({ result: ready, phase: 'final' });
    setReady(null);
  }, [ready]);
  const noteInteraction = useCallback(() => {
    if (!holding) interacted.current = true;
  }, [holding]);

  return { ...view, holding: view.phase === 'pending' && holding, ready: ready !== null, showReady, noteInteraction };
}
