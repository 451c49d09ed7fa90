/**
 * The engine's errors. Each message names the cause and what to do next.
 */

/** Base class: every error the engine throws on purpose is an `EngineError`. */
export class EngineError extends Error {
  // Spelled out, not `new.target.name`: minifiers rename classes.
  override name = 'EngineError';
}

/** A config (model, ranking, engine options) has an invalid field. */
export class ConfigError extends EngineError {
  override name = 'ConfigError';
}

/** The shipped model is missing, truncated, or fails its integrity check. */
export class ModelLoadError extends EngineError {
  override name = 'ModelLoadError';
}

/** No TensorFlow.js backend from the requested list could start. */
export class BackendError extends EngineError {
  override name = 'BackendError';
}

/** The behaviour store (IndexedDB) failed. */
export class StorageError extends EngineError {
  override name = 'StorageError';
}

/**
 * The message of anything thrown, for a sentence that names it.
 * @example errorMessage(new Error('gone')) // 'gone'
 */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
