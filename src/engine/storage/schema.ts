/**
 * The behaviour store's typed IndexedDB schema. Upgrades are an
 * `if (oldVersion < N)` ladder in `openBehaviourDB`.
 */
import type { DBSchema } from 'idb';
import type { FineTuneRound } from '../api';
import type { BehaviourEvent } from '../events/types';
import type { Profile } from '../features/profile';

/** Current schema version. Version 2 added `checkpoints`, version 3 `models`. */
export const DB_VERSION = 3;

/** Default database name; one per origin. */
export const DEFAULT_DB_NAME = 'shop-recommender';

/** Key of the local shopper's profile record. */
export const PROFILE_KEY = 'local';

/**
 * Key of the pause setting in `meta`: `true` while the shopper has paused
 * personalisation. The engine reads it when it starts; the privacy page
 * writes it straight to the database when the engine cannot start.
 */
export const PAUSED_KEY = 'paused';

/**
 * Key of the fine-tuning mark in `meta` (JSON, `FineTuneMark` in
 * `learn/learner.ts`): which model version's fine-tuning has learnt from
 * which pages and clicks. Clicks after it count towards the next round,
 * across reloads.
 */
export const LEARNED_THROUGH_KEY = 'learnedThrough';

/** Key of the last good copy of the shipped model files in `models`. */
export const MODEL_CACHE_KEY = 'last-good';

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
  /** The learned scale on the popularity prior's weight; absent in older checkpoints (1). */
  priorScale?: number;
  /** The running comparison with the shipped weights (`ShippedTally`); absent in older checkpoints. */
  shippedTally?: { rows: number; personal: number; shipped: number; measure?: 'pageOrder' | 'logLoss' };
}

/**
 * The last good copy of the shipped model's files, kept so the shop still
 * ranks when its files fail to download or verify.
 */
export interface ModelCacheRecord {
  /** The manifest's model version. */
  version: string;
  /** When the copy was saved (ms since the epoch). */
  savedAt: number;
  /** File bytes by path relative to the model's base URL (`manifest.json` included). */
  files: Record<string, Uint8Array>;
}

/** A metadata record: settings and small facts. */
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
  /** Settings and small facts. */
  meta: {
    key: string;
    value: MetaRecord;
  };
  /** The last good copy of the shipped model files, under {@link MODEL_CACHE_KEY} (version 3). */
  models: {
    key: string;
    value: ModelCacheRecord;
  };
}
