import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, PAGE_TYPES, type BehaviourEvent } from '../../src/engine/events/types';
import { parseEventLog, formatEventLog } from '../../src/engine/events/log';
import { buildFeatureSpec } from '../../src/engine/features/spec';
import { buildTrainingRows } from '../../src/engine/learn/dataset';
import {
  deriveCatalogueItem,
  loadOnlineRetail,
  ONLINE_RETAIL_SPLIT_TS,
  OnlineRetailFormatError,
  OnlineRetailMissingError,
  parseCsv,
  type OnlineRetailData,
} from './online-retail';

// A tiny hand-checkable copy of the data set's two files.
//
// Customer 17850: 536001 (A1, B2) on 2010-12-01, 536005 (A1, C3) 45 days later,
// 536006 (B2) six months later. Only 536001's A1 is bought again within 90
// days, so the log has exactly one purchase.
// Customer 13047: 536003 (D4 twice, E5), 536010 (E5, ten months later) and
// 536011 (c3, written in lower case, CustomerID written as 13047.0).
// At 536001 (the first sale of the data set) only A1 and B2 are on sale, both
// in the invoice, so its two wanted negatives cannot be found.
const PRODUCTS = [
  'StockCode,Description,median_UnitPrice,purchase_lines,cancel_lines,distinct_customers',
  'A1,RED RETROSPOT JUMBO BAG ,1.95,100,1,10',
  'B2,"SET 3 RETROSPOT TEA,COFFEE,SUGAR",4.95,50,0,5',
  'C3,WHITE HANGING HEART T-LIGHT HOLDER,2.95,80,0,8',
  'c3,WHITE HANGING HEART T-LIGHT HOLDER,6.63,5,0,0',
  'D4,CHRISTMAS TREE DECORATION,0.85,30,0,3',
  'E5,"POCKET MIRROR ""GLAMOROUS""",1.25,20,0,2',
  'G7,,,0,0,0',
  'POST,POSTAGE,18.0,10,0,2',
  'H8,BROKEN ROW,not-a-price,1,0,1',
].join('\r\n');

const TRANSACTIONS = [
  'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536001,A1,6,2010-12-01 08:00:00,1.95,17850,United Kingdom',
  '536001,B2,2,2010-12-01 08:00:00,4.95,17850,United Kingdom',
  '536002,C3,4,2010-12-01 09:00:00,2.95,,United Kingdom',
  '536003,D4,1,2010-12-02 10:00:00,0.85,13047,France',
  '536003,E5,1,2010-12-02 10:00:00,1.25,13047,France',
  '536003,D4,3,2010-12-02 10:00:00,0.85,13047,France',
  'C536004,A1,-1,2010-12-03 11:00:00,1.95,17850,United Kingdom',
  '536005,A1,12,2011-01-15 12:00:00,1.95,17850,United Kingdom',
  '536005,C3,1,2011-01-15 12:00:00,2.95,17850,United Kingdom',
  '536005,POST,1,2011-01-15 12:00:00,18.00,17850,United Kingdom',
  '536006,B2,1,2011-06-01 09:00:00,4.95,17850,United Kingdom',
  '536007,not,enough,fields',
  '536008,A1,abc,2011-06-02 10:00:00,1.95,13047,France',
  '536009,Z9,1,2011-06-03 10:00:00,1.00,13047,France',
  '536012,D4,0,2011-06-04 10:00:00,0.85,13047,France',
  '536013,"A1"x,1,2011-06-05 10:00:00,1.95,13047,France',
  '536014,A1,1,2011-07-01 10:00:00,1.95,,"Korea, Republic of"',
  '536010,E5,2,2011-10-05 10:00:00,1.25,13047,France',
  '536011,c3,1,2011-10-06 10:00:00,2.95,13047.0,France',
  '',
].join('\n');

/** The distinct products of each purchase invoice in the fixture, by request id. */
const INVOICE_LINES: Record<string, string[]> = {
  'or-536001': ['A1', 'B2'],
  'or-536003': ['D4', 'E5'],
  'or-536005': ['A1', 'C3'],
  'or-536006': ['B2'],
  'or-536010': ['E5'],
  'or-536011': ['C3'],
};

let dir: string;
let data: OnlineRetailData;

async function writeFixture(target: string, products = PRODUCTS, transactions = TRANSACTIONS): Promise<void> {
  await writeFile(join(target, 'products.csv'), products);
  await writeFile(join(target, 'transactions.csv.gz'), gzipSync(Buffer.from(transactions, 'utf8')));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'online-retail-'));
  await writeFixture(dir);
  data = await loadOnlineRetail({ dir });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ofType = (events: readonly BehaviourEvent[], type: BehaviourEvent['type']): BehaviourEvent[] => events.filter((e) => e.type === type);

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, CRLF and a line break inside quotes', () => {
    const records = [...parseCsv('\ufeffa,"b,c","say ""hi"""\r\n1,"two\nlines",3\n\n,,\n')];
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
      ['', '', ''],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it('flags a malformed record and goes on at the next line', () => {
    const records = [...parseCsv('a,"b"c,d\nx,y"z\nok,1\n"open,2\n')];
    expect(records.map((r) => r.error !== undefined)).toEqual([true, true, false, true]);
    expect(records[0]!.error).toMatch(/after a closing quote/);
    expect(records[1]!.error).toMatch(/quote inside an unquoted field/);
    expect(records[2]).toEqual({ line: 3, fields: ['ok', '1'] });
    expect(records[3]!.error).toMatch(/unterminated/);
  });
});

describe('deriveCatalogueItem', () => {
  it('derives category, colour, tags and a title-cased title from the description', () => {
    expect(deriveCatalogueItem('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.95)).toEqual({
      id: '85123A',
      title: 'White Hanging Heart T-Light Holder',
      category: 'candles-lights',
      brand: null,
      colour: 'white',
      price: 2.95,
      tags: ['candles-lights', 'heart'],
      description: 'White hanging heart t-light holder.',
    });
    // Category order settles overlaps: Christmas beats lights.
    expect(deriveCatalogueItem('x', 'CHRISTMAS LIGHTS 10 REINDEER', 8.5).category).toBe('christmas');
    expect(deriveCatalogueItem('x', 'LUNCH BAG RED RETROSPOT', 1.65)).toMatchObject({ category: 'bags', colour: 'red', tags: ['bags', 'retro', 'spots'] });
    expect(deriveCatalogueItem('x', '', 0)).toMatchObject({ title: 'Item x', category: 'other', price: null, colour: null, tags: [] });
  });
});

describe('loadOnlineRetail on the fixture', () => {
  it('counts rows read, used and skipped, by reason', () => {
    const s = data.stats;
    expect(s.rowsRead).toBe(19);
    expect(s.skipped).toEqual({ malformed: 3, cancellation: 1, nonProduct: 1, noCustomer: 2, nonPositiveQuantity: 1, unknownProduct: 1 });
    expect(s.rowsUsed).toBe(10);
    expect(s.rowsRead).toBe(s.rowsUsed + s.otherCustomerRows + Object.values(s.skipped).reduce((a, b) => a + b, 0));
    expect(s.errors.map((e) => [e.file, e.line])).toEqual([
      ['products.csv', 10],
      ['transactions.csv.gz', 13],
      ['transactions.csv.gz', 14],
      ['transactions.csv.gz', 17],
    ]);
    expect(s.productRowsRead).toBe(9);
    expect(s.productRowsMalformed).toBe(1);
    expect(s.productCodesMerged).toBe(1);
    expect(s).toMatchObject({ customers: 2, customersUsed: 2, invoices: 6, invoicesUsed: 6, cancellations: 1, products: 6 });
    expect(s).toMatchObject({ clicks: 9, purchases: 1, negatives: 7, negativeShortfall: 2, impressions: 16, linesCapped: 0 });
    expect(s.firstTs).toBe(Date.UTC(2010, 11, 1, 8));
    expect(s.lastTs).toBe(Date.UTC(2011, 9, 6, 10));
    // 536010 and 536011 are within 90 days of the last row, so their re-buys cannot be seen.
    expect(s.censoredInvoices).toBe(2);
    expect(data.splitTs).toBe(ONLINE_RETAIL_SPLIT_TS);
    expect(ONLINE_RETAIL_SPLIT_TS).toBe(Date.UTC(2011, 9, 1));
  });

  it('builds a catalogue of the merchandise codes, with quoted descriptions intact and case variants merged', () => {
    const { catalogue } = data;
    expect(catalogue).toMatchObject({ format: 1, seed: 7, currency: 'GBP', ads: [] });
    expect(catalogue.items.map((i) => i.id)).toEqual(['A1', 'B2', 'C3', 'D4', 'E5', 'G7']);
    const byId = new Map(catalogue.items.map((i) => [i.id, i]));
    expect(byId.get('A1')).toMatchObject({ title: 'Red Retrospot Jumbo Bag', category: 'bags', colour: 'red', price: 1.95, brand: null });
    expect(byId.get('B2')).toMatchObject({ title: 'Set 3 Retrospot Tea,Coffee,Sugar', category: 'kitchen', tags: ['kitchen', 'retro', 'spots', 'sets'] });
    // The merged C3 keeps the description and price of the row with more customers.
    expect(byId.get('C3')).toMatchObject({ category: 'candles-lights', price: 2.95, colour: 'white' });
    expect(byId.get('D4')).toMatchObject({ category: 'christmas', tags: ['christmas', 'nature'] });
    expect(byId.get('E5')).toMatchObject({ title: 'Pocket Mirror "Glamorous"', category: 'jewellery' });
    expect(byId.get('G7')).toMatchObject({ title: 'Item G7', category: 'other', price: null });
    const slugs = catalogue.categories.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const item of catalogue.items) {
      expect(slugs).toContain(item.category);
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.description.length).toBeGreaterThan(0);
    }
  });

  it('writes valid, time-sorted events that survive the event-log format', () => {
    const { events } = data;
    expect(events).toHaveLength(16 + 9 + 1);
    for (const e of events) {
      expect(EVENT_TYPES).toContain(e.type);
      expect(PAGE_TYPES).toContain(e.page);
      expect(Number.isInteger(e.ts)).toBe(true);
      expect(e.shopper).toMatch(/^c\d+$/);
      expect(e.request).toMatch(/^or-\d+$/);
    }
    for (let k = 1; k < events.length; k++) expect(events[k]!.ts).toBeGreaterThanOrEqual(events[k - 1]!.ts);
    expect(new Set(events.map((e) => e.shopper))).toEqual(new Set(['c17850', 'c13047']));
    const parsed = parseEventLog(formatEventLog(events).split('\n'));
    expect(parsed.malformed).toBe(0);
    expect(parsed.events).toEqual(events);
  });

  it('shows each invoice as one page: its products clicked, sampled non-bought products in the other slots', () => {
    const impressions = ofType(data.events, 'impression');
    const clicks = ofType(data.events, 'click');
    expect(new Set(impressions.map((e) => e.request))).toEqual(new Set(Object.keys(INVOICE_LINES)));
    for (const [request, lines] of Object.entries(INVOICE_LINES)) {
      const page = impressions.filter((e) => e.request === request);
      expect(page.map((e) => e.slot ?? -1).sort((a, b) => a - b)).toEqual(page.map((_, k) => k));
      expect(new Set(page.map((e) => e.ts)).size).toBe(1);
      const clicked = clicks.filter((e) => e.request === request).map((e) => e.item);
      expect(clicked.sort()).toEqual([...lines].sort());
      const negatives = page.filter((e) => !lines.includes(e.item));
      // One negative per positive, except on the first invoice of the data set (nothing else was on sale yet).
      expect(negatives).toHaveLength(request === 'or-536001' ? 0 : lines.length);
      expect(new Set(page.map((e) => e.item)).size).toBe(page.length);
    }
    // Every click follows an impression of the same request, item and slot.
    for (const c of clicks) {
      const shown = impressions.find((e) => e.request === c.request && e.item === c.item && e.slot === c.slot && e.shopper === c.shopper);
      expect(shown).toBeDefined();
      expect(c.ts).toBeGreaterThan(shown!.ts);
    }
    // D4 was not on sale before 2010-12-02 10:00 and C3 before 09:00, so 536001 cannot show them.
    expect(impressions.filter((e) => e.request === 'or-536001').map((e) => e.item)).not.toContain('D4');
  });

  it('labels a purchase only when the customer buys the product again within the window', () => {
    const purchases = ofType(data.events, 'purchase');
    expect(purchases).toHaveLength(1);
    const p = purchases[0]!;
    expect(p).toMatchObject({ shopper: 'c17850', item: 'A1', request: 'or-536001', page: 'cart', ts: Date.UTC(2011, 0, 15, 12) + 2 });
    const click = ofType(data.events, 'click').find((e) => e.request === p.request && e.item === p.item);
    expect(click?.slot).toBe(p.slot);
    expect(p.ts).toBeGreaterThan(click!.ts);
  });

  it('widens the purchase label with repurchaseDays and caps pages with maxLinesPerInvoice', async () => {
    const wide = await loadOnlineRetail({ dir, repurchaseDays: 400 });
    // B2 (536001 -> 536006, 182 days) and E5 (536003 -> 536010, 307 days) now count too.
    expect(
      ofType(wide.events, 'purchase')
        .map((e) => `${e.request}:${e.item}`)
        .sort(),
    ).toEqual(['or-536001:A1', 'or-536001:B2', 'or-536003:E5']);
    const capped = await loadOnlineRetail({ dir, maxLinesPerInvoice: 1, negativesPerPositive: 0 });
    expect(capped.stats.linesCapped).toBe(3);
    expect(ofType(capped.events, 'click')).toHaveLength(6);
    expect(ofType(capped.events, 'impression')).toHaveLength(6);
  });

  it('keeps the customers with the most invoices, ties to the lower id', async () => {
    const one = await loadOnlineRetail({ dir, maxCustomers: 1 });
    expect(new Set(one.events.map((e) => e.shopper))).toEqual(new Set(['c13047']));
    expect(one.stats.customersUsed).toBe(1);
    expect(one.stats.otherCustomerRows).toBe(5);
    expect(one.stats.rowsUsed).toBe(5);
  });

  it('is deterministic for a seed and shuffles differently for another', async () => {
    const again = await loadOnlineRetail({ dir });
    expect(again).toEqual(data);
    const other = await loadOnlineRetail({ dir, seed: 8 });
    expect(other.events.map((e) => `${e.request}:${e.item}:${e.slot}`)).not.toEqual(data.events.map((e) => `${e.request}:${e.item}:${e.slot}`));
    expect(other.stats.clicks).toBe(data.stats.clicks);
  });

  it('feeds buildTrainingRows: one row per impression with click and purchase labels', () => {
    const spec = buildFeatureSpec(data.catalogue);
    const rows = buildTrainingRows(data.events, data.catalogue, spec);
    expect(rows.requests).toBe(6);
    expect(rows.rows).toBe(16);
    expect(rows.click.reduce((a, b) => a + b, 0)).toBe(9);
    expect(rows.purchase.reduce((a, b) => a + b, 0)).toBe(1);
    expect(rows.isAd.every((x) => x === 0)).toBe(true);
    // Pages before the split train, the rest test: 536010 and 536011 are in October 2011.
    const test = Array.from(rows.requestTs).filter((ts) => ts >= data.splitTs);
    expect(test).toHaveLength(2);
  });
});

describe('loadOnlineRetail errors', () => {
  it('throws OnlineRetailMissingError naming the directory when it is absent', async () => {
    const missing = join(dir, 'nowhere');
    const err = await loadOnlineRetail({ dir: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnlineRetailMissingError);
    expect((err as OnlineRetailMissingError).path).toBe(missing);
    expect((err as Error).message).toContain(missing);
  });

  it('throws OnlineRetailMissingError naming the file when one file is absent', async () => {
    const half = await mkdtemp(join(tmpdir(), 'online-retail-half-'));
    try {
      await writeFile(join(half, 'products.csv'), PRODUCTS);
      const err = await loadOnlineRetail({ dir: half }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OnlineRetailMissingError);
      expect((err as OnlineRetailMissingError).path).toBe(join(half, 'transactions.csv.gz'));
    } finally {
      await rm(half, { recursive: true, force: true });
    }
  });

  it('throws OnlineRetailFormatError when a header column is missing, and RangeError for a bad option', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'online-retail-bad-'));
    try {
      await writeFixture(bad, PRODUCTS, TRANSACTIONS.replace('CustomerID', 'Customer'));
      await expect(loadOnlineRetail({ dir: bad })).rejects.toThrow(OnlineRetailFormatError);
      await expect(loadOnlineRetail({ dir: bad })).rejects.toThrow(/"CustomerID"/);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
    await expect(loadOnlineRetail({ dir, maxLinesPerInvoice: 0 })).rejects.toThrow(/maxLinesPerInvoice/);
    await expect(loadOnlineRetail({ dir, negativesPerPositive: -1 })).rejects.toThrow(RangeError);
  });
});
