import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recommender } from '../api';
import { createRecommender } from '../recommender';
import { openBehaviourDB } from '../storage/store';
import { memoryFetch, readModelFiles } from '../testing/files';
import { FIXTURE_CATALOGUE } from '../testing/fixture';
import { FIXTURE_MODEL_DIR } from '../testing/fixture-model';
import { BACKEND_CHOICE_KEY, pickFastest } from './choose';

const engines: Recommender[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

async function start(dbName: string, backends?: ['cpu']): Promise<Recommender> {
  const fetch = memoryFetch(await readModelFiles(FIXTURE_MODEL_DIR, '/models/'));
  const e = await createRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/models/', fetch, dbName, fineTune: false, ...(backends ? { backends } : {}) });
  engines.push(e);
  return e;
}

describe('pickFastest', () => {
  it('takes the lowest time and ignores backends without one', () => {
    expect(
      pickFastest([
        { backend: 'webgpu', ms: 90 },
        { backend: 'webgl', ms: null, note: 'no context' },
        { backend: 'wasm', ms: 3.5 },
        { backend: 'cpu', ms: 12 },
      ]),
    ).toBe('wasm');
    expect(pickFastest([{ backend: 'webgpu', ms: null }])).toBeNull();
    expect(pickFastest([{ backend: 'cpu', ms: Number.NaN }])).toBeNull();
  });
});

describe('backend by measurement', () => {
  it('times every backend on a first visit, runs on the fastest, and remembers it', async () => {
    const r = await start('choose-1');
    const { backendChoice, backend } = r.info();
    expect(backendChoice.how).toBe('measured');
    expect(backendChoice.timings.map((t) => t.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendChoice.timings.find((t) => t.backend === 'webgpu')).toMatchObject({ ms: null, note: expect.stringMatching(/WebGPU is off/) });
    expect(backendChoice.timings.find((t) => t.backend === 'cpu')!.ms).toBeGreaterThan(0);
    expect(backend).toBe(pickFastest(backendChoice.timings));
    expect((await r.rank({ page: 'home', candidates: FIXTURE_CATALOGUE.items.map((i) => i.id), productSlots: 4 })).ranked).toBe(true);
    await r.dispose();

    const again = await start('choose-1');
    expect(again.info().backendChoice).toEqual({ ...backendChoice, how: 'remembered' });
    expect(again.info().backend).toBe(backend);
  });

  it('measures again when what was remembered is for another model or browser', async () => {
    const db = await openBehaviourDB('choose-2');
    await db.put('meta', { key: BACKEND_CHOICE_KEY, value: JSON.stringify({ identity: 'another GPU', backend: 'cpu', timings: [], measuredAt: 1 }) });
    db.close();
    const r = await start('choose-2');
    expect(r.info().backendChoice.how).toBe('measured');
  });

  it('does not measure when the backends are forced', async () => {
    const r = await start('choose-3', ['cpu']);
    expect(r.info().backendChoice).toEqual({ how: 'forced', timings: [], measuredAt: null });
    expect(r.info().backend).toBe('cpu');
  });
});
