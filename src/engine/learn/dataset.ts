/**
 * Event log -> training rows. Each shopper's events are replayed in time order
 * through the same profile update and feature functions the browser uses; at
 * every ranked page the shopper features are taken as they were just before
 * the page, and each impression becomes a row labelled by the clicks, carts and
 * purchases that carry its request id.
 */
import type { AdCreative, Catalogue } from '../catalogue/types';
import type { BehaviourEvent } from '../events/types';
import { FeatureEncoder, candidateDenseSize, shopperDenseSize } from '../features/encode';
import { ENGAGEMENT_TYPES, applyEvent, emptyProfile } from '../features/profile';
import type { FeatureSpec } from '../features/spec';
import { countActions } from '../rank/prior';

/** Rows built from a log, in flat typed arrays (row-major). */
export interface TrainingRows {
  /** Number of requests (ranked pages). */
  requests: number;
  /** Number of rows (impressions). */
  rows: number;
  /** Per request: shopper id, time, recent items/types [Q, R], dense [Q, Ds], tag labels [Q, tags] and tag mask [Q]. */
  requestShopper: string[];
  requestTs: Float64Array;
  /**
   * The shopper's actions (clicks, carts, purchases, ad clicks) before each
   * page, counted over the events the rows were built from: what the ranker
   * weighted the popularity prior by.
   */
  requestActions: Int32Array;
  recentItems: Int32Array;
  recentTypes: Int32Array;
  shopperDense: Float32Array;
  tagLabels: Float32Array;
  tagMask: Float32Array;
  /** Per row: request index, item id, candidate inputs and labels. */
  rowRequest: Int32Array;
  rowItem: string[];
  /** Grid slot of the impression, -1 when unknown. */
  rowSlot: Int32Array;
  item: Int32Array;
  attrs: Int32Array;
  title: Int32Array;
  candidateDense: Float32Array;
  isAd: Float32Array;
  click: Float32Array;
  purchase: Float32Array;
  adClick: Float32Array;
}

/** Options of {@link buildTrainingRows}. */
export interface BuildRowsOptions {
  /** Engagements this long after a page count as its interest-tag label. Default 7 days. */
  tagWindowMs?: number;
}

/** Stable sort of a log into per-shopper, time-ordered sequences. */
export function groupByShopper(events: readonly BehaviourEvent[]): Map<string, BehaviourEvent[]> {
  const byShopper = new Map<string, BehaviourEvent[]>();
  for (const e of events) {
    let list = byShopper.get(e.shopper);
    if (!list) byShopper.set(e.shopper, (list = []));
    list.push(e);
  }
  for (const list of byShopper.values()) list.sort((a, b) => a.ts - b.ts);
  return byShopper;
}

/**
 * Builds training rows from an event log.
 * @param events - the log, any order.
 * @param catalogue - products and ad creatives the log refers to.
 * @param spec - the feature spec.
 * @param options - see {@link BuildRowsOptions}.
 * @returns rows; impressions of unknown products are kept (their item index is "unknown").
 */
export function buildTrainingRows(
  events: readonly BehaviourEvent[],
  catalogue: Pick<Catalogue, 'items' | 'ads'>,
  spec: FeatureSpec,
  options: BuildRowsOptions = {},
): TrainingRows {
  const tagWindow = options.tagWindowMs ?? 7 * 24 * 3_600_000;
  const encoder = new FeatureEncoder(spec, catalogue);
  const adsByItem = new Map<string, AdCreative>();
  for (const ad of catalogue.ads) if (!adsByItem.has(ad.itemId)) adsByItem.set(ad.itemId, ad);
  const tagIndex = new Map(spec.vocab.tags.map((t, i) => [t, i]));
  const nTags = spec.vocab.tags.length;
  const R = spec.recentLength;
  const Ds = shopperDenseSize(spec);
  const Dc = candidateDenseSize();
  const T = spec.titleTokens;

  // Labels by (request, item): which impressions were clicked, bought, ad-clicked.
  const key = (request: string, item: string): string => `${request}\u0000${item}`;
  const clicked = new Set<string>();
  const bought = new Set<string>();
  const adClicked = new Set<string>();
  const impressionsByRequest = new Map<string, BehaviourEvent[]>();
  for (const e of events) {
    if (e.request === null) continue;
    if (e.type === 'impression' || e.type === 'ad_impression') {
      let page = impressionsByRequest.get(e.request);
      if (!page) impressionsByRequest.set(e.request, (page = []));
      page.push(e);
    } else if (e.type === 'click') clicked.add(key(e.request, e.item));
    else if (e.type === 'purchase') bought.add(key(e.request, e.item));
    else if (e.type === 'ad_click') adClicked.add(key(e.request, e.item));
  }

  const reqShopper: string[] = [];
  const reqTs: number[] = [];
  const reqActions: number[] = [];
  const reqRecentItems: Int32Array[] = [];
  const reqRecentTypes: Int32Array[] = [];
  const reqDense: Float32Array[] = [];
  const reqTags: Float32Array[] = [];
  const reqTagMask: number[] = [];
  const rowReq: number[] = [];
  const rowItem: string[] = [];
  const rowSlot: number[] = [];
  const rowAd: number[] = [];
  const rowLabels: Array<[number, number, number]> = [];
  const candidateChunks: Array<ReturnType<FeatureEncoder['candidates']>> = [];

  for (const [shopper, list] of groupByShopper(events)) {
    let profile = emptyProfile(spec);
    const engagements = list.filter((e) => ENGAGEMENT_TYPES.includes(e.type));
    let from = 0;
    const seen = new Map<string, number>();
    let i = 0;
    while (i < list.length) {
      const e = list[i]!;
      const isImpression = e.type === 'impression' || e.type === 'ad_impression';
      if (isImpression && e.request !== null && !seen.has(e.request)) {
        // A new ranked page: snapshot the shopper as the ranker saw them.
        const q = reqShopper.length;
        seen.set(e.request, q);
        const f = encoder.shopper(profile, { now: e.ts, page: e.page });
        reqShopper.push(shopper);
        reqTs.push(e.ts);
        reqActions.push(countActions(profile));
        reqRecentItems.push(f.recentItems);
        reqRecentTypes.push(f.recentTypes);
        reqDense.push(f.dense);
        while (from < engagements.length && engagements[from]!.ts < e.ts) from++;
        const tags = new Float32Array(nTags);
        let any = 0;
        for (let j = from; j < engagements.length && engagements[j]!.ts <= e.ts + tagWindow; j++) {
          const item = encoder.item(engagements[j]!.item);
          if (!item) continue;
          for (const t of item.tags) {
            const ti = tagIndex.get(t);
            if (ti !== undefined) tags[ti] = 1;
            any = 1;
          }
        }
        reqTags.push(tags);
        reqTagMask.push(any);
        const cands = [];
        for (const x of impressionsByRequest.get(e.request) ?? []) {
          const item = encoder.item(x.item) ?? { id: x.item, title: '', category: '', brand: null, colour: null, price: null, tags: [], description: '' };
          const ad = x.type === 'ad_impression' ? (adsByItem.get(x.item) ?? { id: '', itemId: x.item, bid: 0, headline: '' }) : null;
          cands.push({ item, ad, slot: x.slot });
          rowReq.push(q);
          rowItem.push(x.item);
          rowSlot.push(x.slot ?? -1);
          rowAd.push(ad ? 1 : 0);
          const k = key(e.request, x.item);
          rowLabels.push(ad ? [0, 0, adClicked.has(k) ? 1 : 0] : [clicked.has(k) ? 1 : 0, bought.has(k) ? 1 : 0, 0]);
        }
        candidateChunks.push(encoder.candidates(profile, cands));
      }
      profile = applyEvent(profile, e, encoder.item(e.item), spec);
      i++;
    }
  }

  const Q = reqShopper.length;
  const N = rowReq.length;
  const out: TrainingRows = {
    requests: Q,
    rows: N,
    requestShopper: reqShopper,
    requestTs: Float64Array.from(reqTs),
    requestActions: Int32Array.from(reqActions),
    recentItems: new Int32Array(Q * R),
    recentTypes: new Int32Array(Q * R),
    shopperDense: new Float32Array(Q * Ds),
    tagLabels: new Float32Array(Q * nTags),
    tagMask: Float32Array.from(reqTagMask),
    rowRequest: Int32Array.from(rowReq),
    rowItem,
    rowSlot: Int32Array.from(rowSlot),
    item: new Int32Array(N),
    attrs: new Int32Array(N * 4),
    title: new Int32Array(N * T),
    candidateDense: new Float32Array(N * Dc),
    isAd: Float32Array.from(rowAd),
    click: Float32Array.from(rowLabels, (l) => l[0]),
    purchase: Float32Array.from(rowLabels, (l) => l[1]),
    adClick: Float32Array.from(rowLabels, (l) => l[2]),
  };
  for (let q = 0; q < Q; q++) {
    out.recentItems.set(reqRecentItems[q]!, q * R);
    out.recentTypes.set(reqRecentTypes[q]!, q * R);
    out.shopperDense.set(reqDense[q]!, q * Ds);
    out.tagLabels.set(reqTags[q]!, q * nTags);
  }
  let r = 0;
  for (const c of candidateChunks) {
    out.item.set(c.item, r);
    out.attrs.set(c.attrs, r * 4);
    out.title.set(c.title, r * T);
    out.candidateDense.set(c.dense, r * Dc);
    r += c.count;
  }
  return out;
}
