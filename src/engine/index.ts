/**
 * The on-device recommender engine. Framework-free: no React, no DOM beyond
 * IndexedDB and WebGPU.
 *
 * Groups:
 * - Lifecycle: `createWorkerRecommender` (engine in a Web Worker),
 *   `createRecommender` (in the page), and the `Recommender` interface both serve.
 * - Types: requests, results, events, catalogue, fine-tuning status and config.
 * - Errors: `EngineError` and its four subclasses.
 *
 * The building blocks (features, model, learning, ranking, storage) are
 * imported from their folders by the training CLI and the benchmarks.
 */
export { createRecommender, measureBackends, type RecommenderOptions } from './recommender';
export { createWorkerRecommender, type WorkerRecommenderOptions } from './runtime/worker-client';
export {
  BACKEND_ORDER,
  type BackendChoiceInfo,
  type BackendName,
  type BackendTiming,
  type DataExport,
  type DataSummary,
  type EngineEvent,
  type EngineInfo,
  type EventInput,
  type Explanation,
  type ExplanationReason,
  type FineTuneRound,
  type FineTuneStatus,
  type InterestTag,
  type ProductScores,
  type RankRequest,
  type RankResult,
  type RankedAd,
  type RankedProduct,
  type RankedSlot,
  type Recommender,
} from './api';
export type { AdCreative, Catalogue, CatalogueItem, Category } from './catalogue/types';
export { EVENT_LOG_VERSION, EVENT_TYPES, PAGE_TYPES, type BehaviourEvent, type EventType, type PageType } from './events/types';
export { BackendError, ConfigError, EngineError, ModelLoadError, StorageError } from './errors';
export type { WasmPaths } from './runtime/backend';
export { DEFAULT_FINE_TUNE, type FineTuneConfig } from './learn/config';
export { DEFAULT_RETENTION, type RetentionConfig } from './storage/retention';
