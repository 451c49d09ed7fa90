import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROVISIONAL_ORDER, type EngineEvent, type Recommender } from '../api';
import { createRecommender, measureBackends } from '../recommender';
import { openBehaviourDB } from '../storage/store';
import { memoryFetch, readModelFiles } from '../testing/files';
import { FIXTURE_CATALOGUE } from '../testing/fixture';
import { FIXTURE_MODEL_DIR } from '../testing/fixture-model';
import { pickFastest } from '../api';
import { BACKEND_CHOICE_KEY } from './choose';

const engines: Recommender[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

async function start(dbName: string, backends?: ['cpu'], backendTiming?: 'in-background'): Promise<Recommender> {
  const fetch = memoryFetch(await readModelFiles(FIXTURE_MODEL_DIR, '/models/'));
  const e = await createRecommender({
    catalogue: FIXTURE_CATALOGUE,
    modelUrl: '/models/',
    fetch,
    dbName,
    fineTune: false,
    ...(backends ? { backends } : {}),
    ...(backendTiming ? { backendTiming } : {}),
  });
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

describe('backends timed in the background', () => {
  const options = async (dbName: string) => ({
    catalogue: FIXTURE_CATALOGUE,
    modelUrl: '/models/',
    fetch: memoryFetch(await readModelFiles(FIXTURE_MODEL_DIR, '/models/')),
    dbName,
  });

  it('starts at once on a provisional backend, shows the times when they arrive, and starts on the fastest next time', async () => {
    const r = await start('background-1', undefined, 'in-background');
    expect(r.info().backendChoice).toEqual({ how: 'provisional', timings: [], measuredAt: null });
    // The first of the provisional order that starts here (Node has no GPU backend).
    expect(PROVISIONAL_ORDER.slice(0, 2)).toContain(r.info().backend);
    expect((await r.rank({ page: 'home', candidates: FIXTURE_CATALOGUE.items.map((i) => i.id), productSlots: 4 })).ranked).toBe(true);
    const infos: EngineEvent[] = [];
    r.subscribe((e) => infos.push(e));

    const timed = await measureBackends(await options('background-1'));
    expect(timed).not.toBeNull();
    expect(timed!.how).toBe('measured');
    expect(timed!.timings.map((t) => t.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(timed!.timings.find((t) => t.backend === 'cpu')!.ms).toBeGreaterThan(0);

    // The running engine hears the times; it keeps its backend.
    await vi.waitFor(() => expect(r.info().backendChoice).toEqual(timed));
    expect(infos.some((e) => e.type === 'info' && e.info.backendChoice.how === 'measured')).toBe(true);
    expect(PROVISIONAL_ORDER.slice(0, 2)).toContain(r.info().backend);
    await r.dispose();

    const next = await start('background-1', undefined, 'in-background');
    expect(next.info().backendChoice).toEqual({ ...timed, how: 'remembered' });
    expect(next.info().backend).toBe(pickFastest(timed!.timings));
  });

  it('leaves an engine whose backend was remembered or forced as it was', async () => {
    const forced = await start('background-2', ['cpu']);
    await measureBackends(await options('background-2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(forced.info().backendChoice.how).toBe('forced');
  });

  it('times nothing while another tab is timing', async () => {
    const request = vi.fn((_name: string, _options: { ifAvailable: boolean }, callback: (lock: null) => unknown) => Promise.resolve(callback(null)));
    vi.stubGlobal('navigator', { locks: { request }, userAgent: 'test' });
    try {
      expect(await measureBackends(await options('background-3'))).toBeNull();
      expect(request).toHaveBeenCalledWith('shop-recommender:backend-timing:background-3', { ifAvailable: true }, expect.any(Function));
    } finally {
      vi.unstubAllGlobals();
    }
    const db = await openBehaviourDB('background-3');
    expect(await db.get('meta', BACKEND_CHOICE_KEY), 'nothing remembered').toBeUndefined();
    db.close();
  });
});
