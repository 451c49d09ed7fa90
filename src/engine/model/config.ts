/**
 * The model as a plain JSON config. {@link validateModelConfig} copies it,
 * fills defaults and names the field that is wrong.
 */
import { ConfigError } from '../errors';
import { attributeVocabSize, candidateDenseSize, itemVocabSize, shopperDenseSize } from '../features/encode';
import type { FeatureSpec } from '../features/spec';

/** The heads of the model. `purchase` is ESMM: pCTCVR = pCTR x pCVR. */
export const TASK_NAMES = ['click', 'purchase', 'adClick', 'tags'] as const;
/** One of {@link TASK_NAMES}. */
export type TaskName = (typeof TASK_NAMES)[number];

/**
 * Bottoms shared by the candidate tasks:
 * - `shared-bottom`: one expert every task reads;
 * - `mmoe`: `experts` shared experts, one softmax gate per task (Ma et al., 2018);
 * - `ple`: `sharedExperts` shared plus `taskExperts` own experts per task, each
 *   task's gate over the shared and its own (one extraction layer, as in CGC;
 *   Tang et al., 2020).
 */
export const BOTTOMS = ['shared-bottom', 'mmoe', 'ple'] as const;
/** One of {@link BOTTOMS}. */
export type Bottom = (typeof BOTTOMS)[number];

/**
 * How task losses are combined: `fixed` sums `taskWeights[t] x loss_t`;
 * `uncertainty` learns one log-variance s_t per task and sums
 * `taskWeights[t] x (exp(-s_t) x loss_t + s_t / 2)` (Kendall et al., 2018).
 */
export const TASK_WEIGHTINGS = ['fixed', 'uncertainty'] as const;
/** One of {@link TASK_WEIGHTINGS}. */
export type TaskWeighting = (typeof TASK_WEIGHTINGS)[number];

/** Input sizes, derived from the feature spec. */
export interface ModelInputSizes {
  /** Item vocabulary including missing and unknown. */
  items: number;
  /** Shared attribute vocabulary (category, brand, colour, price band). */
  attributes: number;
  titleBuckets: number;
  titleTokens: number;
  recentLength: number;
  shopperDense: number;
  candidateDense: number;
  /** Number of interest tags (width of the `tags` head). */
  tags: number;
}

/** Everything that defines the network. */
export interface ModelConfig {
  format: 1;
  /** Bottom shared by the candidate-side tasks ({@link BOTTOMS}). */
  bottom: Bottom;
  /** Seed of every initializer: same config, same initial weights. */
  seed: number;
  inputs: ModelInputSizes;
  itemEmbedding: number;
  attributeEmbedding: number;
  titleEmbedding: number;
  shopperHidden: number;
  /** Width of the shopper vector the encoder hands to the candidate scorer. */
  shopperDim: number;
  /** Experts of the `mmoe` bottom. */
  experts: number;
  /** Shared experts of the `ple` bottom. */
  sharedExperts: number;
  /** Experts each candidate task owns in the `ple` bottom. */
  taskExperts: number;
  /** Width of every expert (the `shared-bottom` is one expert of this width). */
  expertUnits: number;
  towerUnits: number;
  /** Weight of each task's loss in the total loss; 0 leaves a task out (a single-task model). */
  taskWeights: Record<TaskName, number>;
  /** How the weighted task losses are combined ({@link TASK_WEIGHTINGS}). */
  taskWeighting: TaskWeighting;
}

/** Config fields that have defaults. */
export type ModelConfigInput = Pick<ModelConfig, 'inputs'> &
  Partial<Omit<ModelConfig, 'inputs' | 'format' | 'taskWeights'>> & {
    /** Weights of the tasks named; the others keep their defaults. */
    taskWeights?: Partial<Record<TaskName, number>>;
  };

const DEFAULTS: Omit<ModelConfig, 'inputs'> = {
  format: 1,
  bottom: 'mmoe',
  seed: 42,
  itemEmbedding: 16,
  attributeEmbedding: 8,
  titleEmbedding: 8,
  shopperHidden: 64,
  shopperDim: 32,
  experts: 4,
  sharedExperts: 2,
  taskExperts: 1,
  expertUnits: 32,
  towerUnits: 16,
  taskWeights: { click: 1, purchase: 1, adClick: 1, tags: 0.5 },
  taskWeighting: 'fixed',
};

/**
 * Copies a config, fills defaults and checks every field.
 * @param input - a partial config; never modified.
 * @returns a complete config.
 * @throws {ConfigError} naming the first invalid field.
 * @example
 * const config = validateModelConfig({ inputs: modelInputSizes(spec), experts: 6 });
 */
export function validateModelConfig(input: ModelConfigInput): ModelConfig {
  const config: ModelConfig = {
    ...structuredClone(DEFAULTS),
    ...structuredClone(input),
    format: 1,
    taskWeights: { ...DEFAULTS.taskWeights, ...(input.taskWeights ?? {}) },
  };
  if (!(BOTTOMS as readonly string[]).includes(config.bottom))
    throw new ConfigError(`model config: bottom must be one of ${BOTTOMS.join(', ')}; got ${JSON.stringify(config.bottom)}`);
  if (!(TASK_WEIGHTINGS as readonly string[]).includes(config.taskWeighting))
    throw new ConfigError(`model config: taskWeighting must be one of ${TASK_WEIGHTINGS.join(', ')}; got ${JSON.stringify(config.taskWeighting)}`);
  const positiveInt = (path: string, v: unknown): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new ConfigError(`model config: ${path} must be a positive integer, got ${JSON.stringify(v)}`);
  };
  if (!Number.isInteger(config.seed)) throw new ConfigError(`model config: seed must be an integer, got ${JSON.stringify(config.seed)}`);
  if (typeof config.inputs !== 'object' || config.inputs === null)
    throw new ConfigError('model config: inputs is required (derive it with modelInputSizes(spec))');
  for (const k of ['items', 'attributes', 'titleBuckets', 'titleTokens', 'recentLength', 'shopperDense', 'candidateDense', 'tags'] as const) {
    positiveInt(`inputs.${k}`, config.inputs[k]);
  }
  for (const k of [
    'itemEmbedding',
    'attributeEmbedding',
    'titleEmbedding',
    'shopperHidden',
    'shopperDim',
    'experts',
    'sharedExperts',
    'taskExperts',
    'expertUnits',
    'towerUnits',
  ] as const) {
    positiveInt(k, config[k]);
  }
  for (const [k, v] of Object.entries(config.taskWeights)) {
    if (!(TASK_NAMES as readonly string[]).includes(k))
      throw new ConfigError(`model config: taskWeights.${k} is not a task; tasks are ${TASK_NAMES.join(', ')}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ConfigError(`model config: taskWeights.${k} must be a finite number >= 0, got ${JSON.stringify(v)}`);
  }
  if (!Object.values(config.taskWeights).some((v) => v > 0)) throw new ConfigError('model config: taskWeights must give at least one task a weight above 0');
  return config;
}

/**
 * Input sizes of a model for a feature spec.
 * @param spec - the feature spec the model reads.
 */
export function modelInputSizes(spec: FeatureSpec): ModelInputSizes {
  return {
    items: itemVocabSize(spec),
    attributes: attributeVocabSize(spec),
    titleBuckets: spec.titleBuckets,
    titleTokens: spec.titleTokens,
    recentLength: spec.recentLength,
    shopperDense: shopperDenseSize(spec),
    candidateDense: candidateDenseSize(),
    tags: spec.vocab.tags.length,
  };
}
