/**
 * Behaviour events: the rows of the event log (see FORMAT.md beside this file). The
 * same shape is stored in IndexedDB, written by the simulator and read by the
 * training CLI.
 */

/** Every kind of event the engine records. */
export const EVENT_TYPES = ['impression', 'click', 'cart', 'purchase', 'ad_impression', 'ad_click'] as const;

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Which page an event happened on. */
export const PAGE_TYPES = ['home', 'category', 'product', 'cart'] as const;

/** One of {@link PAGE_TYPES}. */
export type PageType = (typeof PAGE_TYPES)[number];

/** Current version of the event-log row format. */
export const EVENT_LOG_VERSION = 1;

/** One behaviour event. */
export interface BehaviourEvent {
  /** Milliseconds since the Unix epoch. */
  ts: number;
  /** Shopper id; in the browser always the local shopper. */
  shopper: string;
  type: EventType;
  /** Product id (for ad events: the sponsored product's id). */
  item: string;
  /** 0-based slot position in the ranked grid, or `null` outside a grid. */
  slot: number | null;
  /**
   * Id of the ranking request whose impression this event follows, or `null`.
   * Clicks, carts and purchases carry the request id of the impression they
   * came from, which is how labels are joined to impressions.
   */
  request: string | null;
  /** Page the event happened on. */
  page: PageType;
}
