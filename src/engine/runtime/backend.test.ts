import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectBackend } from './backend';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('selectBackend', () => {
  it('skips WebGPU with a reason when the browser has the API but no adapter', async () => {
    const requestAdapter = vi.fn(async () => null);
    vi.stubGlobal('navigator', { gpu: { requestAdapter } });
    const choice = await selectBackend(['webgpu', 'cpu']);
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(requestAdapter).toHaveBeenCalled();
    expect(choice.skipped).toEqual([{ backend: 'webgpu', reason: expect.stringMatching(/no WebGPU adapter/) }]);
  });

  it('skips WebGPU when the browser has no WebGPU at all', async () => {
    vi.stubGlobal('navigator', {});
    const choice = await selectBackend(['webgpu', 'cpu']);
    expect(choice.skipped).toEqual([{ backend: 'webgpu', reason: expect.stringMatching(/navigator\.gpu is missing/) }]);
  });
});
