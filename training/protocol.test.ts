import { describe, expect, it } from 'vitest';
import { CANDIDATE_DENSE_FIELDS } from '../src/engine/features/encode';
import { MISSING, UNKNOWN } from '../src/engine/features/spec';
import { examineProbability, trueFunnel } from '../src/sim/behaviour';
import { buildProtocol, idOnlyRows, maskedRows, oracleScores, trueTopTags, withColdStartCopies } from './protocol';
import { FeatureEncoder } from '../src/engine/features/encode';
import { emptyProfile } from '../src/engine/features/profile';
import { servingPositionRows } from './evaluate';

const options = { seed: 5, shoppers: 30, heldOutShoppers: 12, validationShoppers: 8, sessions: 2, newItemShare: 0.1, trainShare: 0.8 };
const data = buildProtocol(options);
const { rows } = data;
const shopperOf = (r: number): string => rows.requestShopper[rows.rowRequest[r]!]!;
const timeOf = (r: number): number => rows.requestTs[rows.rowRequest[r]!]!;

describe('buildProtocol', () => {
  it('trains only on known shoppers, before the cutoff, on products the vocabulary knows', () => {
    expect(data.train.length).toBeGreaterThan(100);
    for (const r of data.train) {
      expect(data.heldOutShoppers.has(shopperOf(r))).toBe(false);
      expect(timeOf(r)).toBeLessThan(data.cutoff);
      expect(data.newItems.has(rows.rowItem[r]!)).toBe(false);
    }
    for (const r of data.testTime) {
      expect(timeOf(r)).toBeGreaterThanOrEqual(data.cutoff);
      expect(data.heldOutShoppers.has(shopperOf(r))).toBe(false);
    }
    for (const r of data.testShopper) expect(data.heldOutShoppers.has(shopperOf(r))).toBe(true);
    expect(data.heldOutShoppers.size).toBe(12);
  });

  it('serves new products as unknown ids with their attributes, and finds them in the time split', () => {
    expect(data.newItems.size).toBe(Math.round(0.1 * data.catalogue.items.length));
    for (const id of data.newItems) expect(data.spec.vocab.items).not.toContain(id);
    expect(data.newItemRows.length).toBeGreaterThan(0);
    for (const r of data.newItemRows) {
      expect(data.newItems.has(rows.rowItem[r]!)).toBe(true);
      expect(rows.item[r]).toBe(UNKNOWN);
      // The category is still known: the attributes reach the model.
      expect(rows.attrs[r * 4]).not.toBe(UNKNOWN);
    }
  });

  it('takes cold-start pages from held-out shoppers before any event of theirs', () => {
    expect(data.coldStart.length).toBeGreaterThan(0);
    const pages = new Set(Array.from(data.coldStart, (r) => rows.rowRequest[r]!));
    expect(new Set(Array.from(pages, (q) => rows.requestShopper[q])).size).toBe(pages.size);
    const R = data.spec.recentLength;
    for (const q of pages) {
      expect(data.heldOutShoppers.has(rows.requestShopper[q]!)).toBe(true);
      // Nothing seen before: every recent slot is empty.
      expect(Array.from(rows.recentItems.subarray(q * R, (q + 1) * R)).every((i) => i === MISSING)).toBe(true);
    }
  });

  it('keeps validation shoppers apart from training and testing, and adding them changes nothing else', () => {
    const v = data.validation!;
    const validationShoppers = new Set(v.rows.requestShopper);
    expect(validationShoppers.size).toBe(8);
    for (const s of validationShoppers) {
      expect(data.heldOutShoppers.has(s)).toBe(false);
      expect(rows.requestShopper).not.toContain(s);
    }
    expect(v.events.every((e) => validationShoppers.has(e.shopper))).toBe(true);
    expect(v.all.length).toBe(v.rows.rows);
    // One cold page per validation shopper, with nothing seen before it.
    const coldPages = new Set(Array.from(v.coldStart, (r) => v.rows.rowRequest[r]!));
    expect(coldPages.size).toBe(8);
    const R = data.spec.recentLength;
    for (const q of coldPages) expect(Array.from(v.rows.recentItems.subarray(q * R, (q + 1) * R)).every((i) => i === MISSING)).toBe(true);
    const without = buildProtocol({ ...options, validationShoppers: 0 });
    expect(without.validation).toBeNull();
    expect(without.events).toEqual(data.events);
    expect(Array.from(without.train)).toEqual(Array.from(data.train));
    expect(Array.from(without.coldStart)).toEqual(Array.from(data.coldStart));
  });

  it('is deterministic in its options', () => {
    const again = buildProtocol(options);
    expect(again.events).toEqual(data.events);
    expect(Array.from(again.train)).toEqual(Array.from(data.train));
    expect([...again.newItems]).toEqual([...data.newItems]);
  });
});

describe('oracleScores', () => {
  it("scores each row with the simulator's own probabilities", () => {
    const { scores, relevance } = oracleScores(data, data.world!);
    const shoppers = new Map(data.world!.shoppers.map((s) => [s.id, s]));
    const product = Array.from({ length: rows.rows }, (_, r) => r).find((r) => rows.isAd[r] === 0 && rows.rowSlot[r]! > 2)!;
    const f = trueFunnel(data.world!, shoppers.get(shopperOf(product))!, rows.rowItem[product]!);
    const examine = examineProbability(rows.rowSlot[product]!);
    expect(scores.click[product]).toBeCloseTo(examine * f.click, 6);
    expect(scores.purchase[product]).toBeCloseTo(examine * f.ctcvr, 6);
    expect(relevance[product]).toBeCloseTo(f.click, 6);
    const ad = Array.from({ length: rows.rows }, (_, r) => r).find((r) => rows.isAd[r] === 1)!;
    expect(scores.adClick[ad]).toBeGreaterThan(0);
    expect(scores.click[ad]).toBe(0);
  });

  it("gives each page its shopper's five truest tags", () => {
    const top = trueTopTags(data, data.world!);
    expect(top).toHaveLength(rows.requests);
    for (const t of top) {
      expect(t.size).toBe(5);
      for (const i of t) expect(i).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('row variants', () => {
  it('id-only rows keep the id and dense features and drop attributes and title', () => {
    const bare = idOnlyRows(rows, data.spec, data.catalogue);
    expect(bare.item).toBe(rows.item);
    expect(bare.candidateDense).toBe(rows.candidateDense);
    expect(new Set(Array.from({ length: bare.rows }, (_, r) => bare.attrs.subarray(r * 4, r * 4 + 4).join(','))).size).toBe(1);
    expect(bare.title.every((t) => t === 0)).toBe(true);
    expect(new Set(Array.from({ length: rows.rows }, (_, r) => rows.attrs.subarray(r * 4, r * 4 + 4).join(','))).size).toBeGreaterThan(10);
  });

  it('masked rows keep every row and label and lose about the asked share of attributes', () => {
    const masked = maskedRows(data, 0.3);
    expect(masked.rowItem).toEqual(rows.rowItem);
    expect(Array.from(masked.click)).toEqual(Array.from(rows.click));
    const brandMissing = CANDIDATE_DENSE_FIELDS.indexOf('brandMissing');
    const W = CANDIDATE_DENSE_FIELDS.length;
    const share = (x: Float32Array): number => Array.from({ length: rows.rows }, (_, r) => x[r * W + brandMissing]!).reduce((a, b) => a + b, 0) / rows.rows;
    const added = share(masked.candidateDense) - share(rows.candidateDense);
    expect(added).toBeGreaterThan(0.15);
    expect(added).toBeLessThan(0.4);
  });

  it('serving rows set the position feature, and only it, to its constant', () => {
    const serving = servingPositionRows(rows);
    const W = CANDIDATE_DENSE_FIELDS.length;
    const position = CANDIDATE_DENSE_FIELDS.indexOf('position');
    let changed = 0;
    let wrong = 0;
    for (let i = 0; i < rows.candidateDense.length; i++) {
      if (serving.candidateDense[i] !== (i % W === position ? 0 : rows.candidateDense[i])) wrong++;
      if (serving.candidateDense[i] !== rows.candidateDense[i]) changed++;
    }
    expect(wrong).toBe(0);
    expect(changed).toBeGreaterThan(0);
  });
});

describe('withColdStartCopies', () => {
  it('appends training copies of some pages with the history removed and the labels kept', () => {
    const aug = withColdStartCopies(data, 0.3);
    const extra = aug.train.length - data.train.length;
    expect(extra).toBeGreaterThan(0);
    expect(aug.rows.rows).toBe(rows.rows + extra);
    // The original rows and test sets are untouched.
    expect(Array.from(aug.testTime)).toEqual(Array.from(data.testTime));
    expect(Array.from(aug.rows.click.subarray(0, rows.rows))).toEqual(Array.from(rows.click));
    const encoder = new FeatureEncoder(data.spec, data.catalogue);
    const R = data.spec.recentLength;
    const Ds = rows.shopperDense.length / rows.requests;
    const W = CANDIDATE_DENSE_FIELDS.length;
    const categoryShare = CANDIDATE_DENSE_FIELDS.indexOf('categoryShare');
    let clicks = 0;
    for (let i = 0; i < extra; i++) {
      const r = aug.train[data.train.length + i]!;
      expect(r).toBeGreaterThanOrEqual(rows.rows);
      const q = aug.rows.rowRequest[r]!;
      expect(q).toBeGreaterThanOrEqual(rows.requests);
      // The copy's page is its original's: same shopper, same time, same item.
      const original = data.train.find((o) => rows.rowItem[o] === aug.rows.rowItem[r] && rows.requestTs[rows.rowRequest[o]!] === aug.rows.requestTs[q]);
      expect(original).toBeDefined();
      expect(aug.rows.requestShopper[q]).toBe(rows.requestShopper[rows.rowRequest[original!]!]);
      expect(Array.from(aug.rows.recentItems.subarray(q * R, (q + 1) * R)).every((v) => v === MISSING)).toBe(true);
      expect(aug.rows.candidateDense[r * W + categoryShare]).toBe(0);
      clicks += aug.rows.click[r]!;
    }
    // An empty profile's shopper features, on the page the original was on.
    const q0 = aug.rows.rowRequest[aug.train[data.train.length]!]!;
    const dense = Array.from(aug.rows.shopperDense.subarray(q0 * Ds, (q0 + 1) * Ds));
    const pages = (['home', 'category', 'product', 'cart'] as const).map((page) =>
      Array.from(encoder.shopper(emptyProfile(data.spec), { now: 0, page }).dense),
    );
    expect(pages.some((p) => p.every((v, i) => v === dense[i]))).toBe(true);
    // Labels are copied: the copies hold clicks.
    expect(clicks).toBeGreaterThan(0);
  });

  it('changes nothing at share 0', () => {
    expect(withColdStartCopies(data, 0)).toBe(data);
  });
});
