/**
 * The shopper-independent half of the scorer, computed once per model
 * version and catalogue (see {@link RecommenderModel.itemSide}), and the
 * batch buckets that keep the scorer's shapes fixed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Catalogue } from '../catalogue/types';
import type { FeatureEncoder } from '../features/encode';
import { emptyProfile } from '../features/profile';
import type { FeatureSpec } from '../features/spec';
import { disposeItemSide, itemSideFromParts, itemSideParts, type ItemSide, type RecommenderModel } from './build';
import { packScorer, releaseScorerPack, type ScorerPack } from './fused-scorer';

/**
 * The batch size a request of `n` candidates is padded to, so a backend sees
 * few distinct shapes (WebGPU and WebGL compile per shape and reuse buffers):
 * 64, then multiples of 128 up to 2048, then multiples of 1024.
 * @example bucketSize(675) // 768
 */
export function bucketSize(n: number): number {
  if (n <= 64) return 64;
  if (n <= 2048) return Math.ceil(n / 128) * 128;
  return Math.ceil(n / 1024) * 1024;
}

/** Item sides of every catalogue item, rebuilt when the model's weights change. */
export class ItemSideCache {
  private side: ItemSide | null = null;
  /** The same values in JS memory (one array per part), for gathering rows on CPU backends. */
  private host: Float32Array[] | null = null;
  private builtFor: { model: RecommenderModel; version: number } | null = null;
  /** The fused scorer's packed weights and item sides, built on first use. */
  private pack: ScorerPack | null = null;
  private readonly rows: Map<string, number>;

  /**
   * @param catalogue - the items whose sides are cached, row i = item i.
   * @param encoder - encodes the items' ids, attributes and titles.
   * @param spec - the model's feature spec.
   */
  constructor(
    private readonly catalogue: Pick<Catalogue, 'items'>,
    private readonly encoder: FeatureEncoder,
    private readonly spec: FeatureSpec,
  ) {
    this.rows = new Map(catalogue.items.map((item, i) => [item.id, i]));
  }

  /** The row of an item in the cache; -1 for an item not in the catalogue. */
  row(itemId: string): number {
    return this.rows.get(itemId) ?? -1;
  }

  /**
   * The cached item sides (`[items, width]` tensors) for `model`, built on
   * first use and after every weight change. Owned by the cache: do not dispose them.
   */
  sides(model: RecommenderModel): ItemSide {
    if (this.side && this.builtFor?.model === model && this.builtFor.version === model.version) return this.side;
    this.release();
    const c = this.encoder.candidates(
      emptyProfile(this.spec),
      this.catalogue.items.map((item) => ({ item })),
    );
    const n = c.count;
    const inputs = {
      item: tf.tensor1d(c.item, 'int32'),
      attrs: tf.tensor2d(c.attrs, [n, 4], 'int32'),
      title: tf.tensor2d(c.title, [n, this.spec.titleTokens], 'int32'),
    };
    try {
      this.side = model.itemSide(inputs);
    } finally {
      tf.dispose([inputs.item, inputs.attrs, inputs.title]);
    }
    this.builtFor = { model, version: model.version };
    return this.side;
  }

  /**
   * The item sides of `rows` (catalogue rows from {@link row}; rows past the
   * candidates are padding and may be 0) as new `[rows.length, width]`
   * tensors the caller disposes ({@link disposeItemSide}). On the CPU backends
   * (wasm, cpu) the rows are copied in JS memory and uploaded, which is
   * several times faster than their gather kernel; on GPU backends the gather
   * runs on the device.
   * @param onHost - force one path (tests); default by the active backend.
   */
  async gather(model: RecommenderModel, rows: Int32Array, onHost: boolean = HOST_BACKENDS.has(tf.getBackend())): Promise<ItemSide> {
    const sides = this.sides(model);
    if (!onHost) {
      return itemSideFromParts(
        tf.tidy(() => {
          const index = tf.tensor1d(rows, 'int32');
          return itemSideParts(sides).map((part) => tf.gather(part, index));
        }),
      );
    }
    if (!this.host) {
      const values = await Promise.all(itemSideParts(sides).map(async (t) => (await t.data()) as Float32Array));
      // The weights may have changed while the values were read back.
      if (this.side !== sides) return this.gather(model, rows, onHost);
      this.host = values;
    }
    const host = this.host;
    const parts = itemSideParts(sides).map((part, p) => {
      const width = part.shape[1];
      const from = host[p]!;
      const out = new Float32Array(rows.length * width);
      for (let i = 0; i < rows.length; i++) {
        const r = Math.max(0, rows[i]!);
        out.set(from.subarray(r * width, r * width + width), i * width);
      }
      return tf.tensor2d(out, [rows.length, width]);
    });
    return itemSideFromParts(parts);
  }

  /**
   * The fused scorer's inputs for `model` ({@link packScorer}), built on first
   * use and after every weight change. Owned by the cache.
   * @param denseWidth - the candidates' dense features per row.
   */
  async scorerPack(model: RecommenderModel, denseWidth: number): Promise<ScorerPack> {
    const sides = this.sides(model);
    if (this.pack) return this.pack;
    const pack = await packScorer(model, sides, denseWidth);
    // Another request packed first, or the weights changed while the encoder's were read back.
    if (this.pack || this.side !== sides) {
      releaseScorerPack(pack);
      return this.scorerPack(model, denseWidth);
    }
    this.pack = pack;
    return pack;
  }

  /** Frees the cached tensors (a lost GPU device may make that throw; the memory goes with the device). */
  release(): void {
    try {
      if (this.side) disposeItemSide(this.side);
      if (this.pack) releaseScorerPack(this.pack);
    } catch {
      /* see above */
    }
    this.side = null;
    this.pack = null;
    this.host = null;
    this.builtFor = null;
  }
}

/** Backends whose tensors live in JS or wasm memory, where gathering rows in JS is cheaper. */
const HOST_BACKENDS = new Set(['cpu', 'wasm']);
