/**
 * Helpers of the privacy page: file names, sizes, dates, and the shopper's
 * data straight from IndexedDB when the engine cannot start (summary,
 * export, pause, erase). None of them loads the model or TensorFlow.js.
 */
import type { DataSummary, InterestTag } from '../../engine/api';
import { openTabsChannel, tellOtherTabs, type TabMessage } from '../../engine/runtime/tabs';
import { DEFAULT_RETENTION } from '../../engine/storage/retention';
import { DEFAULT_DB_NAME, PAUSED_KEY } from '../../engine/storage/schema';
import { readSetting, readStoreExport, readStoreSummary, writeSetting, type StoreExport } from '../../engine/storage/store';

/**
 * The export's file name, dated by the export time.
 * @example exportFileName(Date.UTC(2026, 10, 28)) // 'fernhill-my-data-2026-11-28.json'
 */
export function exportFileName(at: number): string {
  return `fernhill-my-data-${new Date(at).toISOString().slice(0, 10)}.json`;
}

/**
 * Bytes in words a shopper reads at a glance.
 * @example formatBytes(183716) // '179 KB'
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 bytes';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * What the privacy page says about the copy of the model the shop keeps in
 * this browser (saved when the shop starts; an erase deletes it).
 * @param bytes - the copy's size; 0 when there is none.
 * @example modelCopyNote(0) // 'The shop keeps no copy of its own model here now; …'
 */
export function modelCopyNote(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0)
    return 'The shop keeps no copy of its own model here now; it saves one on your next visit, so that it still works if a download fails.';
  return `The shop also keeps a ${formatBytes(bytes)} copy of its own model here, so it still works if a download fails; that copy holds nothing about you.`;
}

/** A date (and time) in the shopper's locale. */
export function formatDay(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * What "What is stored" shows: the engine's summary, or one read without the
 * engine, where the interests (which need the model) are `null`.
 */
export type StoredSummary = Omit<DataSummary, 'interests'> & { interests: InterestTag[] | null };

/**
 * What is stored, read straight from IndexedDB when the engine is not running:
 * counts, dates, sizes and the pause. Corrupt records are skipped and counted.
 * @param name - the engine's database; default `shop-recommender`.
 * @throws {StorageError} when IndexedDB is missing or cannot be opened.
 * @example const { events, oldest } = await summaryWithoutEngine();
 */
export async function summaryWithoutEngine(name = DEFAULT_DB_NAME): Promise<StoredSummary> {
  const summary = await readStoreSummary(name);
  const paused = (await readSetting(PAUSED_KEY, name)) === true;
  // The shop starts the engine with the default retention.
  return { ...summary, interests: null, paused, retention: { ...DEFAULT_RETENTION } };
}

/** The export file without the engine: the normal one's fields, saying what it lacks. */
export type ExportWithoutEngine = StoreExport & {
  /** The shop's model could not be loaded, so its version is unknown. */
  modelVersion: null;
  /** The model reads the interests from the events; it is not running. */
  interests: null;
  /** What could not be included, and why, in words. */
  notIncluded: string[];
};

/** What an export made without the engine lacks, as the file says it. */
export const NOT_INCLUDED_WITHOUT_ENGINE: readonly string[] = [
  'interests: the interests are read from your events by the shop’s model, which could not start when this file was made.',
  'modelVersion: the shop’s model could not be loaded, so its version is not known.',
];

/**
 * Everything stored about the shopper, read straight from IndexedDB when the
 * engine is not running, in the normal export's format. Corrupt records are
 * skipped and counted (`skippedRecords`), never exported.
 * @param name - the engine's database; default `shop-recommender`.
 * @param now - the export's time; default now.
 * @throws {StorageError} when IndexedDB is missing or cannot be opened.
 * @example const data = await exportWithoutEngine();
 */
export async function exportWithoutEngine(name = DEFAULT_DB_NAME, now = Date.now()): Promise<ExportWithoutEngine> {
  const data = await readStoreExport(name, now);
  return { ...data, modelVersion: null, interests: null, notIncluded: [...NOT_INCLUDED_WITHOUT_ENGINE] };
}

/**
 * Pauses or resumes personalisation when the engine is not running: writes
 * the setting the engine reads when it starts, and tells the engines of the
 * shop's other tabs, as a pause through an engine does.
 * @param paused - true to pause.
 * @param name - the engine's database; default `shop-recommender`.
 * @throws {StorageError} when IndexedDB is missing, cannot be opened, or the write fails.
 * @example await setPausedWithoutEngine(true);
 */
export async function setPausedWithoutEngine(paused: boolean, name = DEFAULT_DB_NAME): Promise<void> {
  await writeSetting(PAUSED_KEY, paused, name);
  tell(name, { type: 'paused', paused });
}

/**
 * Deletes the engine's database when the engine is not running (it would
 * otherwise hold the connection and erase through its own store). A pause
 * stays, as after an erase through the engine: it is the shopper's choice
 * about the future, not data about them.
 * @param blockedGraceMs - how long to wait for another tab's connection to close.
 * @throws {Error} when IndexedDB is missing or the deletion fails or stays blocked by another tab.
 */
export async function eraseWithoutEngine(name = DEFAULT_DB_NAME, blockedGraceMs = BLOCKED_GRACE_MS): Promise<void> {
  const paused = typeof indexedDB !== 'undefined' && (await readSetting(PAUSED_KEY, name).catch(() => undefined)) === true;
  await deleteDatabase(name, blockedGraceMs);
  if (paused) await writeSetting(PAUSED_KEY, true, name);
  tell(name, { type: 'erased' });
}

/**
 * Hears what the shop's other tabs tell each other's engines — a pause, an
 * erase — when this tab's engine is not running to hear it.
 * @param onMessage - called with each pause or erase.
 * @returns stops listening.
 * @example useEffect(() => listenToOtherTabs((m) => m.type === 'paused' && setPaused(m.paused)), []);
 */
export function listenToOtherTabs(onMessage: (m: Extract<TabMessage, { type: 'paused' | 'erased' }>) => void, name = DEFAULT_DB_NAME): () => void {
  const open = listening.get(name) ?? { channel: openTabsChannel(name), listeners: 0 };
  const { channel } = open;
  if (!channel) return () => undefined;
  listening.set(name, { channel, listeners: open.listeners + 1 });
  const hear = (e: MessageEvent<TabMessage>): void => {
    if (e.data?.type === 'paused' || e.data?.type === 'erased') onMessage(e.data);
  };
  channel.addEventListener('message', hear);
  return () => {
    channel.removeEventListener('message', hear);
    const now = listening.get(name);
    if (now && now.channel === channel) {
      if (now.listeners > 1) listening.set(name, { channel, listeners: now.listeners - 1 });
      else {
        listening.delete(name);
        channel.close();
      }
    }
  };
}

/**
 * The channel this page listens on, per database. A page's own messages go
 * out through it, since a BroadcastChannel does not hear itself: this page
 * does not hear its own pause or erase a second time.
 */
const listening = new Map<string, { channel: BroadcastChannel; listeners: number }>();

/** Tells the shop's other tabs, through this page's listening channel where it has one. */
function tell(name: string, message: TabMessage): void {
  const own = listening.get(name);
  if (own) own.channel.postMessage(message);
  else tellOtherTabs(name, message);
}

/**
 * How long a deletion waits, once blocked, for the other connections to
 * close: each is asked to, and one in a worker closes a moment after.
 */
const BLOCKED_GRACE_MS = 5_000;

function deleteDatabase(name: string, graceMs = BLOCKED_GRACE_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('this browser has no IndexedDB, so nothing was stored'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(new Error(request.error?.message ?? 'the browser refused to delete the database'));
    };
    // Blocked is not failed: the deletion goes ahead as soon as the last connection closes.
    request.onblocked = () => {
      timer ??= setTimeout(() => reject(new Error('another tab of the shop still has the data open; close it and try again')), graceMs);
    };
  });
}
