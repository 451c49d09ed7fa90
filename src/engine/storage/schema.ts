/**
 * The behaviour store's typed IndexedDB schema. Upgrades are an
 * `if (oldVersion < N)` ladder in `openBehaviourDB`.
 */
import type { DBSchema } from 'idb';
import type { BehaviourEvent } from '../events/types';
import type { Profile } from '../features/profile';

/** Current schema version. */
export const DB_VERSION = 1;

/** Default database name; one per origin. */
export const DEFAULT_DB_NAME = 'shop-recommender';

/** Key of the local shopper's profile record. */
export const PROFILE_KEY = 'local';

/** A stored event: the event plus its auto-increment key. */
export interface StoredEvent extends BehaviourEvent {
  id?: number;
}

/** A metadata record. */
export interface MetaRecord {
  key: string;
  value: string | number | boolean | null;
}

/** The schema. */
export interface BehaviourDB extends DBSchema {
  /** Append-only event log. */
  events: {
    key: number;
    value: StoredEvent;
    indexes: { by_ts: number; by_type: string };
  };
  /** The shopper profile, updated in the same transaction as each event. */
  profile: {
    key: string;
    value: Profile;
  };
  /** Small facts: schema history, counters. */
  meta: {
    key: string;
    value: MetaRecord;
  };
}
