// All UI state, as signals outside the components. Components read these and render; the
// actions at the bottom and trainer.ts are the only writers.
import { batch, computed, signal, type Signal } from '@preact/signals';
import {
  DEFAULT_FORM,
  datasetDefaults,
  datasetInfo,
  parseDataForm,
  parseTrainingForm,
  stepUnitFor,
  type TrainingForm,
} from './config';
import type { DecisionBoundary } from './plotGrid';
import type { CostRecord, DatasetPoints, DiagnosticItem } from './protocol';

export type TrainingStatus = 'idle' | 'training' | 'paused' | 'done' | 'stopped' | 'error';

/** The controls' raw state, one signal per field. */
export const form: { [Field in keyof TrainingForm]: Signal<TrainingForm[Field]> } = {
  dataset: signal(DEFAULT_FORM.dataset),
  noise: signal(DEFAULT_FORM.noise),
  dataSeed: signal(DEFAULT_FORM.dataSeed),
  testPercent: signal(DEFAULT_FORM.testPercent),
  hiddenLayers: signal(DEFAULT_FORM.hiddenLayers),
  activation: signal(DEFAULT_FORM.activation),
  init: signal(DEFAULT_FORM.init),
  batchNorm: signal(DEFAULT_FORM.batchNorm),
  optimizer: signal(DEFAULT_FORM.optimizer),
  learningRate: signal(DEFAULT_FORM.learningRate),
  batchSize: signal(DEFAULT_FORM.batchSize),
  iterations: signal(DEFAULT_FORM.iterations),
  l2: signal(DEFAULT_FORM.l2),
  keepProb: signal(DEFAULT_FORM.keepProb),
  seed: signal(DEFAULT_FORM.seed),
};

export const formValues = computed<TrainingForm>(() => ({
  dataset: form.dataset.value,
  noise: form.noise.value,
  dataSeed: form.dataSeed.value,
  testPercent: form.testPercent.value,
  hiddenLayers: form.hiddenLayers.value,
  activation: form.activation.value,
  init: form.init.value,
  batchNorm: form.batchNorm.value,
  optimizer: form.optimizer.value,
  learningRate: form.learningRate.value,
  batchSize: form.batchSize.value,
  iterations: form.iterations.value,
  l2: form.l2.value,
  keepProb: form.keepProb.value,
  seed: form.seed.value,
}));

/** The form, validated as the user types. */
export const parsedForm = computed(() => parseTrainingForm(formValues.value));
/** The dataset controls alone: when valid, the page shows that dataset before any training. */
export const parsedData = computed(() =>
  parseDataForm({
    dataset: form.dataset.value,
    noise: form.noise.value,
    dataSeed: form.dataSeed.value,
    testPercent: form.testPercent.value,
  }),
);
/** What the iterations field counts, given the batch size field. */
export const stepUnit = computed(() => stepUnitFor(form.batchSize.value));
export const selectedDataset = computed(() => datasetInfo(form.dataset.value));

export const status = signal<TrainingStatus>('idle');
/** Train was pressed while the form was invalid: list every problem next to the buttons too. */
export const trainRefused = signal(false);
/** Why the last run failed (an engine or worker error), if it did. */
export const runError = signal<{ kind: 'divergence' | 'failure'; message: string } | null>(null);

/** What the current run counts (iterations or epochs) and how many it was asked for: the cost chart's x axis. */
export const runUnit = signal<'iteration' | 'epoch'>('iteration');
export const plannedSteps = signal<number>(Number(DEFAULT_FORM.iterations));
export const costHistory = signal<CostRecord[]>([]);
/** Updates taken, and epochs completed (mini-batch runs). */
export const currentIteration = signal<number | null>(null);
export const currentEpoch = signal<number | null>(null);
export const trainAccuracy = signal<number | null>(null);
export const testAccuracy = signal<number | null>(null);
export const diagnostics = signal<DiagnosticItem[]>([]);

export const dataset = signal<DatasetPoints | null>(null);
export const boundary = signal<DecisionBoundary | null>(null);

/** A run is under way (training or paused): the controls are locked. */
export const isRunning = computed(() => status.value === 'training' || status.value === 'paused');

/** The latest recorded costs (train, and test when there is a test set). */
export const latestRecord = computed(() => costHistory.value.at(-1) ?? null);

/** Top of the cost chart's y axis: the largest recorded cost, train or test. */
export const costCeiling = computed(() => {
  let ceiling = 0;
  for (const record of costHistory.value) ceiling = Math.max(ceiling, record.cost, record.testCost ?? 0);
  return ceiling > 0 ? ceiling : 1;
});

export const hasTestCosts = computed(() => costHistory.value.some((record) => record.testCost !== undefined));

/** Picks a dataset and resets its noise and seed to the catalogue's defaults. */
export function selectDataset(name: string): void {
  const info = datasetInfo(name);
  batch(() => {
    if (info === undefined) {
      form.dataset.value = name;
      return;
    }
    const defaults = datasetDefaults(info);
    form.dataset.value = defaults.dataset;
    form.noise.value = defaults.noise;
    form.dataSeed.value = defaults.dataSeed;
  });
}
