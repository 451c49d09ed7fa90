/**
 * The on-device recommender engine. Framework-free: no React, no DOM beyond
 * IndexedDB and WebGPU.
 *
 * Groups:
 * - Lifecycle: `createRecommender` and the `Recommender` interface.
 * - Types: requests, results, events, catalogue.
 * - Errors: `EngineError` and its four subclasses.
 * - Building blocks for training and tools: features, model, learning, ranking, storage.
 */
export { createRecommender, type RecommenderOptions } from './recommender';
export { createWorkerRecommender, type WorkerRecommenderOptions } from './runtime/worker-client';
export {
  BACKEND_ORDER,
  type BackendName,
  type EngineInfo,
  type EventInput,
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
