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
import type { ItemSide, RecommenderModel } from './build';

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
  private builtFor: { model: RecommenderModel; version: number } | null = null;
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
   * The cached `[items, width]` tensor for `model`, built on first use and
   * after every weight change. Owned by the cache: do not dispose it.
   */
  sides(model: RecommenderModel): ItemSide {
    if (this.side && this.builtFor?.model === model && this.builtFor.version === model.version) return this.side;
    this.release();
    const c = this.encoder.candidates(
      emptyProfile(this.spec),
      this.catalogue.items.map((item) => ({ item })),
    );
    const n = c.count;
    this.side = tf.tidy(() =>
      model.itemSide({
        item: tf.tensor1d(c.item, 'int32'),
        attrs: tf.tensor2d(c.attrs, [n, 4], 'int32'),
        title: tf.tensor2d(c.title, [n, this.spec.titleTokens], 'int32'),
      }),
    );
    this.builtFor = { model, version: model.version };
    return this.side;
  }

  /** Frees the cached tensor (a lost GPU device may make that throw; the memory goes with the device). */
  release(): void {
    try {
      this.side?.dispose();
    } catch {
      /* see above */
    }
    this.side = null;
    this.builtFor = null;
  }
}
