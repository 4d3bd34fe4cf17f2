// All UI state, as signals outside the components. Components read these and render; only
// trainer.ts writes the training results.
import { computed, signal } from '@preact/signals';
import { DEFAULT_FORM, parseTrainingForm, type TrainingForm } from './config';
import type { DecisionBoundary } from './plotGrid';
import type { CostRecord, DatasetPoints } from './protocol';

export type TrainingStatus = 'idle' | 'training' | 'done' | 'stopped' | 'error';

/** The controls' raw text, one signal per field. */
export const form = {
  hiddenLayers: signal(DEFAULT_FORM.hiddenLayers),
  activation: signal(DEFAULT_FORM.activation),
  learningRate: signal(DEFAULT_FORM.learningRate),
  iterations: signal(DEFAULT_FORM.iterations),
  seed: signal(DEFAULT_FORM.seed),
};

export const formValues = computed<TrainingForm>(() => ({
  hiddenLayers: form.hiddenLayers.value,
  activation: form.activation.value,
  learningRate: form.learningRate.value,
  iterations: form.iterations.value,
  seed: form.seed.value,
}));

/** The form, validated as the user types. */
export const parsedForm = computed(() => parseTrainingForm(formValues.value));

export const status = signal<TrainingStatus>('idle');
/** Why the last run failed (an engine or worker error), if it did. */
export const runError = signal<string | null>(null);

/** Iterations the current run was asked for: the x extent of the cost chart. */
export const plannedIterations = signal<number>(Number(DEFAULT_FORM.iterations));
export const costHistory = signal<CostRecord[]>([]);
export const currentIteration = signal<number | null>(null);
export const currentCost = signal<number | null>(null);
export const accuracy = signal<number | null>(null);

export const dataset = signal<DatasetPoints | null>(null);
export const boundary = signal<DecisionBoundary | null>(null);

export const isTraining = computed(() => status.value === 'training');

/** Top of the cost chart's y axis: the largest recorded cost (the first, when training works). */
export const costCeiling = computed(() => {
  let ceiling = 0;
  for (const record of costHistory.value) ceiling = Math.max(ceiling, record.cost);
  return ceiling > 0 ? ceiling : 1;
});
