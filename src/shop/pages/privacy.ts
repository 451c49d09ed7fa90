/** Helpers of the privacy page: file names, sizes, dates, and erasing without the engine. */
import { DEFAULT_DB_NAME } from '../../engine/storage/schema';

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
 * Deletes the engine's database when the engine is not running (it would
 * otherwise hold the connection and erase through its own store).
 * @throws {Error} when IndexedDB is missing or the deletion fails or stays blocked by another tab.
 */
export function eraseWithoutEngine(name = DEFAULT_DB_NAME): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('this browser has no IndexedDB, so nothing was stored'));
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(new Error(request.error?.message ?? 'the browser refused to delete the database'));
    request.onblocked = () => reject(new Error('another tab of the shop still has the data open; close it and try again'));
  });
}
