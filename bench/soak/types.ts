/** What the soak page and its driver exchange. */

/** Options of one soak run. */
export interface SoakOptions {
  /** Backend to run on (`wasm`, `webgpu`, ...). */
  backend: string;
  seed: number;
  /** How far back the written history reaches, days. */
  spanDays: number;
  /** The history's total events, for spreading timestamps over `spanDays`. */
  events: number;
  /** Events per `recordMany` while writing the history. */
  batch: number;
}

/** The engine's state at a measurement point; the driver adds the JS heap after a forced GC. */
export interface SoakState {
  backend: string;
  storedEvents: number;
  numTensors: number;
  retention: { maxAgeDays: number; maxEvents: number };
}

/** The page's API, `window.soak`. */
export interface SoakPage {
  /** Starts the engine on a fresh database. */
  init(o: SoakOptions): Promise<SoakState>;
  /** Writes the next `n` history events; returns the wall time in ms. */
  writeHistory(n: number): Promise<number>;
  /** Runs `n` reranks of the home page, each logging its impressions and sometimes a click; returns each rerank's ms. */
  rerank(n: number): Promise<number[]>;
  state(): Promise<SoakState>;
  dispose(): Promise<void>;
}
