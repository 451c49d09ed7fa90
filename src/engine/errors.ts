/**
 * The engine's errors. Each message names the cause and what to do next.
 */

/** Base class: every error the engine throws on purpose is an `EngineError`. */
export class EngineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A config (model, ranking, engine options) has an invalid field. */
export class ConfigError extends EngineError {}

/** The shipped model is missing, truncated, or fails its integrity check. */
export class ModelLoadError extends EngineError {}

/** No TensorFlow.js backend from the requested list could start. */
export class BackendError extends EngineError {}

/** The behaviour store (IndexedDB) failed. */
export class StorageError extends EngineError {}
