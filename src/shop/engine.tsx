/**
 * The shop's only door to the recommender: loads `/catalogue.json`, starts the
 * engine in the background and hands both to the pages through {@link useShop}.
 * The engine runs in a Web Worker (TensorFlow.js never loads in the page) and
 * falls back to the page when the worker cannot start. The shop stays usable
 * in the default order while the engine loads or if it fails.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BACKEND_ORDER, type BackendName, type EngineInfo, type EventInput, type FineTuneStatus, type Recommender } from '../engine/api';
import type { Catalogue, CatalogueItem } from '../engine/catalogue/types';
import { ConfigError, errorMessage, ModelLoadError, type EngineError } from '../engine/errors';
// Straight from the module, not the engine's index: the index also exports the
// in-page engine, which would pull TensorFlow.js into the page bundle.
import { createWorkerRecommender } from '../engine/runtime/worker-client';

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { forgetPages } from './pageMemory';
import { redrawGrids } from './router';

// A worker resolves relative URLs against its own script URL, not the page's:
// hand it absolute ones.
const absolute = (url: string): string => new URL(url, location.href).href;

/** The wasm backend's binaries, bundled by Vite and served from this origin. */
const wasmPaths = (): Record<string, string> => ({
  'tfjs-backend-wasm.wasm': absolute(wasmPlain),
  'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
  'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
});

/** Where the model files are served (see vite.config.ts). */
const MODEL_URL = '/models/';

/** Engine lifecycle as the model panel shows it. */
export type EngineState =
  | { status: 'loading' }
  | {
      status: 'ready';
      recommender: Recommender;
      info: EngineInfo;
      /** Where on-device fine-tuning stands; updated live from the engine's events. */
      fineTune: FineTuneStatus;
      /** `worker` normally; `page` after falling back. */
      host: EngineHost;
    }
  | { status: 'error'; message: string };

/** Whether the shopper has paused personalisation (known once the engine is ready). */
export function isPaused(engine: EngineState): boolean {
  return engine.status === 'ready' && engine.info.paused;
}

/** Where the engine runs. */
export type EngineHost = 'worker' | 'page';

/** What {@link useShop} returns. */
export interface Shop {
  catalogue: Catalogue;
  /** Items by id. */
  items: ReadonlyMap<string, CatalogueItem>;
  /** Category names by slug. */
  categoryNames: ReadonlyMap<string, string>;
  engine: EngineState;
  /** The ready recommender, or `null` while loading or after a failure. */
  recommender: Recommender | null;
  /**
   * Records events without ever throwing; resolves when stored, at once when
   * there is no engine. Events from before the engine is ready are queued.
   */
  record: (events: EventInput[]) => Promise<void>;
  /** Re-reads `recommender.info()` and `fineTuneStatus()` (events keep them fresh too). */
  refreshInfo: () => void;
}

const ShopContext = createContext<Shop | null>(null);

/**
 * The catalogue and engine of the shop.
 * @throws {Error} when used outside {@link ShopProvider}.
 */
export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop() needs a <ShopProvider> above it; wrap the app in <ShopProvider>.');
  return shop;
}

/** The `localStorage` key that forces backends for every visit (developers, tests), like `?backend=` does for one. */
export const BACKENDS_STORAGE_KEY = 'shop-recommender:backends';

function parseBackends(raw: string | null): BackendName[] | undefined {
  if (!raw) return undefined;
  const known: readonly string[] = BACKEND_ORDER;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is BackendName => known.includes(s));
  return list.length ? list : undefined;
}

/**
 * Backends forced with `?backend=webgl` or `?backend=webgpu,wasm`, else with
 * `localStorage['shop-recommender:backends']`; unknown names are ignored.
 * @returns The list, or `undefined` to let the engine measure and choose.
 */
export function forcedBackends(search: string, storage: Pick<Storage, 'getItem'> | null): BackendName[] | undefined {
  const fromUrl = parseBackends(new URLSearchParams(search).get('backend'));
  if (fromUrl) return fromUrl;
  try {
    return parseBackends(storage?.getItem(BACKENDS_STORAGE_KEY) ?? null);
  } catch {
    // Storage blocked (privacy settings): nothing forced.
    return undefined;
  }
}

/**
 * Where `?engine=page` or `?engine=worker` asks the engine to run (to compare
 * the two, or to debug the engine in the page's console); anything else is ignored.
 * @returns The host, or `undefined` for the default (a worker when the browser has them).
 */
export function engineHostFromUrl(search: string): EngineHost | undefined {
  const raw = new URLSearchParams(search).get('engine');
  return raw === 'page' || raw === 'worker' ? raw : undefined;
}

/**
 * Whether the model panel offers its fault drill: only when the shop is
 * opened with `?diagnostics` (for whoever supports the shop), not to every shopper.
 * @example diagnosticsFromUrl('?diagnostics') // true
 */
export function diagnosticsFromUrl(search: string): boolean {
  const value = new URLSearchParams(search).get('diagnostics');
  return value !== null && value !== '0' && value !== 'off';
}

function isCatalogue(v: unknown): v is Catalogue {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<Record<keyof Catalogue, unknown>>;
  return typeof c.currency === 'string' && Array.isArray(c.categories) && Array.isArray(c.items) && Array.isArray(c.ads);
}

async function loadCatalogue(): Promise<Catalogue> {
  const res = await fetch('/catalogue.json');
  if (!res.ok) throw new Error(`/catalogue.json answered ${res.status}; generate public/catalogue.json and reload.`);
  const body: unknown = await res.json().catch(() => null);
  if (!isCatalogue(body)) throw new Error('/catalogue.json is not a catalogue (needs currency, categories, items, ads); regenerate it.');
  return body;
}

/**
 * True when a failed worker start is worth retrying in the page: the worker
 * script did not load or died, no backend started in it (the page may have
 * one a worker lacks, such as WebGL without OffscreenCanvas), or the engine
 * hit a browser API a worker lacks. A broken model or a bad option would fail
 * the same way in the page.
 */
export function shouldRunInPage(error: unknown): boolean {
  return !(error instanceof ModelLoadError || error instanceof ConfigError);
}

interface StartedEngine {
  recommender: Recommender;
  host: EngineHost;
}

/**
 * Starts the engine in a worker, or in the page when workers are missing or
 * the worker cannot start (see {@link shouldRunInPage}).
 */
async function startEngine(
  catalogue: Catalogue,
  backends: BackendName[] | undefined,
  host: EngineHost | undefined,
  onCrash: (error: EngineError) => void,
): Promise<StartedEngine> {
  const options = { catalogue, modelUrl: absolute(MODEL_URL), wasmPaths: wasmPaths(), ...(backends ? { backends } : {}) };
  if (host === 'page') {
    console.info('[shop] ?engine=page: running the engine in the page.');
  } else if (typeof Worker !== 'undefined') {
    try {
      return { recommender: await createWorkerRecommender({ ...options, onCrash }), host: 'worker' };
    } catch (e) {
      if (!shouldRunInPage(e)) throw e;
      console.warn(`[shop] the engine worker did not start (${errorMessage(e)}); running the engine in the page instead.`);
    }
  } else {
    console.warn('[shop] this browser has no Web Workers; running the engine in the page.');
  }
  // Loaded only on this path, so the page bundle stays free of TensorFlow.js.
  const { createRecommender } = await import('../engine/recommender');
  return { recommender: await createRecommender(options), host: 'page' };
}

// One catalogue and one engine per page load, so React's StrictMode double
// effects (and remounts) never start the model twice.
let cataloguePromise: Promise<Catalogue> | null = null;
let enginePromise: Promise<StartedEngine> | null = null;
let recordWarned = false;
// A worker that dies after start-up; kept so a provider mounted later still sees it.
let crashed: EngineError | null = null;
const crashListeners = new Set<(error: EngineError) => void>();
const onCrash = (error: EngineError): void => {
  crashed = error;
  console.error('[shop] the engine stopped:', error.message);
  for (const listener of crashListeners) listener(error);
};
const readyState = ({ recommender, host }: StartedEngine): EngineState => ({
  status: 'ready',
  recommender,
  host,
  info: recommender.info(),
  fineTune: recommender.fineTuneStatus(),
});

type Boot = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; catalogue: Catalogue };

/** Loads the catalogue, starts the engine, and provides {@link useShop}. */
export function ShopProvider({ children }: { children: ReactNode }): ReactNode {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  const [engine, setEngine] = useState<EngineState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    let unsubscribe: (() => void) | null = null;
    const stopped = (error: EngineError): void => {
      if (live) setEngine({ status: 'error', message: error.message });
    };
    crashListeners.add(stopped);
    cataloguePromise ??= loadCatalogue();
    cataloguePromise.then(
      (catalogue) => {
        if (!live) return;
        setBoot({ status: 'ok', catalogue });
        enginePromise ??= startEngine(catalogue, forcedBackends(location.search, globalThis.localStorage ?? null), engineHostFromUrl(location.search), onCrash);
        enginePromise.then(
          (started) => {
            if (!live) return;
            if (crashed) return stopped(crashed);
            setEngine(readyState(started));
            let paused = started.recommender.info().paused;
            // Live panel: info after every rank, fine-tuning progress and rounds.
            unsubscribe = started.recommender.subscribe((event) => {
              // Grids kept for Back were ranked from the erased behaviour (an erase here or in another tab).
              if (event.type === 'erased') return forgetPages();
              // Paused or resumed (in another tab, say): a grid on screen says the opposite of the shopper's choice until drawn again.
              if (event.type === 'info' && event.info.paused !== paused) {
                paused = event.info.paused;
                redrawGrids();
              }
              setEngine((s) => {
                if (s.status !== 'ready') return s;
                return event.type === 'info' ? { ...s, info: event.info } : { ...s, fineTune: event.status };
              });
            });
          },
          (e: unknown) => live && setEngine({ status: 'error', message: errorMessage(e) }),
        );
      },
      (e: unknown) => {
        cataloguePromise = null; // let a remount try again
        if (live) setBoot({ status: 'error', message: errorMessage(e) });
      },
    );
    return () => {
      live = false;
      unsubscribe?.();
      crashListeners.delete(stopped);
    };
  }, []);

  const recommender = engine.status === 'ready' ? engine.recommender : null;

  const record = useCallback(async (events: EventInput[]): Promise<void> => {
    if (!events.length || !enginePromise) return;
    try {
      // Waits for a loading engine, so a quick click is not lost.
      const { recommender: r } = await enginePromise;
      await r.recordMany(events);
    } catch (e) {
      // Once is enough: after a failed start every call would say the same.
      if (!recordWarned) console.warn('[shop] events are not being recorded:', errorMessage(e));
      recordWarned = true;
    }
  }, []);

  const refreshInfo = useCallback(() => {
    setEngine((s) => (s.status === 'ready' ? { ...s, info: s.recommender.info(), fineTune: s.recommender.fineTuneStatus() } : s));
  }, []);

  const items = useMemo(() => new Map(boot.status === 'ok' ? boot.catalogue.items.map((i) => [i.id, i]) : []), [boot]);
  const categoryNames = useMemo(() => new Map(boot.status === 'ok' ? boot.catalogue.categories.map((c) => [c.slug, c.name]) : []), [boot]);
  const value = useMemo<Shop | null>(
    () => (boot.status === 'ok' ? { catalogue: boot.catalogue, items, categoryNames, engine, recommender, record, refreshInfo } : null),
    [boot, items, categoryNames, engine, recommender, record, refreshInfo],
  );

  if (boot.status === 'loading') {
    return (
      <div className="boot" role="status">
        <span className="spinner" aria-hidden="true" /> Opening the shop…
      </div>
    );
  }
  if (boot.status === 'error' || !value) {
    return (
      <main className="boot boot--error">
        <h1>The shop could not open</h1>
        <p>{boot.status === 'error' ? boot.message : 'Unknown error.'}</p>
      </main>
    );
  }
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}
