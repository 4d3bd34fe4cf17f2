// The playground's settings: defaults, the choices each control offers, and the URL form
// (`#problem=classification&dataset=planarFlower&hidden=4&…`). Everything here is pure, so the URL
// round trip and the validation are unit-tested without a browser. The choices come from core's
// light `@ann/core/constants` entry (never the engine, which lives in the worker's bundle).
// One file because the defaults, the choices and the URL reader and writer must agree setting by
// setting.
import {
  ACTIVATIONS,
  DATASET_CATALOG,
  FEATURE_TERMS,
  INITIALIZATIONS,
  OPTIMIZERS,
  type Activation,
  type DatasetInfo,
  type DatasetName,
  type Initialization,
  type OptimizerName,
} from '@ann/core/constants';
import type { LiveSettings, PlaygroundSettings, ProblemType, StructureSettings } from './protocol';

export const PROBLEM_TYPES: readonly { value: ProblemType; label: string }[] = [
  { value: 'classification', label: 'Classification' },
  { value: 'multiclass', label: 'Multi-class' },
  { value: 'regression', label: 'Regression' },
];

/** Which catalogue task each problem type trains on (the worker checks a dataset against it too). */
export const TASK_OF: Record<ProblemType, DatasetInfo['task']> = {
  classification: 'binary',
  multiclass: 'multiclass',
  regression: 'regression',
};

export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 1.2, 3, 10] as const;
export const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10] as const;
export const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.5] as const;
/** 0 is the full batch. */
export const BATCH_SIZES = [0, 1, 10, 32, 64, 128] as const;
export const STEPS_PER_FRAME = [1, 2, 5, 10, 20, 50, 100] as const;
export const CLASS_COUNTS = [3, 4, 5, 6] as const;
export const BETAS = [0.5, 0.8, 0.9, 0.95, 0.99] as const;
export const BETA2S = [0.99, 0.999, 0.9999] as const;

/** The network's size limits (the worker refuses anything larger). */
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_UNITS = 32;

/** A freshly added hidden layer, and the unit count a layer starts with. */
export const NEW_LAYER_UNITS = 4;
export const DEFAULT_ACTIVATION: Activation = 'tanh';

/** The catalogue's datasets of a problem type, in the catalogue's order. */
export function datasetsFor(problem: ProblemType): DatasetInfo[] {
  return DATASET_CATALOG.filter((info) => info.task === TASK_OF[problem]);
}

export function datasetInfo(name: string): DatasetInfo | undefined {
  return DATASET_CATALOG.find((info) => info.name === name);
}

/**
 * The noise slider's default for a dataset, in percent of its largest noise: the catalogue's
 * default noise, or 0 for a generator without noise (the flower).
 */
export function defaultNoise(name: string): number {
  const info = datasetInfo(name);
  const noise = info?.defaults.noise;
  const max = info?.noiseMax;
  if (noise === undefined || max === undefined || !(max > 0)) return 0;
  return Math.min(100, Math.max(0, Math.round((noise / max) * 100)));
}

/**
 * The noise the data picker's previews are drawn at: the slider's, unless the current dataset takes
 * none (the flower's 0 would show the others as a few stacked points); then the middle of the
 * problem type's default noises, a fair picture of what picking one gives.
 */
export function previewNoise(s: Pick<PlaygroundSettings, 'problem' | 'dataset' | 'noise'>): number {
  if (datasetInfo(s.dataset)?.defaults.noise !== undefined) return s.noise;
  const defaults = datasetsFor(s.problem)
    .filter((d) => d.defaults.noise !== undefined)
    .map((d) => defaultNoise(d.name))
    .sort((a, b) => a - b);
  return defaults[Math.floor(defaults.length / 2)] ?? 0;
}

export const DEFAULT_SETTINGS: Readonly<PlaygroundSettings> = Object.freeze({
  problem: 'classification',
  dataset: 'planarFlower',
  classes: 3,
  noise: defaultNoise('planarFlower'),
  trainPercent: 80,
  dataSeed: 1,
  features: ['x1', 'x2'],
  hidden: [4],
  activations: ['tanh'],
  init: 'random',
  initScale: 0.01,
  shuffle: 'generator',
  weightSeed: 2,
  batchSize: 0,
  learningRate: 1.2,
  l2: 0,
  dropout: 0,
  optimizer: 'gd',
  beta: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  stepsPerFrame: 10,
  stopAt: 0,
  lesson: '',
  showTestData: false,
  discretize: false,
  logScale: false,
} satisfies PlaygroundSettings);

/** Fields in the order the URL lists them. */
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof PlaygroundSettings)[];

export const STRUCTURE_KEYS: readonly (keyof StructureSettings)[] = [
  'problem',
  'dataset',
  'classes',
  'noise',
  'trainPercent',
  'dataSeed',
  'features',
  'hidden',
  'activations',
  'init',
  'initScale',
  'shuffle',
  'weightSeed',
  'batchSize',
];

export const LIVE_KEYS: readonly (keyof LiveSettings)[] = [
  'learningRate',
  'l2',
  'dropout',
  'optimizer',
  'beta',
  'beta1',
  'beta2',
];

export function structureOf(s: PlaygroundSettings): StructureSettings {
  return {
    problem: s.problem,
    dataset: s.dataset,
    classes: s.classes,
    noise: s.noise,
    trainPercent: s.trainPercent,
    dataSeed: s.dataSeed,
    features: [...s.features],
    hidden: [...s.hidden],
    activations: [...s.activations],
    init: s.init,
    initScale: s.initScale,
    shuffle: s.shuffle,
    weightSeed: s.weightSeed,
    batchSize: s.batchSize,
  };
}

/** The settings with another structure (an imported model's), the live and view settings kept. */
export function withStructure(s: PlaygroundSettings, structure: StructureSettings): PlaygroundSettings {
  return {
    ...s,
    ...structure,
    features: sortFeatures(structure.features),
    hidden: [...structure.hidden],
    activations: [...structure.activations],
  };
}

export function liveOf(s: PlaygroundSettings): LiveSettings {
  return {
    learningRate: s.learningRate,
    l2: s.l2,
    dropout: s.dropout,
    optimizer: s.optimizer,
    beta: s.beta,
    beta1: s.beta1,
    beta2: s.beta2,
  };
}

/** A key that changes exactly when a structure field changes (the client reconfigures then). */
export function structureKey(s: PlaygroundSettings): string {
  return JSON.stringify(structureOf(s));
}

export function liveKey(s: PlaygroundSettings): string {
  return JSON.stringify(liveOf(s));
}

// ---------------------------------------------------------------------------------------------
// URL encoding

function encodeValue(value: PlaygroundSettings[keyof PlaygroundSettings]): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * The settings as a URL hash body (no leading '#'): every field, in a fixed order. Commas are left
 * unescaped so lists stay readable (`features=x1,x2`); URLSearchParams reads them back either way.
 */
export function encodeSettings(s: PlaygroundSettings): string {
  const params = new URLSearchParams();
  for (const key of SETTING_KEYS) params.set(key, encodeValue(s[key]));
  return params.toString().replace(/%2C/gi, ',');
}

export interface DecodeResult {
  settings: PlaygroundSettings;
  /** One line per URL value that was refused (its key named), replaced by the default. */
  notices: string[];
}

type Parser<T> = (raw: string) => T | undefined;

const number =
  (min: number, max: number, options: { integer?: boolean; minExclusive?: boolean; maxExclusive?: boolean } = {}): Parser<number> =>
  (raw) => {
    if (raw.trim() === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) return undefined;
    if (options.integer === true && !Number.isInteger(value)) return undefined;
    if (options.minExclusive === true ? value <= min : value < min) return undefined;
    if (options.maxExclusive === true ? value >= max : value > max) return undefined;
    // '-0' reads as 0: -0 would be written back as '0' and the link would not round-trip.
    return value === 0 ? 0 : value;
  };

const oneOf =
  <T extends string>(choices: readonly T[]): Parser<T> =>
  (raw) =>
    (choices as readonly string[]).includes(raw) ? (raw as T) : undefined;

const bool: Parser<boolean> = (raw) => {
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  return undefined;
};

/** A comma-separated list; '' is the empty list. Undefined when any element is refused. */
const list =
  <T>(element: Parser<T>, maxLength: number): Parser<T[]> =>
  (raw) => {
    if (raw.trim() === '') return [];
    const items = raw.split(',').map((part) => element(part.trim()));
    if (items.length > maxLength || items.some((item) => item === undefined)) return undefined;
    return items as T[];
  };

const PROBLEM_VALUES = PROBLEM_TYPES.map((p) => p.value);
const SEED = number(0, 2 ** 31 - 1, { integer: true });

const PARSERS: { [K in keyof PlaygroundSettings]: Parser<PlaygroundSettings[K]> } = {
  problem: oneOf(PROBLEM_VALUES),
  dataset: (raw) => (datasetInfo(raw) !== undefined ? (raw as DatasetName) : undefined),
  classes: number(CLASS_COUNTS[0], CLASS_COUNTS[CLASS_COUNTS.length - 1], { integer: true }),
  noise: number(0, 100),
  trainPercent: number(10, 100),
  dataSeed: SEED,
  features: (raw) => {
    const terms = list(oneOf(FEATURE_TERMS as readonly string[]), FEATURE_TERMS.length)(raw);
    if (terms === undefined || terms.length === 0 || new Set(terms).size !== terms.length) return undefined;
    return sortFeatures(terms);
  },
  hidden: list(number(1, MAX_UNITS, { integer: true }), MAX_HIDDEN_LAYERS),
  activations: list(oneOf(ACTIVATIONS), MAX_HIDDEN_LAYERS),
  init: oneOf<Initialization>(INITIALIZATIONS),
  initScale: number(0, 100, { minExclusive: true }),
  shuffle: oneOf(['generator', 'course'] as const),
  weightSeed: SEED,
  batchSize: number(0, 100_000, { integer: true }),
  learningRate: number(0, 100, { minExclusive: true }),
  l2: number(0, 1000),
  dropout: number(0, 1, { maxExclusive: true }),
  optimizer: oneOf<OptimizerName>(OPTIMIZERS),
  beta: number(0, 1, { maxExclusive: true }),
  beta1: number(0, 1, { maxExclusive: true }),
  beta2: number(0, 1, { maxExclusive: true }),
  stepsPerFrame: number(1, 1000, { integer: true }),
  stopAt: number(0, 10_000_000, { integer: true }),
  lesson: (raw) => (/^[a-z0-9-]{0,40}$/i.test(raw) ? raw : undefined),
  showTestData: bool,
  discretize: bool,
  logScale: bool,
};

/** What each key accepts, for the notice. */
const EXPECTED: Record<keyof PlaygroundSettings, string> = {
  problem: PROBLEM_VALUES.join(', '),
  dataset: 'a dataset of the chosen problem type',
  classes: 'a whole number from 3 to 6',
  noise: 'a number from 0 to 100',
  trainPercent: 'a number from 10 to 100',
  dataSeed: 'a whole number ≥ 0',
  features: `one or more of ${FEATURE_TERMS.join(', ')}`,
  hidden: `up to ${MAX_HIDDEN_LAYERS} unit counts from 1 to ${MAX_UNITS}, comma-separated`,
  activations: `one of ${ACTIVATIONS.join(', ')} per hidden layer`,
  init: INITIALIZATIONS.join(', '),
  initScale: 'a number above 0 and at most 100',
  shuffle: 'generator or course',
  weightSeed: 'a whole number ≥ 0',
  batchSize: 'a whole number ≥ 0 (0 is the full batch)',
  learningRate: 'a number above 0 and at most 100',
  l2: 'a number from 0 to 1000',
  dropout: 'a number from 0 to just below 1',
  optimizer: OPTIMIZERS.join(', '),
  beta: 'a number from 0 to just below 1',
  beta1: 'a number from 0 to just below 1',
  beta2: 'a number from 0 to just below 1',
  stepsPerFrame: 'a whole number from 1 to 1000',
  stopAt: 'a whole number ≥ 0 (0: never)',
  lesson: 'a lesson name',
  showTestData: '1 or 0',
  discretize: '1 or 0',
  logScale: '1 or 0',
};

function notice(key: string, raw: string, expected: string): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `The link's ${key}=${shown} is not valid (expected ${expected}); using the default.`;
}

/** Features in core's order (the order the network's inputs take). */
export function sortFeatures(terms: readonly string[]): string[] {
  return FEATURE_TERMS.filter((term) => terms.includes(term));
}

/**
 * Reads settings from a URL hash (with or without '#'). Missing keys take their defaults; a value
 * that is refused takes its default too and adds a notice naming the key. Keys that depend on
 * others (the dataset on the problem type, the activations on the hidden layers) are checked
 * together, so every returned settings object is one the worker accepts.
 */
export function decodeSettings(hash: string): DecodeResult {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const settings: PlaygroundSettings = { ...DEFAULT_SETTINGS, features: [...DEFAULT_SETTINGS.features], hidden: [...DEFAULT_SETTINGS.hidden], activations: [...DEFAULT_SETTINGS.activations] };
  const notices: string[] = [];
  const present = new Set<string>();
  const assign = <K extends keyof PlaygroundSettings>(key: K, value: PlaygroundSettings[K]) => {
    settings[key] = value;
  };
  for (const key of SETTING_KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    present.add(key);
    const value = PARSERS[key](raw);
    if (value === undefined) notices.push(notice(key, raw, EXPECTED[key]));
    else assign(key, value);
  }

  // The dataset must belong to the problem type; a problem without a dataset key gets its first.
  const allowed = datasetsFor(settings.problem).map((info) => info.name as string);
  if (!allowed.includes(settings.dataset)) {
    if (present.has('dataset') && !notices.some((n) => n.includes(' dataset='))) {
      notices.push(notice('dataset', params.get('dataset') ?? '', `one of ${allowed.join(', ')} for ${settings.problem}`));
    }
    settings.dataset = (allowed[0] ?? DEFAULT_SETTINGS.dataset) as DatasetName;
    if (!present.has('noise')) settings.noise = defaultNoise(settings.dataset);
  } else if (!present.has('noise')) {
    settings.noise = defaultNoise(settings.dataset);
  }

  // One activation per hidden layer: a hidden list given without activations gets the default
  // activation for each layer; a mismatch is a notice.
  if (settings.activations.length !== settings.hidden.length) {
    if (present.has('activations') && !notices.some((n) => n.includes(' activations='))) {
      notices.push(
        notice('activations', params.get('activations') ?? '', `${settings.hidden.length} activation(s), one per hidden layer`),
      );
    }
    settings.activations = settings.hidden.map((_, i) => settings.activations[i] ?? DEFAULT_ACTIVATION);
  }
  return { settings, notices };
}

// ---------------------------------------------------------------------------------------------
// Changes the controls make (pure: old settings in, new settings out).

/** A new problem type resets the dataset to the first of its list (and that dataset's noise). */
export function withProblem(s: PlaygroundSettings, problem: ProblemType): PlaygroundSettings {
  if (problem === s.problem) return s;
  const first = datasetsFor(problem)[0]?.name ?? s.dataset;
  return { ...s, problem, dataset: first, noise: defaultNoise(first) };
}

export function withDataset(s: PlaygroundSettings, dataset: DatasetName): PlaygroundSettings {
  if (dataset === s.dataset) return s;
  return { ...s, dataset, noise: defaultNoise(dataset) };
}

export function withLayerAdded(s: PlaygroundSettings): PlaygroundSettings {
  if (s.hidden.length >= MAX_HIDDEN_LAYERS) return s;
  const activation = s.activations[s.activations.length - 1] ?? DEFAULT_ACTIVATION;
  return { ...s, hidden: [...s.hidden, NEW_LAYER_UNITS], activations: [...s.activations, activation] };
}

export function withLayerRemoved(s: PlaygroundSettings): PlaygroundSettings {
  if (s.hidden.length === 0) return s;
  return { ...s, hidden: s.hidden.slice(0, -1), activations: s.activations.slice(0, -1) };
}

/** Adds (delta 1) or removes (delta -1) a unit of hidden layer `layer` (1-based), within 1..MAX_UNITS. */
export function withUnits(s: PlaygroundSettings, layer: number, delta: number): PlaygroundSettings {
  const current = s.hidden[layer - 1];
  if (current === undefined) return s;
  const next = Math.min(MAX_UNITS, Math.max(1, current + delta));
  if (next === current) return s;
  const hidden = [...s.hidden];
  hidden[layer - 1] = next;
  return { ...s, hidden };
}

export function withActivation(s: PlaygroundSettings, layer: number, activation: Activation): PlaygroundSettings {
  if (s.activations[layer - 1] === undefined) return s;
  const activations = [...s.activations];
  activations[layer - 1] = activation;
  return { ...s, activations };
}

/** Turns an input feature on or off; the last feature stays on (a network needs an input). */
export function withFeature(s: PlaygroundSettings, term: string, on: boolean): PlaygroundSettings {
  const has = s.features.includes(term);
  if (on === has) return s;
  if (!on && s.features.length === 1) return s;
  const features = on ? sortFeatures([...s.features, term]) : s.features.filter((f) => f !== term);
  return { ...s, features };
}

/** A choice list with `value` added in order when a URL brought one that is not in it. */
export function choicesWith(choices: readonly number[], value: number): number[] {
  if (choices.includes(value)) return [...choices];
  return [...choices, value].sort((a, b) => a - b);
}
