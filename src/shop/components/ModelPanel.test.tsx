import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { freshFineTuneStatus, type BackendChoiceInfo, type BackendTiming, type Recommender } from '../../engine/api';
import { AUC_MEANING, AucChart, BackendChoice, drillCopy, FACT_MEANING, FaultDrill, Learning, priorScaleText } from './ModelPanel';

/** Text as React writes it into markup. */
const escaped = (text: string): string => text.replaceAll('&', '&amp;').replaceAll("'", '&#x27;').replaceAll('"', '&quot;');

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

describe('how the backend was chosen', () => {
  const timings: BackendTiming[] = [
    { backend: 'webgpu', ms: 182 },
    { backend: 'webgl', ms: 28 },
    { backend: 'wasm', ms: 2.8 },
    { backend: 'cpu', ms: 20 },
  ];

  it('says a first visit runs on a provisional backend while the backends are timed', () => {
    const html = renderToStaticMarkup(<BackendChoice choice={{ how: 'provisional', timings: [], measuredAt: null }} backend="wasm" />);
    expect(html).toContain('data-how="provisional"');
    expect(html).toContain('Using WebAssembly while the backends are timed in the background.');
  });

  it('names the backend in use and gives the times, fastest first, with the backends that did not start', () => {
    const measured: BackendChoiceInfo = {
      how: 'measured',
      timings: [{ backend: 'webgpu', ms: null, note: 'no WebGPU adapter' }, ...timings.slice(1)],
      measuredAt: 1,
    };
    const html = renderToStaticMarkup(<BackendChoice choice={measured} backend="wasm" />);
    expect(html).toContain(
      'Using WebAssembly, the fastest of the backends timed on this visit (a small ranking took WebAssembly 2.8 ms · CPU 20 ms · WebGL 28 ms; not available here: WebGPU).',
    );
    // Why a backend did not start is its own reason, in the tooltip.
    expect(html).toContain('title="WebGPU: no WebGPU adapter"');
  });

  it('says which backend the next visit uses when it is not the one running', () => {
    const gpuWins: BackendChoiceInfo = { how: 'measured', timings: [{ backend: 'webgpu', ms: 1.2 }, ...timings.slice(1)], measuredAt: 1 };
    expect(renderToStaticMarkup(<BackendChoice choice={gpuWins} backend="wasm" />)).toContain(
      'Using WebAssembly for this visit; WebGPU, the fastest when timed just now, from the next one (a small ranking took WebGPU 1.2 ms · WebAssembly 2.8 ms · CPU 20 ms · WebGL 28 ms).',
    );
  });

  it('dates a remembered choice', () => {
    const remembered: BackendChoiceInfo = { how: 'remembered', timings, measuredAt: Date.UTC(2026, 0, 5, 12, 0) };
    const html = renderToStaticMarkup(<BackendChoice choice={remembered} backend="wasm" />);
    expect(html).toMatch(/Using WebAssembly, the fastest when timed on .*2026.* \(a small ranking took WebAssembly 2\.8 ms/);
  });
});

describe('the held-back AUC chart', () => {
  it('says what its number means, before the first round and after', () => {
    const empty = renderToStaticMarkup(<AucChart history={[]} />);
    expect(empty).toContain(escaped(AUC_MEANING));
    expect(empty).toContain('No rounds yet');
    const round = {
      at: 1,
      steps: 4,
      loss: 0.4,
      heldOutLossBefore: 0.5,
      heldOutLossAfter: 0.45,
      aucBefore: 0.61,
      aucAfter: 0.66,
      accepted: true,
      reason: null,
      priorScale: 1,
      priorScaleKept: false,
    };
    const filled = renderToStaticMarkup(<AucChart history={[round]} />);
    expect(filled).toContain(escaped(AUC_MEANING));
    expect(filled).toContain('latest 0.660');
  });
});

describe('the learning figures', () => {
  it('say what they mean in a list that needs no hover, as well as in their tooltips', () => {
    const html = renderToStaticMarkup(<Learning status={freshFineTuneStatus('learning')} recommender={null} waiting={false} paused={false} />);
    const glossary = html.slice(html.indexOf('data-testid="finetune-glossary"'));
    expect(glossary).toContain('<summary>What these figures mean</summary>');
    for (const meaning of Object.values(FACT_MEANING)) {
      expect(glossary).toContain(`<dd>${escaped(meaning)}</dd>`);
      expect(html).toContain(`title="${escaped(meaning)}"`);
    }
  });
});
