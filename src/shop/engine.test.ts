import { describe, expect, it } from 'vitest';
import { BackendError, ConfigError, EngineError, ModelLoadError, StorageError } from '../engine/errors';
import { engineHostFromUrl, shouldRunInPage } from './engine';

describe('engineHostFromUrl', () => {
  it('reads ?engine=page|worker and ignores anything else', () => {
    expect(engineHostFromUrl('?engine=page')).toBe('page');
    expect(engineHostFromUrl('?backend=webgl&engine=worker')).toBe('worker');
    expect(engineHostFromUrl('?engine=gpu')).toBeUndefined();
    expect(engineHostFromUrl('')).toBeUndefined();
  });
});

describe('shouldRunInPage', () => {
  it('retries in the page unless the model or the options are at fault', () => {
    // The worker script failed or died (the client rejects with a plain EngineError).
    expect(shouldRunInPage(new EngineError('The engine worker stopped: its script failed to load'))).toBe(true);
    // The page may have a backend the worker lacks (WebGL without OffscreenCanvas).
    expect(shouldRunInPage(new BackendError('No TensorFlow.js backend could start'))).toBe(true);
    expect(shouldRunInPage(new StorageError('IndexedDB is blocked'))).toBe(true);
    // The engine used an API a worker lacks (for example `document`).
    expect(shouldRunInPage(new ReferenceError('document is not defined'))).toBe(true);
    // Would fail the same way in the page.
    expect(shouldRunInPage(new ModelLoadError('manifest.json answered 404'))).toBe(false);
    expect(shouldRunInPage(new ConfigError('fine-tune config: batchSize must be a positive integer'))).toBe(false);
  });
});
