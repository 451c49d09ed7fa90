/**
 * The engine worker's entry: one {@link createRecommender} per worker, served
 * over the worker's own message port (see `worker-host.ts` for the protocol),
 * or, in a second worker on a first visit, {@link measureBackends}.
 * The page starts it with `createWorkerRecommender`.
 */
import { createRecommender, measureBackends } from '../recommender';
import { serveRecommender } from './worker-host';

serveRecommender(self, (options, onProgress) => createRecommender({ ...options, onProgress }), measureBackends);
