/**
 * The behaviour store's typed IndexedDB schema. Upgrades are an
 * `if (oldVersion < N)` ladder in `openBehaviourDB`.
 */
import type { DBSchema } from 'idb';
import type { FineTuneRound } from '../api';
import type { BehaviourEvent } from '../events/types';
import type { Profile } from '../features/profile';

/** Current schema version. Version 2 added `checkpoints`. */
export const DB_VERSION = 2;

/** Default database name; one per origin. */
export const DEFAULT_DB_NAME = 'shop-recommender';

/** Key of the local shopper's profile record. */
export const PROFILE_KEY = 'local';

/** A stored event: the event plus its auto-increment key. */
export interface StoredEvent extends BehaviourEvent {
  id?: number;
}

/** A stored weight: shape and values. */
export interface StoredWeight {
  shape: number[];
  values: Float32Array;
}

/** Fine-tuned weights with what they belong to; written in one transaction. */
export interface CheckpointRecord {
  /** `current` is ranked with; `previous` is the last good one before it. */
  slot: 'current' | 'previous';
  /** Version of the shipped model these weights were fine-tuned from. */
  modelVersion: string;
  savedAt: number;
  acceptedSteps: number;
  rounds: number;
  rollbacks: number;
  /** Fine-tuning history shown in the model panel. */
  history: FineTuneRound[];
  /** The weights that differ from the shipped model, by name. */
  weights: Record<string, StoredWeight>;
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
  /** Fine-tuned weights (version 2). */
  checkpoints: {
    key: 'current' | 'previous';
    value: CheckpointRecord;
  };
  /** Small facts: schema history, counters. */
  meta: {
    key: string;
    value: MetaRecord;
  };
}
