import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Recommender } from '../../engine/api';
import { drillCopy, FaultDrill, priorScaleText } from './ModelPanel';

// The drill is only rendered here, never pressed: no method of the engine is called.
const engine = {} as Recommender;

describe('the fault drill', () => {
  it('offers to lose the GPU on the GPU backends', () => {
    expect(drillCopy('webgpu')).toMatchObject({ label: 'Simulate GPU loss', hint: expect.stringContaining('GPU device') });
    expect(drillCopy('webgl')).toMatchObject({ label: 'Simulate GPU loss', hint: expect.stringContaining('WebGL context') });
    const html = renderToStaticMarkup(<FaultDrill recommender={engine} backend="webgpu" notices={0} />);
    expect(html).toContain('Simulate GPU loss');
    expect(html).toContain('moves to another backend');
  });

  it('calls it a backend reset on wasm and cpu, which have no GPU, and says the engine starts it again', () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      const html = renderToStaticMarkup(<FaultDrill recommender={engine} backend={backend} notices={0} />);
      expect(html).toContain('Simulate a backend reset');
      expect(html).toContain('starts it again');
      expect(html).not.toMatch(/GPU|another backend/);
    }
    expect(drillCopy('wasm').hint).toBe('Reset the WebAssembly backend as if it had failed. The engine starts it again and keeps ranking.');
    expect(drillCopy('cpu').pressed).not.toMatch(/GPU/);
  });
});

describe('the bestseller weight', () => {
  it('reads as a factor of the usual weight, not a second percentage', () => {
    expect(priorScaleText(1)).toBe('1.00 × usual');
    expect(priorScaleText(0.2349)).toBe('0.23 × usual');
    expect(priorScaleText(0)).not.toContain('%');
  });
});
