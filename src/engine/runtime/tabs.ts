/**
 * What the shop's tabs (and a timing worker) tell each other's engines: a
 * pause, an erase, the backends' times. One BroadcastChannel per database.
 * Free of TensorFlow.js, so the shop's page can speak it when its own engine
 * did not start.
 */
import type { BackendChoiceInfo } from '../api';

/** BroadcastChannel prefix of {@link TabMessage}s; the database name follows a colon. */
export const TABS_CHANNEL = 'shop-recommender:privacy';

/** One message between the engines of the shop's tabs. */
export type TabMessage = { type: 'paused'; paused: boolean } | { type: 'erased' } | { type: 'backends-timed'; choice: BackendChoiceInfo };

/**
 * Opens the channel of one database's engines.
 * @param dbName - the engines' database name.
 * @returns the channel (close it when done), or `null` where BroadcastChannel is missing (Node, old browsers).
 */
export function openTabsChannel(dbName: string): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`${TABS_CHANNEL}:${dbName}`);
}

/**
 * Tells the engines of the shop's other tabs one thing, and closes the channel.
 * @param dbName - the engines' database name.
 * @param message - what to tell them.
 * @example
 * tellOtherTabs('shop-recommender', { type: 'paused', paused: true });
 */
export function tellOtherTabs(dbName: string, message: TabMessage): void {
  const channel = openTabsChannel(dbName);
  channel?.postMessage(message);
  channel?.close();
}
