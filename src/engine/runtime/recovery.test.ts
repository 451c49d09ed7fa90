import { describe, expect, it } from 'vitest';
import { drillLoss, recoveryNotice, recoveryOrder } from './recovery';

describe('recoveryOrder', () => {
  it('leaves out a backend whose GPU is gone, and falls back to the others when it was the only one', () => {
    expect(recoveryOrder('webgpu', ['webgpu', 'webgl', 'wasm', 'cpu'], true)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(recoveryOrder('webgpu', ['webgpu'], true)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(recoveryOrder('webgl', ['webgpu', 'webgl', 'wasm', 'cpu'], true)).toEqual(['webgpu', 'wasm', 'cpu']);
  });

  it('starts a backend that was only reset again first', () => {
    expect(recoveryOrder('wasm', ['webgpu', 'webgl', 'wasm', 'cpu'], false)).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(recoveryOrder('cpu', ['cpu'], false)).toEqual(['cpu']);
  });
});

describe('drillLoss', () => {
  it('names what the drill did on each backend', () => {
    expect(drillLoss('webgpu', true)).toEqual({ reason: 'fault drill: the GPU device was destroyed', drill: true, deviceGone: true });
    expect(drillLoss('webgl', true)).toEqual({ reason: 'fault drill: the WebGL context was lost', drill: true, deviceGone: true });
    expect(drillLoss('wasm', false)).toEqual({ reason: 'fault drill: the backend was reset', drill: true, deviceGone: false });
  });
});

describe('recoveryNotice', () => {
  it('says the engine moved when it did', () => {
    expect(recoveryNotice('webgpu', 'wasm', drillLoss('webgpu', true))).toBe(
      'The webgpu backend stopped working (fault drill: the GPU device was destroyed); the engine moved to wasm and kept ranking.',
    );
    expect(recoveryNotice('webgl', 'cpu', { reason: 'the WebGL context was lost', drill: false, deviceGone: true })).toBe(
      'The webgl backend stopped working (the WebGL context was lost); the engine moved to cpu and kept ranking.',
    );
  });

  it('never says a backend moved to itself', () => {
    const reset = recoveryNotice('wasm', 'wasm', drillLoss('wasm', false));
    expect(reset).toBe('Fault drill: the wasm backend was reset and started again; ranking went on.');
    expect(reset).not.toMatch(/moved to|stopped working/);
    expect(recoveryNotice('cpu', 'cpu', { reason: 'out of memory', drill: false, deviceGone: false })).toBe(
      'The cpu backend stopped working (out of memory); the engine started it again and kept ranking.',
    );
  });

  it('says a reset backend that would not start again was replaced', () => {
    expect(recoveryNotice('wasm', 'cpu', drillLoss('wasm', false))).toBe(
      'The wasm backend stopped working (fault drill: the backend was reset); the engine moved to cpu and kept ranking.',
    );
  });
});
