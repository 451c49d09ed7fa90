/**
 * Ridge logistic regression with a fixed offset, solved by Newton's method:
 *
 *   minimise  Σᵢ mᵢ · bce(σ(oᵢ + xᵢ·w), yᵢ)  +  (λ/2) · ‖w − w₀‖²
 *
 * The offset oᵢ is what the rest of the model already says about row i; w is
 * a small linear correction on top (the personal head). The problem is convex
 * with a positive-definite Hessian for λ > 0, so a handful of Newton steps
 * reach the optimum on a few thousand rows, with no learning rate to tune and
 * no minibatch noise: on a shopper's few hundred impressions, plain gradient
 * steps mostly fit noise.
 */

/** The problem: rows of `dim` features, their offsets, labels and row weights. */
export interface OffsetLogisticProblem {
  /** Row-major features, `rows × dim`. */
  x: ArrayLike<number>;
  dim: number;
  /** Logit of each row from everything but `w`. */
  offset: ArrayLike<number>;
  /** 0 or 1. */
  labels: ArrayLike<number>;
  /** Row weights; 0 leaves a row out. */
  mask: ArrayLike<number>;
  /** The prior's centre (the shipped weights). */
  prior: ArrayLike<number>;
  /** The prior's strength λ > 0, in units of one row's loss. */
  lambda: number;
}

/** Result of {@link solveOffsetLogistic}. */
export interface OffsetLogisticSolution {
  w: Float64Array;
  /** The objective at `w`. */
  objective: number;
  /** Newton steps taken. */
  iterations: number;
}

/** log(1 + eᶻ) without overflow. */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function objectiveAt(p: OffsetLogisticProblem, w: Float64Array, n: number): number {
  const { x, dim, offset, labels, mask, prior, lambda } = p;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const m = mask[i] as number;
    if (!(m > 0)) continue;
    let z = offset[i] as number;
    for (let j = 0; j < dim; j++) z += (x[i * dim + j] as number) * w[j]!;
    // bce(σ(z), y) = log(1 + e^z) − y·z
    f += m * (log1pExp(z) - (labels[i] as number) * z);
  }
  for (let j = 0; j < dim; j++) f += (lambda / 2) * (w[j]! - (prior[j] as number)) ** 2;
  return f;
}

/**
 * The Cholesky factor L (A = L·Lᵀ, row-major, lower triangle) of a symmetric
 * positive-definite n × n matrix A.
 * @returns L, or null when A is not positive definite.
 */
export function choleskyFactor(a: ArrayLike<number>, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return l;
}

/** Solves L·Lᵀ·d = b for d, given the factor of {@link choleskyFactor}. */
export function choleskySubstitute(l: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const d = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * d[k]!;
    d[i] = s / l[i * n + i]!;
  }
  return d;
}

/**
 * Minimises the offset logistic objective by damped Newton steps from `start`
 * (the prior's centre when omitted).
 * @param problem - rows, offsets, labels, prior.
 * @param start - where to begin, for example the current weights.
 * @param maxIterations - at most this many Newton steps (default 20).
 * @throws {RangeError} when λ is not positive or the arrays disagree in length.
 */
export function solveOffsetLogistic(problem: OffsetLogisticProblem, start?: ArrayLike<number>, maxIterations = 20): OffsetLogisticSolution {
  const { x, dim, offset, labels, mask, prior, lambda } = problem;
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`solveOffsetLogistic: lambda must be a positive number, got ${lambda}`);
  const n = offset.length;
  if (x.length !== n * dim || labels.length !== n || mask.length !== n || prior.length !== dim)
    throw new RangeError(`solveOffsetLogistic: ${n} offsets need ${n * dim} features, ${n} labels and mask values and a prior of ${dim}`);
  let w = Float64Array.from(start ?? prior);
  let f = objectiveAt(problem, w, n);
  let iterations = 0;
  const grad = new Float64Array(dim);
  const hess = new Float64Array(dim * dim);
  for (; iterations < maxIterations; iterations++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const m = mask[i] as number;
      if (!(m > 0)) continue;
      let z = offset[i] as number;
      for (let j = 0; j < dim; j++) z += (x[i * dim + j] as number) * w[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const r = m * (p - (labels[i] as number));
      const h = m * p * (1 - p);
      for (let j = 0; j < dim; j++) {
        const xj = x[i * dim + j] as number;
        if (xj === 0) continue;
        grad[j]! += r * xj;
        for (let k = 0; k <= j; k++) hess[j * dim + k]! += h * xj * (x[i * dim + k] as number);
      }
    }
    for (let j = 0; j < dim; j++) {
      grad[j]! += lambda * (w[j]! - (prior[j] as number));
      hess[j * dim + j]! += lambda;
      for (let k = 0; k < j; k++) hess[k * dim + j] = hess[j * dim + k]!;
    }
    const factor = choleskyFactor(hess, dim);
    if (!factor) break;
    const d = choleskySubstitute(factor, grad, dim);
    // Halve the step until the objective does not rise (Newton on a logistic
    // loss can overshoot far from the optimum).
    let t = 1;
    let next = w;
    let fNext = f;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      const cand = Float64Array.from(w, (v, j) => v - t * d[j]!);
      const fc = objectiveAt(problem, cand, n);
      if (fc <= f) {
        next = cand;
        fNext = fc;
        break;
      }
    }
    const moved = Math.max(...Array.from(next, (v, j) => Math.abs(v - w[j]!)));
    w = next;
    const gain = f - fNext;
    f = fNext;
    if (moved < 1e-7 || gain < 1e-10 * Math.max(1, Math.abs(f))) {
      iterations++;
      break;
    }
  }
  return { w, objective: f, iterations };
}
