/**
 * The in-page recommender: behaviour store + features + model + ranking
 * behind the {@link Recommender} interface.
 */
import * as tf from '@tensorflow/tfjs';
import {
  BACKEND_ORDER,
  freshFineTuneStatus,
  type BackendChoiceInfo,
  type BackendName,
  type DataExport,
  type DataSummary,
  type EngineEvent,
  type EngineInfo,
  type EventInput,
  type FineTuneStatus,
  type InterestTag,
  type PopularOrder,
  type RankRequest,
  type RankResult,
  type RankedSlot,
  type Recommender,
} from './api';
import type { AdCreative, Catalogue } from './catalogue/types';
import { ConfigError, errorMessage, ModelLoadError } from './errors';
import { validateFineTuneConfig, type FineTuneConfig } from './learn/config';
import { Learner } from './learn/learner';
import type { BehaviourEvent } from './events/types';
import { FeatureEncoder, type Candidate } from './features/encode';
import { boughtSince, emptyProfile, type Profile } from './features/profile';
import { ItemSideCache } from './model/item-cache';
import { scoreCandidates, shopperTensors, type CandidateScores } from './model/serve';
import { loadModel, memoryFetch, prefixed, type FetchLike, type LoadedModel, type ModelManifest } from './model/manifest';
import type { RecommenderModel } from './model/build';
import { validateRankingConfig, type RankingConfig } from './rank/config';
import { applyPrior, countActions, priorWeight, validatePrior, type PopularityPrior } from './rank/prior';
import { explain } from './rank/explain';
import { defaultPage, rankPage, type ScoredAd, type ScoredProduct } from './rank/rank';
import { requestIds } from './rank/request-id';
import { loseGpuDevice, selectBackend, watchDeviceLoss, type WasmPaths } from './runtime/backend';
import { drillLoss, recoveryNotice, recoveryOrder, type BackendLoss } from './runtime/recovery';
import { chooseBackend, timeBackends, type BackendTimingMode } from './runtime/choose';
import { openTabsChannel, tellOtherTabs, type TabMessage } from './runtime/tabs';
import { DEFAULT_DB_NAME, PAUSED_KEY } from './storage/schema';
import { openBehaviourStore, readModelCache, validateRetention, type BehaviourStore, type RetentionConfig } from './storage/store';

/** Options of {@link createRecommender}. */
export interface RecommenderOptions {
  /** The shop's catalogue (products and ad creatives). */
  catalogue: Catalogue;
  /** Folder that holds the shipped model's `manifest.json`, for example `/models/`. */
  modelUrl: string;
  /** Backends to try in order, the first that starts (no timing); default: timed, see {@link RecommenderOptions.backendTiming}. */
  backends?: readonly BackendName[];
  /**
   * When the backends are timed on a visit with no remembered choice:
   * `at-start` (default) times every backend before the engine starts and
   * runs on the fastest; `in-background` starts at once on the first of
   * the provisional order (wasm, cpu, webgl, webgpu) that starts, leaving the timing to
   * {@link measureBackends} in another worker (the worker client does this).
   */
  backendTiming?: BackendTimingMode;
  /** Where the wasm backend's `.wasm` files are served (needed only if wasm may be chosen). */
  wasmPaths?: WasmPaths;
  /** IndexedDB database name; default `shop-recommender`. */
  dbName?: string;
  /** How long and how many events are kept; default 90 days and 50,000 events. */
  retention?: Partial<RetentionConfig>;
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
/** Base URL of model files served from memory (the device copy, or a rebuild after a lost GPU). */
const DEVICE_COPY = 'device-copy:/';
/** Loads a model from files kept in memory (verified again). */
function loadFromFiles(files: Readonly<Record<string, Uint8Array>>): Promise<LoadedModel> {
  return loadModel(DEVICE_COPY, memoryFetch(prefixed(DEVICE_COPY, files)));
}

/**
 * The shipped model, or, when its files fail, the last good copy kept in this
 * device's database.
 * @throws {ModelLoadError} the shipped model's error when there is no usable copy.
 */
async function loadShippedOrCopy(options: RecommenderOptions, dbName: string): Promise<{ loaded: LoadedModel; notice: string | null }> {
  try {
    return { loaded: await loadModel(options.modelUrl, options.fetch), notice: null };
  } catch (e) {
    if (!(e instanceof ModelLoadError)) throw e;
    const copy = await readModelCache(dbName).catch(() => null);
    if (!copy) throw e;
    let loaded: LoadedModel;
    try {
      loaded = await loadFromFiles(copy.files);
    } catch {
      throw e;
    }
    // The shopper's own way of writing a date, as the shop's pages write theirs.
    const when = new Date(copy.savedAt).toLocaleDateString([], { dateStyle: 'medium' });
    return {
      loaded,
      notice: `The shop's model files failed to load (${e.message}) Ranking with the copy of model ${copy.version} kept on this device since ${when}.`,
    };
  }
}

/** Candidates in a backend trial: a small rerank. */
const TRIAL_CANDIDATES = 256;

/**
 * Times a small rerank (the serving path over {@link TRIAL_CANDIDATES}
 * catalogue items) on the active backend: one untimed run builds the item
 * cache and compiles shaders, then the median of three.
 */
async function timeTrial(files: Readonly<Record<string, Uint8Array>>, encoder: FeatureEncoder, catalogue: Catalogue): Promise<number> {
  const { manifest, model } = await loadFromFiles(files);
  const spec = manifest.featureSpec;
  const items = catalogue.items.slice(0, TRIAL_CANDIDATES);
  const cache = new ItemSideCache({ items }, encoder, spec);
  try {
    const profile = emptyProfile(spec);
    const candidates = items.map((item) => ({ item }));
    const run = (): Promise<CandidateScores> => scoreCandidates(model, cache, encoder, spec, profile, { now: Date.now(), page: 'home' }, candidates);
    await run();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[1]!;
  } finally {
    cache.release();
    model.dispose();
  }
}

/**
 * Starts the recommender: picks a backend, downloads and verifies the model
 * (falling back to the last good copy kept on the device), opens the
 * behaviour store and warms the model up.
 * @param options - see {@link RecommenderOptions}.
 * @returns a ready {@link Recommender}; call `dispose()` when done.
 * @throws {BackendError} when no backend starts.
 * @throws {ModelLoadError} when the model is missing or fails its integrity check and no good copy is kept.
 * @throws {StorageError} when IndexedDB cannot be opened.
 * @example
 * const recommender = await createRecommender({ catalogue, modelUrl: '/models/' });
 * const page = await recommender.rank({ page: 'home', candidates: catalogue.items.map((i) => i.id), productSlots: 24, adPositions: [3, 12] });
 */
export async function createRecommender(options: RecommenderOptions): Promise<Recommender> {
  const now = options.now ?? (() => Date.now());
  const dbName = options.dbName ?? DEFAULT_DB_NAME;
  const retention = validateRetention(options.retention);
  const fineTune = options.fineTune === false ? false : validateFineTuneConfig(options.fineTune);
  options.onProgress?.('backend');
  const order = options.backends ?? BACKEND_ORDER;
  // A forced list: the first that starts. Otherwise the files are fetched and
  // verified on the cpu backend, and every backend is timed (once per browser,
  // GPU and model; remembered).
  const forced = options.backends !== undefined;
  let choice = await selectBackend(forced ? order : ['cpu'], options.wasmPaths);
  options.onProgress?.('model');
  const first = await loadShippedOrCopy(options, dbName);
  const { notice } = first;
  let loaded = first.loaded;
  let backendChoice: BackendChoiceInfo = { how: 'forced', timings: [], measuredAt: null };
  if (!forced) {
    first.loaded.model.dispose();
    const trialEncoder = new FeatureEncoder(loaded.manifest.featureSpec, options.catalogue);
    const chosen = await chooseBackend({
      wasmPaths: options.wasmPaths,
      dbName,
      modelVersion: loaded.manifest.version,
      now,
      trial: () => timeTrial(first.loaded.files, trialEncoder, options.catalogue),
      timing: options.backendTiming,
    });
    choice = chosen.choice;
    backendChoice = chosen.info;
    loaded = await loadFromFiles(first.loaded.files);
  }
  const { manifest, model } = loaded;
  let engine: LocalRecommender | null = null;
  let store: BehaviourStore | null = null;
  try {
    const ranking = validateRankingConfig(manifest.ranking);
    const prior = validatePrior(manifest.prior);
    const encoder = new FeatureEncoder(manifest.featureSpec, options.catalogue);
    options.onProgress?.('store');
    store = await openBehaviourStore({ name: dbName, spec: manifest.featureSpec, lookup: (id) => encoder.item(id), retention, now });
    if (!notice) {
      // Keep a copy of verified files for a visit when the shop's files fail.
      const cached = await store.loadModelFiles().catch(() => null);
      if (cached?.version !== manifest.version)
        await store.saveModelFiles({ version: manifest.version, savedAt: now(), files: loaded.files }).catch((e: unknown) => {
          console.warn('[engine] could not keep a copy of the model on this device:', errorMessage(e));
        });
    }
    const opened = store;
    const paused = (await opened.getSetting(PAUSED_KEY)) === true;
    const makeLearner = async (serving: RecommenderModel, onStatus: (status: FineTuneStatus) => void): Promise<Learner | null> =>
      fineTune === false
        ? null
        : Learner.start({ serving, manifest, prior, catalogue: options.catalogue, store: opened, config: fineTune, now, onStatus, scope: dbName });
    engine = new LocalRecommender({
      catalogue: options.catalogue,
      manifest,
      files: loaded.files,
      model,
      encoder,
      ranking,
      prior,
      store: opened,
      backend: choice.backend,
      adapter: choice.adapter,
      backendChoice,
      order,
      wasmPaths: options.wasmPaths,
      now,
      dbName,
      retention,
      paused,
      notices: notice ? [notice] : [],
      modelSource: notice ? 'device-copy' : 'shipped',
      makeLearner,
    });
    await engine.startLearner();
    options.onProgress?.('warmup');
    await engine.warmUp();
    options.onProgress?.('ready');
    return engine;
  } catch (e) {
    if (engine) await engine.dispose().catch(() => undefined);
    else {
      store?.close();
      model.dispose();
    }
    throw e;
  }
}

/** Web Lock prefix: one timing of the backends per database at a time, across tabs. */
const TIMING_LOCK = 'shop-recommender:backend-timing';

/**
 * Times every backend on the shipped model (or the device's copy) and
 * remembers the fastest for the engines that start after it; engines already
 * running on a provisional backend hear the times (BroadcastChannel) and
 * show them. Run it in a worker of its own, beside an engine started with
 * `backendTiming: 'in-background'`: it switches TensorFlow.js's backend.
 * @param options - the engine's options (`backends` is ignored: all are timed).
 * @returns how the backends were timed, or `null` when another tab is timing them.
 * @throws {BackendError} when no backend could be timed.
 * @throws {ModelLoadError} when neither the shipped model nor a device copy loads.
 */
export async function measureBackends(options: RecommenderOptions): Promise<BackendChoiceInfo | null> {
  const dbName = options.dbName ?? DEFAULT_DB_NAME;
  const run = async (): Promise<BackendChoiceInfo> => {
    await selectBackend(['cpu'], options.wasmPaths);
    const { loaded } = await loadShippedOrCopy(options, dbName);
    loaded.model.dispose();
    const encoder = new FeatureEncoder(loaded.manifest.featureSpec, options.catalogue);
    const choice = await timeBackends({
      wasmPaths: options.wasmPaths,
      dbName,
      modelVersion: loaded.manifest.version,
      now: options.now ?? (() => Date.now()),
      trial: () => timeTrial(loaded.files, encoder, options.catalogue),
    });
    tellOtherTabs(dbName, { type: 'backends-timed', choice });
    return choice;
  };
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  // No Web Locks (Node, old browsers): this is the only tab there is.
  if (!locks) return run();
  return locks.request(`${TIMING_LOCK}:${dbName}`, { ifAvailable: true }, (lock) => (lock ? run() : null));
}

interface EngineParts {
  catalogue: Catalogue;
  manifest: ModelManifest;
  /** The verified model files, to rebuild the model on another backend. */
  files: Record<string, Uint8Array>;
  model: RecommenderModel;
  encoder: FeatureEncoder;
  ranking: RankingConfig;
  /** Blended into pCTR while the shopper has few actions; null: none. */
  prior: PopularityPrior | null;
  store: BehaviourStore;
  backend: BackendName;
  adapter: string | null;
  backendChoice: BackendChoiceInfo;
  order: readonly BackendName[];
  wasmPaths: WasmPaths | undefined;
  now: () => number;
  dbName: string;
  retention: RetentionConfig;
  paused: boolean;
  notices: string[];
  modelSource: EngineInfo['modelSource'];
  makeLearner: (serving: RecommenderModel, onStatus: (status: FineTuneStatus) => void) => Promise<Learner | null>;
}

class LocalRecommender implements Recommender {
  private lastRankMs: number | null = null;
  private popularityShare: number | null = null;
  private shopperActions: number | null = null;
  private learner: Learner | null = null;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly nextRequestId: () => string;
  private readonly itemsById: Map<string, Catalogue['items'][number]>;
  private readonly catalogue: Catalogue;
  private readonly manifest: ModelManifest;
  private readonly store: BehaviourStore;
  private readonly encoder: FeatureEncoder;
  private readonly now: () => number;
  private model: RecommenderModel;
  private backend: BackendName;
  private adapter: string | null;
  private paused: boolean;
  private readonly notices: string[];
  /** Why the backend stopped working (a lost GPU device, a fault drill), until the engine re-initialises. */
  private lost: BackendLoss | null = null;
  /** How the backend was chosen; a provisional choice turns `measured` when a timing worker's times arrive. */
  private backendChoice: BackendChoiceInfo;
  private recovering: Promise<void> | null = null;
  private disposed = false;
  private readonly channel: BroadcastChannel | null;
  /** The items' shopper-independent scorer inputs, per model version. */
  private readonly items: ItemSideCache;
  /** What the default order sorts by: the prior's table, shipped with the model; null without one. */
  private readonly popular: PopularOrder | null;

  constructor(private readonly parts: EngineParts) {
    ({
      catalogue: this.catalogue,
      manifest: this.manifest,
      store: this.store,
      encoder: this.encoder,
      now: this.now,
      model: this.model,
      backend: this.backend,
      adapter: this.adapter,
      paused: this.paused,
    } = parts);
    this.notices = [...parts.notices];
    this.backendChoice = parts.backendChoice;
    this.itemsById = new Map(this.catalogue.items.map((i) => [i.id, i]));
    this.items = new ItemSideCache(this.catalogue, this.encoder, this.manifest.featureSpec);
    const { prior, ranking } = parts;
    this.popular = prior ? { clickLogit: prior.clickLogit, defaultLogit: prior.defaultLogit, categoryCap: ranking.categoryCap } : null;
    this.nextRequestId = requestIds(this.now);
    this.channel = openTabsChannel(parts.dbName);
    this.channel?.addEventListener('message', (e: MessageEvent<TabMessage>) => this.onTabMessage(e.data));
    this.watchBackend();
  }

  info(): EngineInfo {
    return {
      backend: this.backend,
      adapter: this.adapter,
      backendChoice: this.backendChoice,
      modelVersion: this.manifest.version,
      lastRankMs: this.lastRankMs,
      paused: this.paused,
      modelSource: this.parts.modelSource,
      notices: [...this.notices],
      popularityShare: this.popularityShare,
      shopperActions: this.shopperActions,
    };
  }

  /** Starts on-device fine-tuning on the current model (again after a backend change). */
  async startLearner(): Promise<void> {
    this.learner = await this.parts.makeLearner(this.model, (status) => this.emit({ type: 'finetune', status }));
    this.learner?.suspend(this.paused);
  }

  /**
   * The first run at a batch size compiles shaders and allocates buffers
   * (seconds on a software GPU): do it at the largest size, the whole
   * catalogue, before the shopper waits for a page.
   */
  async warmUp(): Promise<void> {
    const profile = await this.store.profile();
    await this.score(profile, { page: 'home' }, this.catalogue.items, this.catalogue.ads);
    // Known from the start, so a page that ranks nothing (the privacy page) still shows it.
    this.popularityShare = this.shareOf(profile);
    this.shopperActions = countActions(profile);
  }

  /** The popularity prior's share of each score for this profile (its weight after the shopper's actions, times their learned scale). */
  private shareOf(profile: Profile): number | null {
    // The shopper's own scale on the prior's weight, learned on the device (1 as shipped).
    return this.parts.prior ? priorWeight(this.parts.prior, countActions(profile), this.learner?.priorScale ?? 1) : null;
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
    await this.ensureBackend();
    return this.learner ? this.learner.run() : this.fineTuneStatus();
  }

  async resetPersonalisation(): Promise<void> {
    await this.learner?.reset();
  }

  defaultOrder(request: RankRequest): RankResult {
    const popular = this.popular;
    const slots = defaultPage(request, this.catalogue.ads, popular, (id) => this.itemsById.get(id)?.category);
    return { requestId: this.nextRequestId(), slots, ranked: false, order: popular ? 'popular' : 'given', elapsedMs: 0 };
  }

  popularity(): PopularOrder | null {
    return this.popular;
  }

  async rank(request: RankRequest): Promise<RankResult> {
    if (this.paused) return this.defaultOrder(request);
    await this.ensureBackend();
    try {
      return await this.rankOnce(request);
    } catch (e) {
      // The GPU went away mid-request: re-initialise and answer anyway.
      if (!this.lost) throw e;
      await this.ensureBackend();
      return this.rankOnce(request);
    }
  }

  private async rankOnce(request: RankRequest): Promise<RankResult> {
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
    this.shopperActions = countActions(profile);
    // The shopper's own scale on the prior's weight, learned on the device (1 as shipped).
    this.popularityShare = applyPrior(
      this.parts.prior,
      products.map((p) => p.id),
      this.shopperActions,
      click,
      purchase,
      this.learner?.priorScale ?? 1,
    );
    const scoredProducts: ScoredProduct[] = products.map((item, i) => ({
      itemId: item.id,
      category: item.category,
      price: item.price,
      click: click[i]!,
      purchase: purchase[i]!,
    }));
    const scoredAds: ScoredAd[] = ads.map((ad, j) => ({ ad, adClick: adClick[products.length + j]! }));
    // Why each slot is there: plain JS over the page's slots and the profile already read.
    const context = {
      profile,
      spec: this.manifest.featureSpec,
      categories: this.catalogue.categories,
      currency: this.catalogue.currency,
      lookup: (id: string) => this.itemsById.get(id),
      now: this.now(),
    };
    const adIndex = new Map(ads.map((ad, j) => [ad.id, j]));
    const { ranking } = this.parts;
    const bought = ranking.boughtLastDays > 0 ? boughtSince(profile, this.now(), ranking.boughtLastDays) : new Set<string>();
    const slots = rankPage(request, scoredProducts, scoredAds, ranking, bought).map((s): RankedSlot => {
      const item = this.itemsById.get(s.itemId)!;
      if (s.kind === 'product') {
        const scores = { click: s.scores?.click ?? 0, purchase: s.scores?.purchase ?? null, adClick: null };
        return { ...s, why: explain({ ...context, item, scores }) };
      }
      const j = adIndex.get(s.adId)!;
      const row = products.length + j;
      const scores = { click: click[row]!, purchase: purchase[row]!, adClick: adClick[row]! };
      return { ...s, why: explain({ ...context, item, ad: ads[j], scores }) };
    });
    const elapsedMs = performance.now() - start;
    this.lastRankMs = elapsedMs;
    this.emit({ type: 'info', info: this.info() });
    return { requestId: this.nextRequestId(), slots, ranked: true, order: 'personal', elapsedMs };
  }

  /** Scores products and ads together on the serving path. */
  private score(profile: Profile, request: Pick<RankRequest, 'page'>, products: Catalogue['items'], ads: AdCreative[]): Promise<CandidateScores> {
    const candidates: Candidate[] = [...products.map((item) => ({ item })), ...ads.map((ad) => ({ item: this.itemsById.get(ad.itemId)!, ad }))];
    const ctx = { now: this.now(), page: request.page };
    return scoreCandidates(this.model, this.items, this.encoder, this.manifest.featureSpec, profile, ctx, candidates);
  }

  private stamp(e: EventInput): BehaviourEvent {
    return { ts: e.ts ?? this.now(), shopper: SHOPPER, type: e.type, item: e.item, slot: e.slot, request: e.request, page: e.page };
  }

  async record(event: EventInput): Promise<void> {
    await this.recordMany([event]);
  }

  async recordMany(events: EventInput[]): Promise<void> {
    // Paused: nothing about the shopper is stored.
    if (this.paused || events.length === 0) return;
    const stamped = events.map((e) => this.stamp(e));
    await this.store.append(stamped);
    this.learner?.noteEvents(stamped);
  }

  async interests(k = 5): Promise<InterestTag[]> {
    if (this.paused) return [];
    const profile = await this.store.profile();
    if (countActions(profile) === 0) return [];
    await this.ensureBackend();
    const spec = this.manifest.featureSpec;
    const shopper = this.encoder.shopper(profile, { now: this.now(), page: 'home' });
    const probs = tf.tidy(() => tf.sigmoid(this.model.encode(shopperTensors(shopper, spec.recentLength)).tagLogits));
    try {
      const values = await probs.data();
      return spec.vocab.tags
        .map((tag, i) => ({ tag, score: values[i]! }))
        .sort((a, b) => b.score - a.score)
        .slice(0, k);
    } finally {
      probs.dispose();
    }
  }

  async recentlyViewed(k = 6): Promise<string[]> {
    if (this.paused) return [];
    const profile = await this.store.profile();
    const ids = new Set<string>();
    for (const { item } of profile.recent) {
      if (ids.size >= k) break;
      if (this.itemsById.has(item)) ids.add(item);
    }
    return [...ids];
  }

  async dataSummary(): Promise<DataSummary> {
    const summary = await this.store.summary();
    const { unsaved, ...rest } = summary;
    return { ...rest, unsaved, interests: await this.interests(5), paused: this.paused, retention: { ...this.parts.retention } };
  }

  async exportData(): Promise<DataExport> {
    const data = await this.store.exportAll();
    return { ...data, modelVersion: this.manifest.version, interests: await this.interests(5) };
  }

  async eraseData(): Promise<void> {
    await this.learner?.reset();
    await this.store.eraseAll();
    // The pause is the shopper's choice about the future, not data about them: it stays.
    if (this.paused) await this.store.setSetting(PAUSED_KEY, true);
    this.channel?.postMessage({ type: 'erased' } satisfies TabMessage);
    this.noteErased();
    this.emit({ type: 'finetune', status: this.fineTuneStatus() });
  }

  /** After an erase, here or in another tab: nothing is known of the shopper; tell listeners, and refresh what they show. */
  private noteErased(): void {
    this.shopperActions = 0;
    this.emit({ type: 'erased', at: this.now() });
    this.emit({ type: 'info', info: this.info() });
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.store.setSetting(PAUSED_KEY, paused);
    this.applyPaused(paused);
    this.channel?.postMessage({ type: 'paused', paused } satisfies TabMessage);
  }

  private applyPaused(paused: boolean): void {
    this.paused = paused;
    this.learner?.suspend(paused);
    this.emit({ type: 'info', info: this.info() });
  }

  private onTabMessage(m: TabMessage): void {
    if (this.disposed) return;
    if (m.type === 'paused') this.applyPaused(m.paused);
    else if (m.type === 'backends-timed') {
      // The engine keeps the backend it runs on; the times show, and the fastest is used from the next start.
      if (this.backendChoice.how !== 'provisional' || m.choice?.how !== 'measured' || !Array.isArray(m.choice.timings)) return;
      this.backendChoice = m.choice;
      this.emit({ type: 'info', info: this.info() });
    }
    // Erased in another tab: its learner's reset reaches ours.
    else this.noteErased();
  }

  async simulateDeviceLoss(): Promise<void> {
    // Set before the browser reports the loss, so the notice says it was a drill.
    const loss = drillLoss(this.backend, loseGpuDevice());
    this.lost ??= loss;
  }

  /** Watches the current backend for a lost GPU device. */
  private watchBackend(): void {
    const model = this.model;
    watchDeviceLoss((reason) => {
      // Only a loss of the device this model lives on counts.
      if (this.model === model && !this.disposed) this.lost ??= { reason, drill: false, deviceGone: true };
    });
  }

  /** Re-initialises after a lost device; one recovery at a time. */
  private async ensureBackend(): Promise<void> {
    if (!this.lost) return;
    this.recovering ??= this.recover().finally(() => {
      this.recovering = null;
    });
    await this.recovering;
  }

  /**
   * Moves the engine to the next backend that starts (a GPU backend is
   * skipped after its device was lost; one that was only reset starts
   * again), rebuilds the model from the verified files kept in memory and
   * restarts fine-tuning from the saved checkpoint.
   */
  private async recover(): Promise<void> {
    const loss = this.lost ?? { reason: 'unknown', drill: false, deviceGone: false };
    const from = this.backend;
    await this.learner?.dispose().catch(() => undefined);
    this.learner = null;
    this.items.release();
    try {
      this.model.dispose();
    } catch {
      // The old device is gone; its buffers go with it.
    }
    const choice = await selectBackend(recoveryOrder(from, this.parts.order, loss.deviceGone), this.parts.wasmPaths);
    const { model } = await loadFromFiles(this.parts.files);
    this.model = model;
    this.backend = choice.backend;
    this.adapter = choice.adapter;
    this.lost = null;
    this.watchBackend();
    await this.startLearner();
    this.notices.push(recoveryNotice(from, choice.backend, loss));
    this.emit({ type: 'info', info: this.info() });
    this.emit({ type: 'finetune', status: this.fineTuneStatus() });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    this.channel?.close();
    await this.recovering?.catch(() => undefined);
    await this.learner?.dispose();
    this.store.close();
    this.items.release();
    this.model.dispose();
  }
}
