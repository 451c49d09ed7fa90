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
 * - **Validation shoppers**: further shoppers who neither train nor test; the
 *   choices made after training (the popularity prior's blend) are made on them.
 */
import type { Catalogue, CatalogueItem } from '../src/engine/catalogue/types';
import type { BehaviourEvent } from '../src/engine/events/types';
import { FeatureEncoder } from '../src/engine/features/encode';
import { emptyProfile } from '../src/engine/features/profile';
import { PAGE_TYPES } from '../src/engine/events/types';
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
  /** Further shoppers who neither train nor test: choices made after training are made on them. */
  validationShoppers: number;
  sessions: number;
  /** Share of products held out of training as new products. */
  newItemShare: number;
  /** Share of page time that trains. */
  trainShare: number;
}

/** Defaults of {@link ProtocolOptions}. */
export const PROTOCOL_DEFAULTS: ProtocolOptions = {
  seed: 7,
  shoppers: 450,
  heldOutShoppers: 300,
  validationShoppers: 150,
  sessions: 8,
  newItemShare: 0.05,
  trainShare: 0.8,
};

/** Pages of shoppers who neither train nor test. */
export interface ValidationSet {
  events: BehaviourEvent[];
  rows: TrainingRows;
  /** Every row. */
  all: Int32Array;
  /** Rows of each shopper's first page, before any event of theirs. */
  coldStart: Int32Array;
}

/** Per shopper, the request of their first page, when nothing of theirs was logged before it. */
function coldPages(rows: TrainingRows, events: readonly BehaviourEvent[]): Set<number> {
  const firstPage = new Map<string, number>();
  for (let q = 0; q < rows.requests; q++) {
    const s = rows.requestShopper[q]!;
    const at = firstPage.get(s);
    if (at === undefined || rows.requestTs[q]! < rows.requestTs[at]!) firstPage.set(s, q);
  }
  const firstEvent = new Map<string, number>();
  for (const e of events) if (!firstEvent.has(e.shopper) || e.ts < firstEvent.get(e.shopper)!) firstEvent.set(e.shopper, e.ts);
  const cold = new Set<number>();
  for (const [s, q] of firstPage) if (rows.requestTs[q]! <= (firstEvent.get(s) ?? Infinity)) cold.add(q);
  return cold;
}

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
  /** Validation shoppers' pages, apart from `rows`; null when the protocol has none. */
  validation: ValidationSet | null;
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
  // A world with more shoppers holds the smaller world's shoppers and their journeys unchanged.
  const world = createWorld({ seed: options.seed, catalogue, shoppers: total + options.validationShoppers });
  const simulated = simulateWorld(world, { seed: options.seed, sessionsPerShopper: options.sessions });
  const validationIds = new Set(world.shoppers.slice(total).map((s) => s.id));
  const events = simulated.filter((e) => !validationIds.has(e.shopper));
  const validationEvents = simulated.filter((e) => validationIds.has(e.shopper));
  log(
    `simulated ${events.length} events of ${total} shoppers over ${catalogue.items.length} products, and ${validationEvents.length} of ${validationIds.size} validation shoppers`,
  );

  const rng = new Rng(`${options.seed}/protocol`);
  const newItems = new Set(
    rng.sample(
      catalogue.items.map((i) => i.id),
      Math.round(options.newItemShare * catalogue.items.length),
    ),
  );
  const heldOutShoppers = new Set(world.shoppers.slice(options.shoppers, total).map((s) => s.id));
  const spec = buildFeatureSpec({ ...catalogue, items: catalogue.items.filter((i) => !newItems.has(i.id)) });
  const rows = buildTrainingRows(events, catalogue, spec);

  const knownTimes = Float64Array.from(rows.requestTs.filter((_, q) => !heldOutShoppers.has(rows.requestShopper[q]!))).sort();
  const cutoff = knownTimes[Math.floor(options.trainShare * knownTimes.length)] ?? Infinity;
  const cold = coldPages(rows, events);
  const sets = { train: [] as number[], testTime: [] as number[], testShopper: [] as number[], coldStart: [] as number[], newItemRows: [] as number[] };
  for (let r = 0; r < rows.rows; r++) {
    const q = rows.rowRequest[r]!;
    const shopper = rows.requestShopper[q]!;
    const isNew = newItems.has(rows.rowItem[r]!);
    if (heldOutShoppers.has(shopper)) {
      sets.testShopper.push(r);
      // A cold page: the shopper's first, with nothing of theirs logged before it.
      if (cold.has(q)) sets.coldStart.push(r);
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
  let validation: ValidationSet | null = null;
  if (validationEvents.length > 0) {
    const vRows = buildTrainingRows(validationEvents, catalogue, spec);
    const vCold = coldPages(vRows, validationEvents);
    const all = Int32Array.from({ length: vRows.rows }, (_, r) => r);
    validation = { events: validationEvents, rows: vRows, all, coldStart: all.filter((r) => vCold.has(vRows.rowRequest[r]!)) };
    log(`validation: ${vRows.rows} rows on ${vRows.requests} pages, cold-start ${validation.coldStart.length}`);
  }
  return {
    seed: options.seed,
    catalogue,
    world,
    events,
    spec,
    rows,
    newItems,
    heldOutShoppers,
    validation,
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
    validation: null,
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

/** Rows `a` followed by rows `b` (same spec); b's requests are renumbered after a's. */
export function concatRows(a: TrainingRows, b: TrainingRows): TrainingRows {
  const cat = <T extends Float32Array | Float64Array | Int32Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const f32 = (n: number): Float32Array => new Float32Array(n);
  const i32 = (n: number): Int32Array => new Int32Array(n);
  return {
    requests: a.requests + b.requests,
    rows: a.rows + b.rows,
    requestShopper: [...a.requestShopper, ...b.requestShopper],
    requestTs: cat(a.requestTs, b.requestTs, (n) => new Float64Array(n)),
    requestActions: cat(a.requestActions, b.requestActions, i32),
    recentItems: cat(a.recentItems, b.recentItems, i32),
    recentTypes: cat(a.recentTypes, b.recentTypes, i32),
    shopperDense: cat(a.shopperDense, b.shopperDense, f32),
    tagLabels: cat(a.tagLabels, b.tagLabels, f32),
    tagMask: cat(a.tagMask, b.tagMask, f32),
    rowRequest: cat(
      a.rowRequest,
      b.rowRequest.map((q) => q + a.requests),
      i32,
    ),
    rowItem: [...a.rowItem, ...b.rowItem],
    rowSlot: cat(a.rowSlot, b.rowSlot, i32),
    item: cat(a.item, b.item, i32),
    attrs: cat(a.attrs, b.attrs, i32),
    title: cat(a.title, b.title, i32),
    candidateDense: cat(a.candidateDense, b.candidateDense, f32),
    isAd: cat(a.isAd, b.isAd, f32),
    click: cat(a.click, b.click, f32),
    purchase: cat(a.purchase, b.purchase, f32),
    adClick: cat(a.adClick, b.adClick, f32),
  };
}

/**
 * History dropout for the cold start: a seeded `share` of the training pages
 * is copied with the shopper's history removed (an empty profile: no recent
 * items, no affinities, no match features) and the same labels, so the model
 * also learns what a page is worth to a shopper it knows nothing about (the
 * average over shoppers). The copies are appended and train only.
 */
export function withColdStartCopies(data: ProtocolData, share: number): ProtocolData {
  const { rows, spec } = data;
  if (share <= 0) return data;
  const encoder = new FeatureEncoder(spec, data.catalogue);
  const empty = emptyProfile(spec);
  const adsByItem = new Map(data.catalogue.ads.map((ad) => [ad.itemId, ad]));
  const rng = new Rng(`${data.seed}/cold-copies`);
  // Which dense index says which page: an empty profile's only non-zero feature.
  const pageBit = PAGE_TYPES.map((page) => ({ page, at: encoder.shopper(empty, { now: 0, page }).dense.findIndex((v) => v === 1) }));
  const Ds = rows.shopperDense.length / Math.max(1, rows.requests);
  const byRequest = new Map<number, number[]>();
  for (const r of data.train) {
    const q = rows.rowRequest[r]!;
    let list = byRequest.get(q);
    if (!list) byRequest.set(q, (list = []));
    list.push(r);
  }
  const R = spec.recentLength;
  const nTags = spec.vocab.tags.length;
  const copy = {
    shopper: [] as string[],
    ts: [] as number[],
    dense: [] as Float32Array[],
    tags: [] as Float32Array[],
    tagMask: [] as number[],
    rows: [] as number[],
    /** The copy's page number of each copied row. */
    request: [] as number[],
  };
  const candidates: Array<{ item: CatalogueItem; ad: ReturnType<typeof adsByItem.get> | null; slot: number }> = [];
  for (const [q, list] of byRequest) {
    if (!rng.chance(share)) continue;
    const original = rows.shopperDense.subarray(q * Ds, (q + 1) * Ds);
    const page = pageBit.find(({ at }) => at >= 0 && original[at] === 1)?.page ?? 'home';
    copy.shopper.push(rows.requestShopper[q]!);
    copy.ts.push(rows.requestTs[q]!);
    copy.dense.push(encoder.shopper(empty, { now: rows.requestTs[q]!, page }).dense);
    copy.tags.push(rows.tagLabels.slice(q * nTags, (q + 1) * nTags));
    copy.tagMask.push(rows.tagMask[q]!);
    for (const r of list) {
      copy.rows.push(r);
      copy.request.push(copy.shopper.length - 1);
      const item = encoder.item(rows.rowItem[r]!) ?? { id: rows.rowItem[r]!, ...BARE };
      candidates.push({ item, ad: rows.isAd[r] ? (adsByItem.get(item.id) ?? null) : null, slot: rows.rowSlot[r]! });
    }
  }
  const Q = copy.shopper.length;
  const N = copy.rows.length;
  const c = encoder.candidates(
    empty,
    candidates.map((x) => ({ item: x.item, ad: x.ad ?? null, slot: x.slot < 0 ? null : x.slot })),
  );
  const pick = (x: Float32Array): Float32Array => Float32Array.from(copy.rows, (r) => x[r]!);
  const flat = (parts: Float32Array[], width: number): Float32Array => {
    const out = new Float32Array(parts.length * width);
    parts.forEach((part, i) => out.set(part, i * width));
    return out;
  };
  const extra: TrainingRows = {
    requests: Q,
    rows: N,
    requestShopper: copy.shopper,
    requestTs: Float64Array.from(copy.ts),
    // The copies have an empty history: no actions before the page.
    requestActions: new Int32Array(Q),
    recentItems: new Int32Array(Q * R),
    recentTypes: new Int32Array(Q * R),
    shopperDense: flat(copy.dense, Ds),
    tagLabels: flat(copy.tags, nTags),
    tagMask: Float32Array.from(copy.tagMask),
    rowRequest: Int32Array.from(copy.request),
    rowItem: copy.rows.map((r) => rows.rowItem[r]!),
    rowSlot: Int32Array.from(copy.rows, (r) => rows.rowSlot[r]!),
    // The item keeps its id index (as the original row); attributes and title as encoded.
    item: Int32Array.from(copy.rows, (r) => rows.item[r]!),
    attrs: c.attrs,
    title: c.title,
    candidateDense: c.dense,
    isAd: pick(rows.isAd),
    click: pick(rows.click),
    purchase: pick(rows.purchase),
    adClick: pick(rows.adClick),
  };
  const merged = concatRows(rows, extra);
  const train = new Int32Array(data.train.length + N);
  train.set(data.train);
  for (let i = 0; i < N; i++) train[data.train.length + i] = rows.rows + i;
  return { ...data, rows: merged, train };
}
