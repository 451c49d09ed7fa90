export * from './backend';
export * from './protocol';
export * from './tabs';
export { serveRecommender, type EngineFactory, type RecommenderHost } from './worker-host';
export { createWorkerRecommender, RemoteRecommender, type WorkerLike, type WorkerRecommenderOptions } from './worker-client';
