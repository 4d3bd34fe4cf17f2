import * as v from 'valibot';
import { ACTIVATIONS, OUTPUT_HEADS } from '../activations';
import { INITIALIZATIONS } from '../initialization';
import { DTYPES } from '../matrix';
import { OPTIMIZERS } from '../optimizers';

/**
 * The model file's structure as valibot schemas: types, required and unknown keys, enumerations.
 * What depends on other fields (parameter shapes against the layers, one activation per hidden
 * layer, …) is checked afterwards in document.ts, with the same path-first messages.
 *
 * Large arrays (parameters, optimizer moments) use one tight loop (`finiteNumbers`) instead of a
 * schema per element: a million-parameter file validates in milliseconds, and the first bad entry
 * is still reported by index.
 */

const integerAtLeast = (min: number) =>
  v.pipe(
    v.number(),
    v.integer((issue) => `expected an integer, got ${issue.received}`),
    v.minValue(min, (issue) => `expected an integer ≥ ${min}, got ${issue.received}`),
  );

const finite = v.pipe(v.number(), v.finite((issue) => `expected a finite number, got ${issue.received}`));
const positive = v.pipe(finite, v.gtValue(0, (issue) => `expected a positive number, got ${issue.received}`));

/** An array whose every entry is a finite number (checked in one loop; the first bad index reported). */
const finiteNumbers = v.pipe(
  v.custom<number[]>(Array.isArray, (issue) => `expected an array of numbers, got ${issue.received}`),
  v.rawCheck(({ dataset, addIssue }) => {
    const values = dataset.value as unknown[];
    for (let k = 0; k < values.length; k++) {
      const x = values[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        addIssue({
          message: `expected a finite number, got ${describe(x)}`,
          path: [{ type: 'array', origin: 'value', input: values, key: k, value: x }],
        });
        return;
      }
    }
  }),
);

const MatrixSchema = v.strictObject({
  shape: v.strictTuple([integerAtLeast(0), integerAtLeast(0)]),
  data: finiteNumbers,
});

const ArchitectureSchema = v.strictObject({
  layers: v.pipe(v.array(integerAtLeast(1)), v.minLength(2, 'expected at least [n_x, n_L] (input and output sizes)')),
  hidden: v.array(v.picklist(ACTIVATIONS)),
  output: v.picklist(OUTPUT_HEADS),
  leakyReluAlpha: finite,
  batchNorm: v.optional(v.boolean()),
  batchNormMomentum: v.optional(finite),
  batchNormEpsilon: v.optional(positive),
  dtype: v.optional(v.picklist(DTYPES)),
});

const InitializationSchema = v.strictObject({
  init: v.picklist(INITIALIZATIONS),
  initScale: finite,
  seed: v.pipe(integerAtLeast(0), v.maxValue(0xffffffff, 'expected an integer between 0 and 2**32 - 1')),
});

const TransformerSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('scale'), factor: v.pipe(finite, v.notValue(0, 'expected a nonzero factor')) }),
  v.strictObject({ kind: v.literal('divide'), divisor: v.pipe(finite, v.notValue(0, 'expected a nonzero divisor')) }),
  v.strictObject({ kind: v.literal('standardize'), mean: finiteNumbers, std: v.array(positive) }),
  v.strictObject({ kind: v.literal('minmax'), min: finiteNumbers, range: v.array(positive) }),
  // The terms' syntax and their indices against `inputs` are checked in document.ts (checkModelFields).
  v.strictObject({
    kind: v.literal('features'),
    terms: v.pipe(v.array(v.string()), v.minLength(1, 'expected at least one term')),
    inputs: integerAtLeast(1),
  }),
]);

const uint32 = v.pipe(integerAtLeast(0), v.maxValue(0xffffffff, 'expected an unsigned 32-bit integer'));

/** trainer.checkpoint() as stored; `earlyStopping.best` is null while there is no best yet (Infinity). */
export const CheckpointSchema = v.strictObject({
  format: v.literal('ann-training'),
  version: v.literal(1),
  mode: v.picklist(['iterations', 'epochs']),
  iteration: integerAtLeast(0),
  epoch: integerAtLeast(0),
  batch: integerAtLeast(0),
  epochLoss: finite,
  epochPenalty: finite,
  permutation: v.nullable(v.array(integerAtLeast(0))),
  optimizer: v.strictObject({
    type: v.picklist(OPTIMIZERS),
    t: integerAtLeast(0),
    v: v.record(v.string(), finiteNumbers),
    s: v.record(v.string(), finiteNumbers),
  }),
  rng: v.strictObject({
    key: v.pipe(v.array(uint32), v.length(624, (issue) => `expected 624 words, got ${issue.received}`)),
    pos: v.pipe(integerAtLeast(0), v.maxValue(624, 'expected an integer between 0 and 624')),
    hasGauss: v.boolean(),
    gauss: finite,
  }),
  earlyStopping: v.nullable(v.strictObject({ best: v.nullable(finite), wait: integerAtLeast(0) })),
});

const common = {
  format: v.literal('ann-model'),
  architecture: ArchitectureSchema,
  initialization: InitializationSchema,
  parameters: v.record(v.string(), MatrixSchema),
  batchNormStatistics: v.optional(v.record(v.string(), MatrixSchema)),
};

/** Version 1: what Network.toJSON wrote before model files (a network and its training count). */
export const ModelDocumentV1Schema = v.strictObject({
  ...common,
  version: v.literal(1),
  training: v.strictObject({ iterations: integerAtLeast(0) }),
});

/** Version 2: version 1 plus preprocessing, names, the training configuration, metrics and a checkpoint. */
export const ModelDocumentV2Schema = v.strictObject({
  ...common,
  version: v.literal(2),
  preprocessing: v.array(TransformerSchema),
  featureNames: v.optional(v.array(v.string())),
  labelName: v.optional(v.string()),
  classNames: v.optional(v.array(v.string())),
  training: v.strictObject({
    iterations: integerAtLeast(0),
    config: v.optional(v.record(v.string(), v.unknown())),
    seed: v.optional(v.pipe(integerAtLeast(0), v.maxValue(0xffffffff, 'expected an integer between 0 and 2**32 - 1'))),
    checkpoint: v.optional(CheckpointSchema),
  }),
  metrics: v.optional(v.record(v.string(), v.unknown())),
});

export type ModelDocumentV2 = v.InferOutput<typeof ModelDocumentV2Schema>;

/** The first issue of a failed parse as (path, message) in the model file's wording. */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): { path: (string | number)[]; detail: string } {
  // A variant reports a bad discriminator; a nested issue is more precise when there is one.
  const issue = issues[0]!;
  const path = (issue.path ?? []).map((item) => item.key as string | number);
  return { path, detail: issueText(issue) };
}

function issueText(issue: v.BaseIssue<unknown>): string {
  const { type, expected, received } = issue;
  if (type === 'strict_object' || type === 'object') {
    if (expected === 'never') return 'unexpected key';
    if (received === 'undefined' && expected !== 'Object') return 'missing';
    return `expected an object, got ${received}`;
  }
  if (type === 'strict_tuple' && expected === 'never') return 'expected exactly [rows, cols]';
  if (issue.kind === 'validation' || type === 'custom') return issue.message;
  if (type === 'array') return `expected an array, got ${received}`;
  if (type === 'record') return `expected an object, got ${received}`;
  if (type === 'variant') return `expected kind ${expected ?? ''}, got ${received}`;
  return `expected ${expected ?? 'a different value'}, got ${received}`;
}

/** A value for a message: numbers as they print (NaN), others as JSON, shortened. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
