/**
 * The shipped model: `manifest.json` (config, feature spec, tasks, ranking
 * weights, metrics, sha256 of every file), `model.json` (a tfjs weights
 * manifest) and `weights.bin`.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from '../errors';
import type { FeatureSpec } from '../features/spec';
import type { RankingConfig } from '../rank/config';
import type { PopularityPrior } from '../rank/prior';
import { buildModel, isDeviceOnlyWeight, weightShapes, type RecommenderModel } from './build';
import { validateModelConfig, type ModelConfig, type TaskName } from './config';

/** A file of the shipped model with its integrity data. */
export interface ModelFile {
  path: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** `manifest.json`. */
export interface ModelManifest {
  format: 1;
  name: string;
  /** Changes whenever the weights change (derived from their hash). */
  version: string;
  /** How to reproduce this model. */
  createdBy: string;
  config: ModelConfig;
  featureSpec: FeatureSpec;
  tasks: TaskName[];
  ranking: RankingConfig;
  /** Per-product click prior for shoppers with few actions; absent: pCTR is served as the network gives it. */
  prior?: PopularityPrior;
  /** Evaluation figures written by the training CLI. */
  metrics: Record<string, unknown>;
  files: ModelFile[];
}

/** `model.json`: a tfjs weights manifest for `weights.bin`. */
export interface WeightsFile {
  format: 'recommender-weights';
  generatedBy: string;
  weightsManifest: tf.io.WeightsManifestConfig;
}

/** Lower-case hex SHA-256 of bytes, with WebCrypto (browsers and Node). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Serialises a model's shipped weights (all but the device-only ones) to
 * `model.json` + `weights.bin` bytes.
 * @returns the two files' contents.
 */
export async function serializeWeights(model: RecommenderModel): Promise<{ modelJson: string; weights: Uint8Array }> {
  const named: tf.NamedTensorMap = {};
  // Device-only weights are zero until a device learns them: not shipped.
  for (const [name, v] of model.weights) if (!isDeviceOnlyWeight(name)) named[name] = v;
  const { data, specs } = await tf.io.encodeWeights(named);
  const file: WeightsFile = {
    format: 'recommender-weights',
    generatedBy: `TensorFlow.js v${tf.version.tfjs}`,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  return { modelJson: `${JSON.stringify(file, null, 2)}\n`, weights: new Uint8Array(data) };
}

/** Fetches bytes; `fetch`-compatible so tests and Node can pass their own. */
export type FetchLike = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'arrayBuffer'>>;

function join(base: string, path: string): string {
  return base.endsWith('/') ? base + path : `${base}/${path}`;
}

async function fetchBytes(fetchFn: FetchLike, url: string): Promise<ArrayBuffer> {
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new ModelLoadError(`Could not download ${url}: ${(e as Error).message}. Check the network and that the shop serves models/.`, { cause: e });
  }
  if (!res.ok)
    throw new ModelLoadError(`Could not download ${url}: HTTP ${res.status}. Deploy the models/ folder written by \`npm run train\` next to the shop.`);
  return res.arrayBuffer();
}

function parseJson<T>(bytes: ArrayBuffer, url: string): T {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    throw new ModelLoadError(`${url} is not valid JSON (${(e as Error).message}). Redeploy models/ from \`npm run train\`.`, { cause: e });
  }
}

/**
 * Checks a parsed manifest's shape.
 * @throws {ModelLoadError} naming the missing or wrong field.
 */
export function checkManifest(value: unknown, url: string): ModelManifest {
  const m = value as Partial<ModelManifest> | null;
  const fail = (what: string): never => {
    throw new ModelLoadError(`${url}: ${what}. Redeploy models/ from \`npm run train\`.`);
  };
  if (typeof m !== 'object' || m === null) return fail('not a JSON object');
  if (m.format !== 1) fail(`unsupported manifest format ${JSON.stringify(m.format)} (this engine reads format 1)`);
  if (typeof m.version !== 'string') fail('missing "version"');
  if (typeof m.config !== 'object' || m.config === null) fail('missing "config"');
  if (typeof m.featureSpec !== 'object' || m.featureSpec === null) fail('missing "featureSpec"');
  const spec = m.featureSpec as Partial<FeatureSpec>;
  if (spec.format !== 2)
    fail(`feature format ${JSON.stringify(spec.format)} is not the one this engine computes (2: with prices placed within their category)`);
  if (!Array.isArray(spec.categoryLogPrice) || spec.categoryLogPrice.length !== spec.vocab?.categories.length)
    fail('"featureSpec.categoryLogPrice" must hold one { mean, sd } per category');
  if (typeof m.ranking !== 'object' || m.ranking === null) fail('missing "ranking"');
  if (!Array.isArray(m.files) || m.files.length === 0) fail('missing "files"');
  for (const f of m.files ?? []) {
    if (typeof f.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.bytes !== 'number') fail('a "files" entry lacks path, bytes or sha256');
  }
  return m as ModelManifest;
}

/** A loaded model with its manifest. */
export interface LoadedModel {
  manifest: ModelManifest;
  model: RecommenderModel;
  /** The verified files by path (`manifest.json` included), to keep a copy or rebuild the model on another backend. */
  files: Record<string, Uint8Array>;
}

/**
 * Downloads the shipped model, verifies every file's size and sha256 against
 * the manifest, builds the network from its config and loads the weights.
 * Runs on whatever tfjs backend is active.
 * @param baseUrl - folder holding `manifest.json`, for example `/models/`.
 * @param fetchFn - `fetch` or a stand-in.
 * @throws {ModelLoadError} when a file is missing, truncated, tampered with or malformed.
 */
export async function loadModel(baseUrl: string, fetchFn: FetchLike = (u) => fetch(u)): Promise<LoadedModel> {
  const manifestUrl = join(baseUrl, 'manifest.json');
  const manifestBytes = await fetchBytes(fetchFn, manifestUrl);
  const manifest = checkManifest(parseJson(manifestBytes, manifestUrl), manifestUrl);
  const files = new Map<string, ArrayBuffer>();
  for (const f of manifest.files) {
    const url = join(baseUrl, f.path);
    const bytes = await fetchBytes(fetchFn, url);
    if (bytes.byteLength !== f.bytes) {
      throw new ModelLoadError(
        `${url} has ${bytes.byteLength} bytes, the manifest says ${f.bytes}: the file is truncated or from another model. Redeploy models/.`,
      );
    }
    const hash = await sha256Hex(bytes);
    if (hash !== f.sha256)
      throw new ModelLoadError(
        `${url} fails its integrity check (sha256 ${hash.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…). The file was changed after training; redeploy models/.`,
      );
    files.set(f.path, bytes);
  }
  const weightsJson = files.get('model.json');
  if (!weightsJson) throw new ModelLoadError(`${manifestUrl} lists no model.json. Redeploy models/ from \`npm run train\`.`);
  const weightsFile = parseJson<WeightsFile>(weightsJson, join(baseUrl, 'model.json'));
  const group = weightsFile.weightsManifest?.[0];
  if (!group) throw new ModelLoadError(`${join(baseUrl, 'model.json')} has no weights manifest. Redeploy models/.`);
  const data = files.get(group.paths[0] ?? '');
  if (!data) throw new ModelLoadError(`${manifestUrl} does not list ${group.paths[0]}, which model.json needs. Redeploy models/.`);
  let config: ModelConfig;
  try {
    config = validateModelConfig(manifest.config);
  } catch (e) {
    throw new ModelLoadError(`${manifestUrl}: ${(e as Error).message}`, { cause: e });
  }
  const model = buildModel(config);
  try {
    setWeights(model, tf.io.decodeWeights(data, group.weights), manifestUrl);
  } catch (e) {
    model.dispose();
    throw e instanceof ModelLoadError
      ? e
      : new ModelLoadError(`${manifestUrl}: weights do not decode (${(e as Error).message}). Redeploy models/.`, { cause: e });
  }
  const verified: Record<string, Uint8Array> = { 'manifest.json': new Uint8Array(manifestBytes) };
  for (const [path, bytes] of files) verified[path] = new Uint8Array(bytes);
  return { manifest, model, files: verified };
}

/**
 * A `fetch` stand-in over in-memory files keyed by URL (`/models/manifest.json`,
 * or `base + path` for files kept by {@link LoadedModel}). Unknown URLs answer 404.
 * @example loadModel('device:/', memoryFetch(prefixed('device:/', loaded.files)))
 */
export function memoryFetch(files: Readonly<Record<string, Uint8Array>>): FetchLike {
  return async (url) => {
    const bytes = Object.hasOwn(files, url) ? files[url] : undefined;
    if (!bytes) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    return { ok: true, status: 200, arrayBuffer: async () => bytes.slice().buffer };
  };
}

/** The same files keyed by `base + path`, for {@link memoryFetch}. */
export function prefixed(base: string, files: Readonly<Record<string, Uint8Array>>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([path, bytes]) => [base + path, bytes]));
}

/**
 * Assigns named weights to a model, checking names and shapes.
 * Disposes the given tensors.
 * @throws {ModelLoadError} when a weight is missing or has the wrong shape.
 */
export function setWeights(model: RecommenderModel, named: tf.NamedTensorMap, source: string): void {
  try {
    for (const [name, shape] of weightShapes(model.config)) {
      const t = named[name];
      // Device-only weights start at zero and need not be shipped.
      if (!t && isDeviceOnlyWeight(name)) continue;
      if (!t) throw new ModelLoadError(`${source}: weight ${name} is missing. Redeploy models/.`);
      if (t.shape.join(',') !== shape.join(','))
        throw new ModelLoadError(`${source}: weight ${name} has shape [${t.shape}], the config needs [${shape}]. Redeploy models/.`);
      model.weights.get(name)!.assign(t);
    }
    model.markChanged();
  } finally {
    tf.dispose(Object.values(named));
  }
}
