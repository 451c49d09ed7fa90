/**
 * Seeded pseudo-random numbers for the simulator. Everything the simulator
 * draws comes from an {@link Rng}, so one seed reproduces a catalogue, a world
 * and its event logs bit for bit on any JavaScript engine.
 */

/**
 * cyrb128: hashes a string to four 32-bit words. Used to turn a seed path such
 * as `"7/shopper:s0001"` into an sfc32 state, so that streams derived from
 * different labels are unrelated even when the labels differ by one character.
 */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A seeded random stream (sfc32: 128-bit state, fast, passes PractRand to
 * large sizes; far more than the simulator needs).
 *
 * Same seed, same sequence. {@link Rng.fork} derives an independent stream
 * from the seed path and a label without advancing this one, so adding a draw
 * in one part of the simulator does not shift the numbers of another.
 *
 * @example
 * const rng = new Rng(7);
 * rng.next();            // 0.27…, the same on every run
 * rng.fork('tastes');    // its own stream, independent of how far rng has gone
 */
export class Rng {
  /** The seed path this stream was made from, for example `"7/shopper:s0001"`. */
  readonly key: string;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second value of the last Box–Muller pair, or null. */
  private spareNormal: number | null = null;

  /**
   * @param seed A number or a seed-path string; equal seeds give equal streams.
   */
  constructor(seed: number | string) {
    this.key = String(seed);
    [this.a, this.b, this.c, this.d] = hash128(this.key);
    // The first outputs of sfc32 still correlate with the seed words; burn them.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * A new stream whose seed path is this stream's key plus `label`. It does not
   * consume numbers from this stream, so the result depends only on the key
   * and the label, not on how many numbers were drawn before.
   *
   * @param label Names the purpose, for example `"catalogue"` or `"shopper:s0001"`.
   * @returns An independent {@link Rng}.
   * @example new Rng(7).fork('ads').next() === new Rng(7).fork('ads').next() // true
   */
  fork(label: string): Rng {
    return new Rng(`${this.key}/${label}`);
  }

  /**
   * The next 32-bit unsigned integer of the stream.
   * @returns An integer in [0, 2^32).
   */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /**
   * A uniform number.
   * @returns A number in [0, 1).
   * @example new Rng(1).next() // 0 <= x < 1
   */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * A uniform number in [min, max).
   * @param min Lower bound (inclusive).
   * @param max Upper bound (exclusive).
   * @returns The number.
   * @example rng.float(2, 5)
   */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /**
   * A uniform integer in [0, n).
   * @param n Count of possible values; a positive integer.
   * @returns The integer.
   * @throws {RangeError} when `n` is not a positive integer.
   * @example rng.int(6) // 0..5
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /**
   * A uniform integer in [min, max], both ends included.
   * @param min Smallest value.
   * @param max Largest value, at least `min`.
   * @returns The integer.
   * @throws {RangeError} when the bounds are not integers or `max < min`.
   * @example rng.intBetween(2, 6) // one of 2, 3, 4, 5, 6
   */
  intBetween(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Rng.intBetween: need integers min <= max, got ${min}, ${max}`);
    }
    return min + this.int(max - min + 1);
  }

  /**
   * True with probability `p`.
   * @param p Probability in [0, 1]; values outside are clamped by the comparison.
   * @returns The outcome.
   * @example rng.chance(0.25)
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A uniformly chosen element.
   * @param items A non-empty array.
   * @returns One of its elements.
   * @throws {RangeError} when `items` is empty.
   * @example rng.pick(['a', 'b', 'c'])
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: the array is empty');
    return items[this.int(items.length)] as T;
  }

  /**
   * A standard normal draw scaled to `mean` and `sd` (Box–Muller; the second
   * value of each pair is kept for the next call).
   * @param mean Mean, default 0.
   * @param sd Standard deviation, default 1.
   * @returns The number.
   * @example rng.normal(100, 15)
   */
  normal(mean = 0, sd = 1): number {
    let z: number;
    if (this.spareNormal !== null) {
      z = this.spareNormal;
      this.spareNormal = null;
    } else {
      // 1 - next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - this.next()));
      const theta = 2 * Math.PI * this.next();
      z = r * Math.cos(theta);
      this.spareNormal = r * Math.sin(theta);
    }
    return mean + sd * z;
  }

  /**
   * An exponential draw.
   * @param mean Mean of the distribution (1 / rate), positive.
   * @returns A non-negative number.
   * @example rng.exponential(30) // waiting time with mean 30
   */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /**
   * A Gamma(shape, scale) draw (Marsaglia–Tsang; shapes below 1 use the
   * boost Gamma(a) = Gamma(a + 1) * U^(1/a)).
   * @param shape Shape k, positive.
   * @param scale Scale θ, default 1; the mean is k·θ.
   * @returns A positive number.
   * @throws {RangeError} when `shape` or `scale` is not positive.
   * @example rng.gamma(2, 0.5) // mean 1
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new RangeError(`Rng.gamma: shape and scale must be positive, got ${shape}, ${scale}`);
    if (shape < 1) {
      const u = 1 - this.next();
      return this.gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * A Dirichlet draw: a probability vector. Small alphas give sparse vectors
   * (most mass on a few entries), which is how shopper tastes are made.
   * @param alphas Concentration per entry, each positive.
   * @returns Non-negative numbers summing to 1, one per alpha.
   * @throws {RangeError} when `alphas` is empty or holds a non-positive value.
   * @example rng.dirichlet([0.2, 0.2, 0.2]) // e.g. [0.91, 0.08, 0.01]
   */
  dirichlet(alphas: readonly number[]): number[] {
    if (alphas.length === 0) throw new RangeError('Rng.dirichlet: alphas is empty');
    const draws = alphas.map((a) => this.gamma(a));
    const total = draws.reduce((s, x) => s + x, 0);
    // With tiny alphas every gamma draw can underflow to 0; fall back to one-hot.
    if (!(total > 0)) {
      const out = alphas.map(() => 0);
      out[this.int(alphas.length)] = 1;
      return out;
    }
    return draws.map((x) => x / total);
  }

  /**
   * A Poisson draw (Knuth's product method below mean 30, a rounded normal
   * above, which is plenty for visit counts).
   * @param mean Expected value, non-negative.
   * @returns A non-negative integer.
   * @example rng.poisson(8)
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /**
   * Shuffles an array in place (Fisher–Yates).
   * @param items The array to shuffle.
   * @returns The same array, for chaining.
   * @example rng.shuffle([1, 2, 3])
   */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /**
   * `k` distinct elements in random order (partial Fisher–Yates on a copy).
   * @param items Source array; not modified.
   * @param k How many; clamped to `items.length`.
   * @returns A new array.
   * @example rng.sample(['a', 'b', 'c', 'd'], 2)
   */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(Math.max(0, Math.floor(k)), copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  /**
   * An index drawn with probability proportional to its weight.
   * @param weights Non-negative weights with a positive sum.
   * @returns The chosen index.
   * @throws {RangeError} when no weight is positive or one is negative or not finite.
   * @example rng.weightedIndex([1, 0, 3]) // 0 a quarter of the time, 2 otherwise
   */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Rng.weightedIndex: weights must be finite and >= 0, got ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('Rng.weightedIndex: the weights sum to 0');
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    // Rounding can leave r a hair above 0; return the last positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  /**
   * An element drawn with probability proportional to its weight.
   * @param items Candidates.
   * @param weights One non-negative weight per candidate.
   * @returns The chosen element.
   * @throws {RangeError} when the lengths differ or the weights are unusable.
   * @example rng.weighted(['home', 'category'], [0.4, 0.6])
   */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length !== weights.length) {
      throw new RangeError(`Rng.weighted: ${items.length} items but ${weights.length} weights`);
    }
    return items[this.weightedIndex(weights)] as T;
  }
}
