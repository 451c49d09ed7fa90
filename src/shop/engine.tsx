/**
 * The shop's only door to the recommender: loads `/catalogue.json`, starts the
 * engine in the background and hands both to the pages through {@link useShop}.
 * The shop stays usable in the default order while the engine loads or if it fails.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BACKEND_ORDER, type BackendName, type EngineInfo, type EventInput, type Recommender } from '../engine/api';
import type { Catalogue, CatalogueItem } from '../engine/catalogue/types';

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createRecommender } from '../engine';

/** The wasm backend's binaries, bundled by Vite and served from this origin. */
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** Where the model files are served (see vite.config.ts). */
const MODEL_URL = '/models/';

/** Engine lifecycle as the model panel shows it. */
export type EngineState = { status: 'loading' } | { status: 'ready'; recommender: Recommender; info: EngineInfo } | { status: 'error'; message: string };

/** What {@link useShop} returns. */
export interface Shop {
  catalogue: Catalogue;
  /** Items by id. */
  items: ReadonlyMap<string, CatalogueItem>;
  engine: EngineState;
  /** The ready recommender, or `null` while loading or after a failure. */
  recommender: Recommender | null;
  /**
   * Records events without ever throwing; resolves when stored, at once when
   * there is no engine. Events from before the engine is ready are queued.
   */
  record: (events: EventInput[]) => Promise<void>;
  /** Re-reads `recommender.info()` (after a rerank, for the panel's timing). */
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

/**
 * Backends asked for with `?backend=webgl` or `?backend=webgpu,wasm`; unknown names are ignored.
 * @returns The list, or `undefined` to let the engine choose.
 */
export function backendsFromUrl(search: string): BackendName[] | undefined {
  const raw = new URLSearchParams(search).get('backend');
  if (!raw) return undefined;
  const known: readonly string[] = BACKEND_ORDER;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is BackendName => known.includes(s));
  return list.length ? list : undefined;
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

// One catalogue and one engine per page load, so React's StrictMode double
// effects (and remounts) never start the model twice.
let cataloguePromise: Promise<Catalogue> | null = null;
let enginePromise: Promise<Recommender> | null = null;
let recordWarned = false;
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Boot = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; catalogue: Catalogue };

/** Loads the catalogue, starts the engine, and provides {@link useShop}. */
export function ShopProvider({ children }: { children: ReactNode }): ReactNode {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  const [engine, setEngine] = useState<EngineState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    cataloguePromise ??= loadCatalogue();
    cataloguePromise.then(
      (catalogue) => {
        if (!live) return;
        setBoot({ status: 'ok', catalogue });
        const backends = backendsFromUrl(location.search);
        enginePromise ??= createRecommender({ catalogue, modelUrl: MODEL_URL, wasmPaths: WASM_PATHS, ...(backends ? { backends } : {}) });
        enginePromise.then(
          (recommender) => live && setEngine({ status: 'ready', recommender, info: recommender.info() }),
          (e: unknown) => live && setEngine({ status: 'error', message: describe(e) }),
        );
      },
      (e: unknown) => {
        cataloguePromise = null; // let a remount try again
        if (live) setBoot({ status: 'error', message: describe(e) });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const recommender = engine.status === 'ready' ? engine.recommender : null;

  const record = useCallback(async (events: EventInput[]): Promise<void> => {
    if (!events.length || !enginePromise) return;
    try {
      // Waits for a loading engine, so a quick click is not lost.
      const r = await enginePromise;
      await r.recordMany(events);
    } catch (e) {
      // Once is enough: after a failed start every call would say the same.
      if (!recordWarned) console.warn('[shop] events are not being recorded:', describe(e));
      recordWarned = true;
    }
  }, []);

  const refreshInfo = useCallback(() => {
    setEngine((s) => (s.status === 'ready' ? { ...s, info: s.recommender.info() } : s));
  }, []);

  const items = useMemo(() => new Map(boot.status === 'ok' ? boot.catalogue.items.map((i) => [i.id, i]) : []), [boot]);
  const value = useMemo<Shop | null>(
    () => (boot.status === 'ok' ? { catalogue: boot.catalogue, items, engine, recommender, record, refreshInfo } : null),
    [boot, items, engine, recommender, record, refreshInfo],
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
