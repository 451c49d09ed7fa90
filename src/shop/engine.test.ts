import { describe, expect, it } from 'vitest';
import { BackendError, ConfigError, EngineError, ModelLoadError, StorageError } from '../engine/errors';
import { BACKENDS_STORAGE_KEY, diagnosticsFromUrl, engineHostFromUrl, forcedBackends, shouldRunInPage } from './engine';

describe('engineHostFromUrl', () => {
  it('reads ?engine=page|worker and ignores anything else', () => {
    expect(engineHostFromUrl('?engine=page')).toBe('page');
    expect(engineHostFromUrl('?backend=webgl&engine=worker')).toBe('worker');
    expect(engineHostFromUrl('?engine=gpu')).toBeUndefined();
    expect(engineHostFromUrl('')).toBeUndefined();
  });
});

describe('diagnosticsFromUrl', () => {
  it('offers the fault drill only to a page opened with ?diagnostics', () => {
    expect(diagnosticsFromUrl('?diagnostics')).toBe(true);
    expect(diagnosticsFromUrl('?backend=wasm&diagnostics=1')).toBe(true);
    expect(diagnosticsFromUrl('')).toBe(false);
    expect(diagnosticsFromUrl('?diagnostics=0')).toBe(false);
    expect(diagnosticsFromUrl('?diagnostics=off')).toBe(false);
  });
});

describe('forcedBackends', () => {
  const storage = (value: string | null): Pick<Storage, 'getItem'> => ({ getItem: (k) => (k === BACKENDS_STORAGE_KEY ? value : null) });
  it('reads ?backend= first, then localStorage, and ignores unknown names', () => {
    expect(forcedBackends('?backend=webgpu,wasm', storage('cpu'))).toEqual(['webgpu', 'wasm']);
    expect(forcedBackends('?backend=wasm,bogus,cpu', null)).toEqual(['wasm', 'cpu']);
    expect(forcedBackends('?backend=quantum', storage('webgl'))).toEqual(['webgl']);
    expect(forcedBackends('', storage('webgpu'))).toEqual(['webgpu']);
    expect(forcedBackends('', storage(null))).toBeUndefined();
    expect(forcedBackends('', null)).toBeUndefined();
    const blocked = {
      getItem: (): string | null => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(forcedBackends('', blocked)).toBeUndefined();
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
