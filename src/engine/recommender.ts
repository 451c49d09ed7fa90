/**
 * The in-page recommender: behaviour store + features + model + ranking
 * behind the {@link Recommender} interface.
 */
import * as tf from '@tensorflow/tfjs';
import {
  freshFineTuneStatus,
  type BackendName,
  type EngineEvent,
  type EngineInfo,
  type EventInput,
  type FineTuneStatus,
  type InterestTag,
  type RankRequest,
  type RankResult,
  type Recommender,
} from './api';
import type { AdCreative, Catalogue } from './catalogue/types';
import { ConfigError } from './errors';
import { validateFineTuneConfig, type FineTuneConfig } from './learn/config';
import { Learner } from './learn/learner';
import type { BehaviourEvent } from './events/types';
import { FeatureEncoder, type Candidate, type ShopperFeatures } from './features/encode';
import type { Profile } from './features/profile';
import { loadModel, type FetchLike, type ModelManifest } from './model/manifest';
import type { RecommenderModel, ShopperInputs } from './model/build';
import { validateRankingConfig, type RankingConfig } from './rank/config';
import { defaultPage, rankPage, type ScoredAd, type ScoredProduct } from './rank/rank';
import { requestIds } from './rank/request-id';
import { selectBackend, type WasmPaths } from './runtime/backend';
import { openBehaviourStore, type BehaviourStore } from './storage/store';

/** Options of {@link createRecommender}. */
export interface RecommenderOptions {
  /** The shop's catalogue (products and ad creatives). */
  catalogue: Catalogue;
  /** Folder that holds the shipped model's `manifest.json`, for example `/models/`. */
  modelUrl: string;
  /** Backends to try in order; default webgpu, webgl, wasm, cpu. */
  backends?: readonly BackendName[];
  /** Where the wasm backend's `.wasm` files are served (needed only if wasm may be chosen). */
  wasmPaths?: WasmPaths;
  /** IndexedDB database name; default `shop-recommender`. */
  dbName?: string;
  /** `fetch` stand-in (tests, Node). */
  fetch?: FetchLike;
  /** Clock; default `Date.now`. */
  now?: () => number;
  /** Fine-tuning settings, or `false` to rank with the shipped weights only. */
  fineTune?: Partial<FineTuneConfig> | false;
  /** Called as each start-up stage begins. */
  onProgress?: (stage: 'backend' | 'model' | 'store' | 'warmup' | 'ready') => void;
}

const SHOPPER = 'local';

/**
 * Starts the recommender: picks a backend, downloads and verifies the model,
 * opens the behaviour store and warms the model up.
 * @param options - see {@link RecommenderOptions}.
 * @returns a ready {@link Recommender}; call `dispose()` when done.
 * @throws {BackendError} when no backend starts.
 * @throws {ModelLoadError} when the model is missing or fails its integrity check.
 * @throws {StorageError} when IndexedDB cannot be opened.
 * @example
 * const recommender = await createRecommender({ catalogue, modelUrl: '/models/' });
 * const page = await recommender.rank({ page: 'home', candidates: catalogue.items.map((i) => i.id), productSlots: 24, adPositions: [3, 12] });
 */
export async function createRecommender(options: RecommenderOptions): Promise<Recommender> {
  const now = options.now ?? (() => Date.now());
  options.onProgress?.('backend');
  const choice = await selectBackend(options.backends, options.wasmPaths);
  options.onProgress?.('model');
  const { manifest, model } = await loadModel(options.modelUrl, options.fetch);
  try {
    const ranking = validateRankingConfig(manifest.ranking);
    const encoder = new FeatureEncoder(manifest.featureSpec, options.catalogue);
    options.onProgress?.('store');
    const store = await openBehaviourStore({ name: options.dbName, spec: manifest.featureSpec, lookup: (id) => encoder.item(id) });
    const engine = new LocalRecommender(options.catalogue, manifest, model, encoder, ranking, store, choice.backend, choice.adapter, now);
    if (options.fineTune !== false) {
      engine.attachLearner(
        await Learner.start({
          serving: model,
          manifest,
          catalogue: options.catalogue,
          store,
          config: validateFineTuneConfig(options.fineTune),
          now,
          onStatus: (status) => engine.emit({ type: 'finetune', status }),
          scope: options.dbName ?? 'shop-recommender',
        }),
      );
    }
    options.onProgress?.('warmup');
    // The first run at a batch size compiles shaders and allocates buffers
    // (seconds on a software GPU): do it at the largest size, the whole
    // catalogue, before the shopper waits for a page.
    await engine.rank({ page: 'home', candidates: options.catalogue.items.map((i) => i.id), productSlots: 1 });
    engine.resetTiming();
    options.onProgress?.('ready');
    return engine;
  } catch (e) {
    model.dispose();
    throw e;
  }
}

class LocalRecommender implements Recommender {
  private lastRankMs: number | null = null;
  private learner: Learner | null = null;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly nextRequestId: () => string;
  private readonly itemsById: Map<string, Catalogue['items'][number]>;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly manifest: ModelManifest,
    private readonly model: RecommenderModel,
    private readonly encoder: FeatureEncoder,
    private readonly ranking: RankingConfig,
    private readonly store: BehaviourStore,
    private readonly backend: BackendName,
    private readonly adapter: string | null,
    private readonly now: () => number,
  ) {
    this.itemsById = new Map(catalogue.items.map((i) => [i.id, i]));
    this.nextRequestId = requestIds(now);
  }

  info(): EngineInfo {
    return { backend: this.backend, adapter: this.adapter, modelVersion: this.manifest.version, lastRankMs: this.lastRankMs };
  }

  /** Connects on-device fine-tuning. */
  attachLearner(learner: Learner): void {
    this.learner = learner;
  }

  /** Tells every listener; a throwing listener does not stop the others. */
  emit(event: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        console.error('recommender listener failed', e);
      }
    }
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fineTuneStatus(): FineTuneStatus {
    return this.learner?.status ?? freshFineTuneStatus('off');
  }

  async fineTune(): Promise<FineTuneStatus> {
    return this.learner ? this.learner.run() : this.fineTuneStatus();
  }

  async resetPersonalisation(): Promise<void> {
    await this.learner?.reset();
  }

  resetTiming(): void {
    this.lastRankMs = null;
  }

  defaultOrder(request: RankRequest): RankResult {
    return { requestId: this.nextRequestId(), slots: defaultPage(request, this.catalogue.ads), ranked: false, elapsedMs: 0 };
  }

  async rank(request: RankRequest): Promise<RankResult> {
    const start = performance.now();
    const products = request.candidates.map((id) => this.itemsById.get(id)).filter((i) => i !== undefined);
    if (products.length === 0 && request.candidates.length > 0) {
      throw new ConfigError(
        `rank(): none of the ${request.candidates.length} candidates is in the catalogue (first: ${request.candidates[0]}). Pass catalogue item ids.`,
      );
    }
    const ads = this.catalogue.ads.filter((a) => this.itemsById.has(a.itemId));
    const profile = await this.store.profile();
    const { click, purchase, adClick } = await this.score(profile, request, products, ads);
    const scoredProducts: ScoredProduct[] = products.map((item, i) => ({
      itemId: item.id,
      category: item.category,
      price: item.price,
      click: click[i]!,
      purchase: purchase[i]!,
    }));
    const scoredAds: ScoredAd[] = ads.map((ad, j) => ({ ad, adClick: adClick[products.length + j]! }));
    const slots = rankPage(request, scoredProducts, scoredAds, this.ranking);
    const elapsedMs = performance.now() - start;
    this.lastRankMs = elapsedMs;
    this.emit({ type: 'info', info: this.info() });
    return { requestId: this.nextRequestId(), slots, ranked: true, elapsedMs };
  }

  /** Runs the encoder once and the scorer over products and ads together. */
  private async score(
    profile: Profile,
    request: RankRequest,
    products: Catalogue['items'],
    ads: AdCreative[],
  ): Promise<{ click: Float32Array; purchase: Float32Array; adClick: Float32Array }> {
    const ctx = { now: this.now(), page: request.page };
    const shopper = this.encoder.shopper(profile, ctx);
    const candidates: Candidate[] = [...products.map((item) => ({ item })), ...ads.map((ad) => ({ item: this.itemsById.get(ad.itemId)!, ad }))];
    const c = this.encoder.candidates(profile, candidates);
    const spec = this.manifest.featureSpec;
    const [click, purchase, adClick] = tf.tidy(() => {
      const enc = this.model.encode(this.shopperTensors(shopper));
      const out = this.model.score(enc.vector, {
        item: tf.tensor1d(c.item, 'int32'),
        attrs: tf.tensor2d(c.attrs, [c.count, 4], 'int32'),
        title: tf.tensor2d(c.title, [c.count, spec.titleTokens], 'int32'),
        candidate: tf.tensor2d(c.dense, [c.count, c.dense.length / c.count]),
      });
      return [tf.sigmoid(out.clickLogit), out.purchase, tf.sigmoid(out.adClickLogit)];
    });
    try {
      const [cv, pv, av] = await Promise.all([click!.data(), purchase!.data(), adClick!.data()]);
      return { click: cv as Float32Array, purchase: pv as Float32Array, adClick: av as Float32Array };
    } finally {
      tf.dispose([click!, purchase!, adClick!]);
    }
  }

  /** One shopper's features as a batch of one; call inside `tf.tidy`. */
  private shopperTensors(f: ShopperFeatures): ShopperInputs {
    const R = this.manifest.featureSpec.recentLength;
    return {
      recentItems: tf.tensor2d(f.recentItems, [1, R], 'int32'),
      recentTypes: tf.tensor2d(f.recentTypes, [1, R], 'int32'),
      shopper: tf.tensor2d(f.dense, [1, f.dense.length]),
    };
  }

  private stamp(e: EventInput): BehaviourEvent {
    return { ts: e.ts ?? this.now(), shopper: SHOPPER, type: e.type, item: e.item, slot: e.slot, request: e.request, page: e.page };
  }

  async record(event: EventInput): Promise<void> {
    await this.recordMany([event]);
  }

  async recordMany(events: EventInput[]): Promise<void> {
    const stamped = events.map((e) => this.stamp(e));
    await this.store.append(stamped);
    this.learner?.noteEvents(stamped);
  }

  async interests(k = 5): Promise<InterestTag[]> {
    const profile = await this.store.profile();
    const spec = this.manifest.featureSpec;
    const shopper = this.encoder.shopper(profile, { now: this.now(), page: 'home' });
    const probs = tf.tidy(() => tf.sigmoid(this.model.encode(this.shopperTensors(shopper)).tagLogits));
    const values = await probs.data();
    probs.dispose();
    return spec.vocab.tags
      .map((tag, i) => ({ tag, score: values[i]! }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    await this.learner?.dispose();
    this.store.close();
    this.model.dispose();
  }
}
