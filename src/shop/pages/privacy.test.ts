import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { eraseWithoutEngine, exportFileName, formatBytes } from './privacy';

describe('privacy page helpers', () => {
  it('names the export by its UTC day', () => {
    expect(exportFileName(Date.UTC(2026, 10, 28, 23, 59))).toBe('fernhill-my-data-2026-11-28.json');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(183_716)).toBe('179 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('deletes the database when the engine is not running', async () => {
    const db = await openDB('privacy-erase', 1, { upgrade: (d) => void d.createObjectStore('events', { autoIncrement: true }) });
    await db.add('events', { ts: 1 });
    db.close();
    await eraseWithoutEngine('privacy-erase');
    const reopened = await openDB('privacy-erase');
    expect(reopened.objectStoreNames.length).toBe(0);
    reopened.close();
  });
});
