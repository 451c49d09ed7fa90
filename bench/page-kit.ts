/**
 * What the benchmark pages share: the handles their drivers call through
 * `window` (declared once, for the pages and the drivers' `page.evaluate`),
 * the status line, and exposing a page's API.
 */
import type { PerfPage, WorkerPerfPage } from './perf/types';
import type { SoakPage } from './soak/types';

declare global {
  interface Window {
    perf: PerfPage;
    perfWorker: WorkerPerfPage;
    soak: SoakPage;
    /** Main-thread long tasks seen by the observer the perf driver installs. */
    perfLongTasks?: Array<{ start: number; duration: number }>;
    /** `performance.now()` when the shop's grid first showed a ranked page. */
    perfRankedAt?: number;
  }
}

/** Shows where a benchmark page is (the `#status` line). */
export function status(text: string): void {
  document.getElementById('status')!.textContent = text;
}

/** The page handles a driver can call. */
export type PageHandle = 'perf' | 'perfWorker' | 'soak';

/** Makes a page's API callable from its driver as `window[name]` and says the page is ready. */
export function expose<K extends PageHandle>(name: K, api: Window[K]): void {
  (window as Window)[name] = api;
  status('ready');
}
