/**
 * Missing data with the shipped model: a shopper who clicked products of one
 * category, and a catalogue with one attribute removed from every product in
 * turn (brand, colour, price, title, the known product id), still gets that
 * category moved up, with finite, spread-out scores. A shopper with no
 * history still gets a ranked page.
 */
import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RankResult, Recommender } from './api';
import type { Catalogue, CatalogueItem } from './catalogue/types';
import { createRecommender } from './recommender';
import { memoryFetch, readModelFiles } from './testing/files';

const root = fileURLToPath(new URL('../../', import.meta.url));
const engines: Recommender[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

type Mask = (item: CatalogueItem) => CatalogueItem;
const MASKS: Record<string, Mask> = {
  nothing: (i) => i,
  brand: (i) => ({ ...i, brand: null }),
  colour: (i) => ({ ...i, colour: null }),
  price: (i) => ({ ...i, price: null }),
  title: (i) => ({ ...i, title: '' }),
  // An id the model never saw: scored from attributes and title alone.
  'product id': (i) => ({ ...i, id: `new-${i.id}` }),
};

async function engineFor(catalogue: Catalogue, db: string, now: () => number): Promise<Recommender> {
  const e = await createRecommender({
    catalogue,
    modelUrl: '/models/',
    backends: ['cpu'],
    fetch: memoryFetch(await readModelFiles(`${root}models/`, '/models/')),
    dbName: db,
    fineTune: false,
    now,
  });
  engines.push(e);
  return e;
}

const products = (page: RankResult): Array<{ itemId: string; click: number }> =>
  page.slots.flatMap((s) => (s.kind === 'product' && s.scores ? [{ itemId: s.itemId, click: s.scores.click }] : []));

describe('missing data (shipped model)', async () => {
  const shipped = JSON.parse(await readFile(`${root}public/catalogue.json`, 'utf8')) as Catalogue;

  for (const [name, mask] of Object.entries(MASKS)) {
    it(`ranks sensibly with ${name === 'nothing' ? 'every attribute' : `no ${name}`} on every product`, async () => {
      const catalogue: Catalogue = { ...shipped, items: shipped.items.map(mask) };
      const ids = new Map(shipped.items.map((item, k) => [item.id, catalogue.items[k]!.id]));
      catalogue.ads = shipped.ads.map((ad) => ({ ...ad, itemId: ids.get(ad.itemId)! }));
      let now = Date.UTC(2026, 10, 27, 12);
      const r = await engineFor(catalogue, `missing-${name}`, () => now);
      const byId = new Map(catalogue.items.map((i) => [i.id, i]));
      const request = { page: 'home' as const, candidates: catalogue.items.map((i) => i.id), productSlots: 24, adPositions: [3, 12, 21] };
      const before = await r.rank(request);
      const shown = (page: RankResult, category: string): number => products(page).filter((p) => byId.get(p.itemId)!.category === category).length;

      // A new shopper: a full, finite, not constant ranking.
      const cold = products(before);
      expect(cold).toHaveLength(24);
      expect(cold.every((p) => Number.isFinite(p.click) && p.click > 0 && p.click < 1)).toBe(true);
      expect(Math.max(...cold.map((p) => p.click)) - Math.min(...cold.map((p) => p.click))).toBeGreaterThan(1e-3);

      // Clicks on a category the new-shopper page barely shows move it up.
      const target = catalogue.categories.map((c) => c.slug).sort((a, b) => shown(before, a) - shown(before, b))[0]!;
      for (const [k, item] of catalogue.items
        .filter((i) => i.category === target)
        .slice(0, 4)
        .entries()) {
        now += 20_000;
        await r.record({ type: 'click', item: item.id, slot: k, request: before.requestId, page: 'home' });
      }
      now += 20_000;
      const after = await r.rank(request);
      expect(shown(after, target), `${target} after 4 clicks`).toBeGreaterThanOrEqual(shown(before, target) + 3);
    });
  }
});
