import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recommender } from './api';
import { ModelLoadError } from './errors';
import { impressionEvents } from './rank/impressions';
import { createRecommender } from './recommender';
import { memoryFetch, readModelFiles } from './testing/files';
import { FIXTURE_CATALOGUE } from './testing/fixture';
import { FIXTURE_MODEL_DIR } from './testing/fixture-model';

let engine: Recommender | undefined;
let n = 0;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

async function fixtureEngine(): Promise<Recommender> {
  const fetchFn = memoryFetch(await readModelFiles(FIXTURE_MODEL_DIR, '/models/'));
  engine = await createRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/models/', backends: ['cpu'], fetch: fetchFn, dbName: `engine-${++n}` });
  return engine;
}

const home = { page: 'home' as const, candidates: FIXTURE_CATALOGUE.items.map((i) => i.id), productSlots: 6, adPositions: [2, 5] };

describe('createRecommender (fixture model, cpu)', () => {
  it('ranks a page into product and ad slots with scores', async () => {
    const r = await fixtureEngine();
    expect(r.info().backend).toBe('cpu');
    expect(r.info().modelVersion).toBe('fixture-1');
    const page = await r.rank(home);
    expect(page).toMatchObject({ ranked: true, order: 'personal' });
    expect(page.slots.filter((s) => s.kind === 'product')).toHaveLength(6);
    expect(page.slots.map((s) => s.slot)).toEqual([...page.slots.keys()]);
    for (const s of page.slots) {
      if (s.kind === 'ad') {
        expect(home.adPositions).toContain(s.slot);
        expect(s.scores!.ecpm).toBeCloseTo(FIXTURE_CATALOGUE.ads.find((a) => a.id === s.adId)!.bid * s.scores!.adClick * 1000, 6);
      } else {
        expect(s.scores!.click).toBeGreaterThan(0);
        expect(s.scores!.purchase).toBeLessThanOrEqual(s.scores!.click);
      }
    }
    const fused = page.slots.flatMap((s) => (s.kind === 'product' ? [s.scores!.fused] : []));
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
    expect(r.info().lastRankMs).toBeGreaterThan(0);
    expect(page.requestId).not.toBe((await r.rank(home)).requestId);
  });

  it('lists a product the shopper has just bought last, and no ad promotes it', async () => {
    const r = await fixtureEngine();
    expect(r.info().shopperActions, 'a new shopper').toBe(0);
    const page = await r.rank(home);
    const top = page.slots.find((s) => s.kind === 'product')!;
    await r.record({ type: 'purchase', item: top.itemId, slot: top.slot, request: page.requestId, page: 'home' });
    const all = { ...home, productSlots: home.candidates.length };
    const after = await r.rank(all);
    expect(r.info().shopperActions).toBe(1);
    const products = after.slots.filter((s) => s.kind === 'product');
    expect(products.at(-1)!.itemId).toBe(top.itemId);
    expect(after.slots.filter((s) => s.kind === 'ad').map((s) => s.itemId)).not.toContain(top.itemId);
  });

  it('leaks no tensors across reranks, interests and events', async () => {
    const r = await fixtureEngine();
    const first = await r.rank(home);
    await r.record({ type: 'click', item: first.slots[0]!.itemId, slot: 0, request: first.requestId, page: 'home' });
    expect(await r.interests(3)).toHaveLength(3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const page = await r.rank(home);
      await r.recordMany(impressionEvents(page, 'home'));
      await r.record({ type: 'click', item: page.slots[0]!.itemId, slot: 0, request: page.requestId, page: 'home' });
      await r.interests(3);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns the default order at once, without the model', async () => {
    const r = await fixtureEngine();
    const page = r.defaultOrder(home);
    expect(page).toMatchObject({ ranked: false, order: 'given' });
    expect(r.popularity()).toBeNull();
    // Candidates in their order, less the ads' products (an ad takes its product's place).
    const promoted = page.slots.filter((s) => s.kind === 'ad').map((s) => s.itemId);
    expect(promoted.length).toBeGreaterThan(0);
    expect(page.slots.filter((s) => s.kind === 'product').map((s) => s.itemId)).toEqual(home.candidates.filter((id) => !promoted.includes(id)).slice(0, 6));
  });

  it('returns k interest tags from the tags head once the shopper has acted, none before', async () => {
    const r = await fixtureEngine();
    const page = await r.rank(home);
    await r.recordMany(impressionEvents(page, 'home'));
    // Impressions say nothing about taste: the head's answer would be everyone's interests.
    expect(await r.interests(3)).toEqual([]);
    await r.record({ type: 'click', item: page.slots[0]!.itemId, slot: 0, request: page.requestId, page: 'home' });
    const tags = await r.interests(3);
    expect(tags).toHaveLength(3);
    expect(tags.map((t) => t.score)).toEqual([...tags.map((t) => t.score)].sort((a, b) => b - a));
    for (const t of tags) expect(FIXTURE_CATALOGUE.items.flatMap((i) => i.tags)).toContain(t.tag);
  });

  it('lists the products the shopper engaged with last, newest first, each once, in the catalogue, none while paused', async () => {
    const r = await fixtureEngine();
    expect(await r.recentlyViewed()).toEqual([]);
    const [a, b, c] = FIXTURE_CATALOGUE.items.map((i) => i.id);
    const at = (type: 'click' | 'cart' | 'impression', item: string): Parameters<Recommender['record']>[0] => ({
      type,
      item,
      slot: 0,
      request: 'r-1',
      page: 'home',
    });
    // An impression is no engagement; a product opened again moves to the front; one gone from the catalogue is left out.
    for (const e of [at('click', a!), at('impression', c!), at('click', b!), at('click', 'p-gone'), at('cart', a!)]) await r.record(e);
    expect(await r.recentlyViewed()).toEqual([a, b]);
    expect(await r.recentlyViewed(1)).toEqual([a]);
    await r.setPaused(true);
    expect(await r.recentlyViewed()).toEqual([]);
  });

  it("blends the manifest's popularity prior into a new shopper's pCTR, and fades it once they act", async () => {
    const files = await readModelFiles(FIXTURE_MODEL_DIR, '/models/');
    const manifest = JSON.parse(new TextDecoder().decode(files['/models/manifest.json'])) as Record<string, unknown>;
    const favoured = home.candidates.at(-1)!;
    const clickLogit = Object.fromEntries(home.candidates.map((id) => [id, id === favoured ? 6 : -6]));
    const prior = { clickLogit, defaultLogit: -6, weight: 1, halfActions: 0.01 };
    const withPrior = { ...files, '/models/manifest.json': new TextEncoder().encode(JSON.stringify({ ...manifest, prior })) };
    const options = { catalogue: FIXTURE_CATALOGUE, modelUrl: '/models/', backends: ['cpu' as const] };
    engine = await createRecommender({ ...options, fetch: memoryFetch(withPrior), dbName: `engine-${++n}` });
    // Known before the first rank (a page that ranks nothing shows it too).
    expect(engine.info().popularityShare).toBe(1);
    const first = await engine.rank(home);
    const top = first.slots.find((s) => s.kind === 'product')!;
    expect(top.itemId).toBe(favoured);
    expect(top.scores!.click).toBeCloseTo(1 / (1 + Math.exp(-6)), 4);
    expect(engine.info().popularityShare).toBe(1);
    // One click: the prior's weight drops to 0.01 / 1.01, so the scores are nearly the network's own.
    const click = { type: 'click' as const, item: favoured, slot: 0, request: first.requestId, page: 'home' as const, ts: 1_000 };
    await engine.record(click);
    const plain = await createRecommender({ ...options, fetch: memoryFetch(files), dbName: `engine-${++n}` });
    try {
      await plain.record(click);
      const scores = async (r: Recommender): Promise<Map<string, number>> =>
        new Map((await r.rank(home)).slots.flatMap((s) => (s.kind === 'product' ? [[s.itemId, s.scores!.click] as const] : [])));
      const a = await scores(engine);
      const b = await scores(plain);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [id, p] of a) expect(Math.abs(p - b.get(id)!)).toBeLessThan(0.03);
      expect(engine.info().popularityShare).toBeCloseTo(0.01 / 1.01, 9);
      expect(plain.info().popularityShare).toBeNull();
    } finally {
      await plain.dispose();
    }
    await expect(
      createRecommender({
        ...options,
        fetch: memoryFetch({ ...files, '/models/manifest.json': new TextEncoder().encode(JSON.stringify({ ...manifest, prior: { ...prior, weight: 3 } })) }),
        dbName: `engine-${++n}`,
      }),
    ).rejects.toThrow(/prior\.weight/);
  });

  it('fails with a clear error when the model is missing', async () => {
    await expect(
      createRecommender({ catalogue: FIXTURE_CATALOGUE, modelUrl: '/models/', backends: ['cpu'], fetch: memoryFetch({}), dbName: 'x' }),
    ).rejects.toThrow(ModelLoadError);
  });
});
