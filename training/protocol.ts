/**
 * The evaluation protocol on simulated logs, shared by `npm run train` and
 * `npm run eval`: one world, one log, and the hold-outs every figure of the
 * report is measured on.
 *
 * - **New products**: a seeded share of the products is left out of the
 *   model's item vocabulary and of training, so they reach the model as
 *   "unknown id" with their attributes and title, as a product added after
 *   training would.
 * - **Time split**: pages before the 80 % quantile of page time train; the
 *   known shoppers' later pages test.
 * - **Shopper split**: extra shoppers of the same world who never train; all
 *   their pages test. Their first page (no events at all) is the cold start.
 */
import type { Catalogue, CatalogueItem } from '../src/engine/catalogue/types';
import type { BehaviourEvent } from '../src/engine/events/types';
import { FeatureEncoder } from '../src/engine/features/encode';
import { emptyProfile } from '../src/engine/features/profile';
import { buildFeatureSpec, type FeatureSpec } from '../src/engine/features/spec';
import { buildTrainingRows, type TrainingRows } from '../src/engine/learn/dataset';
import { examineProbability, trueAdClickProbability, trueFunnel, trueInterestTags } from '../src/sim/behaviour';
import { generateCatalogue } from '../src/sim/catalogue';
import { Rng } from '../src/sim/random';
import { simulateWorld } from '../src/sim/simulate';
import type { SimShopper } from '../src/sim/shopper';
import { createWorld, type World } from '../src/sim/world';
import type { BaselineScores } from './baselines';

/** Sizes and seed of the protocol. */
export interface ProtocolOptions {
  seed: number;
  /** Shoppers whose early pages train. */
  shoppers: number;
  /** Further shoppers who never train (shopper split, cold start). */
  heldOutShoppers: number;
  sessions: number;
  /** Share of products held out of training as new products. */
  newItemShare: number;
  /** Share of page time that trains. */
  trainShare: number;
}

/** Defaults of {@link ProtocolOptions}. */
export const PROTOCOL_DEFAULTS: ProtocolOptions = { seed: 7, shoppers: 450, heldOutShoppers: 300, sessions: 8, newItemShare: 0.05, trainShare: 0.8 };

/** The log, its rows and every index set the report uses. */
export interface ProtocolData {
  /** Seed of the masks and samples. */
  seed: number;
  catalogue: Catalogue;
  /** The simulated world, whose truth scores the oracle; null for a log from elsewhere. */
  world: World | null;
  events: BehaviourEvent[];
  /** Feature spec without the new products in its item vocabulary. */
  spec: FeatureSpec;
  rows: TrainingRows;
  newItems: ReadonlySet<string>;
  heldOutShoppers: ReadonlySet<string>;
  cutoff: number;
  /** Rows that train. */
  train: Int32Array;
  /** Known shoppers' pages after the cutoff. */
  testTime: Int32Array;
  /** Held-out shoppers' pages. */
  testShopper: Int32Array;
  /** Held-out shoppers' first pages, before any event of theirs. */
  coldStart: Int32Array;
  /** Time-split test rows showing a new product. */
  newItemRows: Int32Array;
}

/** A catalogue item with its attributes and title removed: what an id-only model sees. */
const BARE: Omit<CatalogueItem, 'id'> = { title: '', category: '', brand: null, colour: null, price: null, tags: [], description: '' };

/**
 * Simulates the log and builds rows and hold-outs. Deterministic in its options.
 * @param options - sizes and seed.
 * @param log - progress messages.
 */
export function buildProtocol(options: ProtocolOptions, log: (msg: string) => void = () => {}): ProtocolData {
  const catalogue = generateCatalogue(options.seed);
  const total = options.shoppers + options.heldOutShoppers;
  // A world with more shoppers holds the smaller world's shoppers unchanged.
  const world = createWorld({ seed: options.seed, catalogue, shoppers: total });
  const events = simulateWorld(world, { seed: options.seed, sessionsPerShopper: options.sessions });
  log(`simulated ${events.length} events of ${total} shoppers over ${catalogue.items.length} products`);

  const rng = new Rng(`${options.seed}/protocol`);
  const newItems = new Set(
    rng.sample(
      catalogue.items.map((i) => i.id),
      Math.round(options.newItemShare * catalogue.items.length),
    ),
  );
  const heldOutShoppers = new Set(world.shoppers.slice(options.shoppers).map((s) => s.id));
  const spec = buildFeatureSpec({ ...catalogue, items: catalogue.items.filter((i) => !newItems.has(i.id)) });
  const rows = buildTrainingRows(events, catalogue, spec);

  const knownTimes = Float64Array.from(rows.requestTs.filter((_, q) => !heldOutShoppers.has(rows.requestShopper[q]!))).sort();
  const cutoff = knownTimes[Math.floor(options.trainShare * knownTimes.length)] ?? Infinity;
  const firstPage = new Map<string, number>();
  for (let q = 0; q < rows.requests; q++) {
    const s = rows.requestShopper[q]!;
    const at = firstPage.get(s);
    if (at === undefined || rows.requestTs[q]! < rows.requestTs[at]!) firstPage.set(s, q);
  }
  const firstEvent = new Map<string, number>();
  for (const e of events) if (!firstEvent.has(e.shopper) || e.ts < firstEvent.get(e.shopper)!) firstEvent.set(e.shopper, e.ts);
  const sets = { train: [] as number[], testTime: [] as number[], testShopper: [] as number[], coldStart: [] as number[], newItemRows: [] as number[] };
  for (let r = 0; r < rows.rows; r++) {
    const q = rows.rowRequest[r]!;
    const shopper = rows.requestShopper[q]!;
    const isNew = newItems.has(rows.rowItem[r]!);
    if (heldOutShoppers.has(shopper)) {
      sets.testShopper.push(r);
      // A cold page: the shopper's first, with nothing of theirs logged before it.
      if (firstPage.get(shopper) === q && rows.requestTs[q]! <= firstEvent.get(shopper)!) sets.coldStart.push(r);
    } else if (rows.requestTs[q]! < cutoff) {
      if (!isNew) sets.train.push(r);
    } else {
      sets.testTime.push(r);
      if (isNew) sets.newItemRows.push(r);
    }
  }
  log(
    `rows: ${rows.rows} impressions on ${rows.requests} pages; train ${sets.train.length}, time test ${sets.testTime.length}, ` +
      `shopper test ${sets.testShopper.length}, cold-start ${sets.coldStart.length}, new-product ${sets.newItemRows.length}`,
  );
  return {
    seed: options.seed,
    catalogue,
    world,
    events,
    spec,
    rows,
    newItems,
    heldOutShoppers,
    cutoff,
    train: Int32Array.from(sets.train),
    testTime: Int32Array.from(sets.testTime),
    testShopper: Int32Array.from(sets.testShopper),
    coldStart: Int32Array.from(sets.coldStart),
    newItemRows: Int32Array.from(sets.newItemRows),
  };
}

/**
 * The protocol for a log from elsewhere (a file, a real data set): a time
 * split only, at `splitTs` or at the `trainShare` quantile of page time.
 */
export function buildLogProtocol(
  events: BehaviourEvent[],
  catalogue: Catalogue,
  options: { seed: number; trainShare: number; splitTs?: number },
  log: (msg: string) => void = () => {},
): ProtocolData {
  const spec = buildFeatureSpec(catalogue);
  const rows = buildTrainingRows(events, catalogue, spec);
  const times = Float64Array.from(rows.requestTs).sort();
  const cutoff = options.splitTs ?? times[Math.floor(options.trainShare * times.length)] ?? Infinity;
  const train: number[] = [];
  const test: number[] = [];
  for (let r = 0; r < rows.rows; r++) (rows.requestTs[rows.rowRequest[r]!]! < cutoff ? train : test).push(r);
  log(`rows: ${rows.rows} impressions on ${rows.requests} pages; train ${train.length}, test ${test.length} (from ${new Date(cutoff).toISOString()})`);
  const none = new Int32Array(0);
  return {
    seed: options.seed,
    catalogue,
    world: null,
    events,
    spec,
    rows,
    newItems: new Set(),
    heldOutShoppers: new Set(),
    cutoff,
    train: Int32Array.from(train),
    testTime: Int32Array.from(test),
    testShopper: none,
    coldStart: none,
    newItemRows: none,
  };
}

/**
 * Rows of the same log with a share of every attribute removed, each product
 * and attribute (brand, colour, price, title) drawn independently.
 */
export function maskedRows(data: ProtocolData, share: number): TrainingRows {
  const rng = new Rng(`${data.seed}/mask`);
  const items = data.catalogue.items.map((i) => ({
    ...i,
    brand: rng.chance(share) ? null : i.brand,
    colour: rng.chance(share) ? null : i.colour,
    price: rng.chance(share) ? null : i.price,
    title: rng.chance(share) ? '' : i.title,
  }));
  return buildTrainingRows(data.events, { items, ads: data.catalogue.ads }, data.spec);
}

/**
 * A copy of rows whose item side carries the id only: attributes and title
 * tokens set to what a product without them encodes to. The dense features
 * are unchanged, so a model trained on these measures what attributes and
 * title add to the item side.
 */
export function idOnlyRows(rows: TrainingRows, spec: FeatureSpec, catalogue: Pick<Catalogue, 'items' | 'ads'>): TrainingRows {
  const encoder = new FeatureEncoder(spec, catalogue);
  const bare = encoder.candidates(emptyProfile(spec), [{ item: { id: '', ...BARE } }]);
  const attrs = new Int32Array(rows.attrs.length);
  for (let r = 0; r < rows.rows; r++) attrs.set(bare.attrs, r * 4);
  return { ...rows, attrs, title: new Int32Array(rows.title.length) };
}

/**
 * The simulator's own probabilities for every row, scored like a model:
 * P(click) and P(purchase) = P(examine) x click x cart x purchase for products,
 * P(ad click) for ads, and the shopper's true tag affinities for `tags`.
 */
export function oracleScores(data: ProtocolData, world: World): { scores: BaselineScores; relevance: Float32Array } {
  const { rows } = data;
  const byId = new Map<string, SimShopper>(world.shoppers.map((s) => [s.id, s]));
  const nTags = data.spec.vocab.tags.length;
  const out: BaselineScores = {
    click: new Float32Array(rows.rows),
    purchase: new Float32Array(rows.rows),
    adClick: new Float32Array(rows.rows),
    tags: new Float32Array(rows.requests * nTags),
  };
  const relevance = new Float32Array(rows.rows);
  for (let r = 0; r < rows.rows; r++) {
    const shopper = byId.get(rows.requestShopper[rows.rowRequest[r]!]!)!;
    const item = rows.rowItem[r]!;
    const slot = Math.max(0, rows.rowSlot[r]!);
    if (rows.isAd[r]) out.adClick[r] = trueAdClickProbability(world, shopper, item, slot);
    else {
      const f = trueFunnel(world, shopper, item);
      relevance[r] = f.click;
      out.click[r] = examineProbability(slot) * f.click;
      out.purchase[r] = examineProbability(slot) * f.ctcvr;
    }
  }
  for (let q = 0; q < rows.requests; q++) {
    const tastes = byId.get(rows.requestShopper[q]!)!.tastes;
    data.spec.vocab.tags.forEach((tag, t) => (out.tags[q * nTags + t] = tastes.tags[tag] ?? 0));
  }
  return { scores: out, relevance };
}

/** Per request, the indices (in the spec's tag vocabulary) of the shopper's five truest interest tags. */
export function trueTopTags(data: ProtocolData, world: World, k = 5): Array<Set<number>> {
  const index = new Map(data.spec.vocab.tags.map((t, i) => [t, i]));
  const byShopper = new Map<string, Set<number>>();
  for (const s of world.shoppers) byShopper.set(s.id, new Set(trueInterestTags(world, s, k).map((t) => index.get(t) ?? -1)));
  return data.rows.requestShopper.map((s) => byShopper.get(s)!);
}
