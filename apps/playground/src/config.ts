import type { Activation } from '@ann/core';

/** Everything the worker needs to build and train one network. */
export interface TrainingConfig {
  hiddenLayerSizes: number[];
  hiddenActivation: Activation;
  learningRate: number;
  iterations: number;
  seed: number;
  init: 'random';
  initScale: number;
  /** Iterations per chunk: the worker records one cost and posts progress after each chunk. */
  recordEvery: number;
}

/** The raw text of the controls, exactly as typed. */
export interface TrainingForm {
  hiddenLayers: string;
  activation: string;
  learningRate: string;
  iterations: string;
  seed: string;
}

export type FormField = keyof TrainingForm;

export type FormErrors = Partial<Record<FormField, string>>;

export type ParseResult = { ok: true; config: TrainingConfig } | { ok: false; errors: FormErrors };

export const HIDDEN_ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'sigmoid', 'leakyRelu', 'linear'];

/** The course's planar experiment: one hidden layer of 4 tanh units, lr 1.2, 10000 iterations, seed 2. */
export const DEFAULT_FORM: TrainingForm = {
  hiddenLayers: '4',
  activation: 'tanh',
  learningRate: '1.2',
  iterations: '10000',
  seed: '2',
};

/** Weights drawn from N(0, 1) * 0.01, as in the course's planar notebook. */
export const INIT = 'random';
export const INIT_SCALE = 0.01;

/** Limits that keep a browser tab responsive; they are policy, not math. */
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_LAYER_SIZE = 256;
export const MAX_ITERATIONS = 1_000_000;
/** About this many cost points per run, however many iterations. */
export const TARGET_RECORDED_POINTS = 100;

const WHOLE_NUMBER = /^\d+$/;

/**
 * Parses the hidden-layer-size text: comma-separated positive integers, e.g. "4" or "8, 8".
 * Returns the sizes, or a message naming what is wrong.
 */
export function parseHiddenLayerSizes(text: string): { ok: true; sizes: number[] } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, error: 'Hidden layer sizes: enter at least one size, e.g. "4" or "8,8".' };
  }
  const parts = trimmed.split(',').map((part) => part.trim());
  if (parts.length > MAX_HIDDEN_LAYERS) {
    return { ok: false, error: `Hidden layer sizes: at most ${MAX_HIDDEN_LAYERS} hidden layers.` };
  }
  const sizes: number[] = [];
  for (const part of parts) {
    if (!WHOLE_NUMBER.test(part)) {
      const shown = part === '' ? 'an empty entry' : `"${part}"`;
      return { ok: false, error: `Hidden layer sizes: ${shown} is not a positive whole number.` };
    }
    const size = Number(part);
    if (size < 1 || size > MAX_LAYER_SIZE) {
      return { ok: false, error: `Hidden layer sizes: each size must be between 1 and ${MAX_LAYER_SIZE}, got ${size}.` };
    }
    sizes.push(size);
  }
  return { ok: true, sizes };
}

function parseLearningRate(text: string): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return 'Learning rate: enter a number, e.g. 1.2.';
  if (value <= 0) return `Learning rate must be greater than 0, got ${value}.`;
  return value;
}

function parseWholeNumber(text: string, label: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) return `${label}: enter a whole number from ${min} to ${max}.`;
  const value = Number(trimmed);
  if (value < min || value > max) return `${label} must be from ${min} to ${max}, got ${value}.`;
  return value;
}

function isActivation(name: string): name is Activation {
  return (HIDDEN_ACTIVATIONS as readonly string[]).includes(name);
}

/** Chunk length so that a run records about TARGET_RECORDED_POINTS costs. */
export function recordEveryFor(iterations: number): number {
  return Math.max(1, Math.ceil(iterations / TARGET_RECORDED_POINTS));
}

/** Validates the whole form; on failure every invalid field gets its own message. */
export function parseTrainingForm(form: TrainingForm): ParseResult {
  const errors: FormErrors = {};

  const hidden = parseHiddenLayerSizes(form.hiddenLayers);
  if (!hidden.ok) errors.hiddenLayers = hidden.error;

  if (!isActivation(form.activation)) {
    errors.activation = `Activation: choose one of ${HIDDEN_ACTIVATIONS.join(', ')}.`;
  }

  const learningRate = parseLearningRate(form.learningRate);
  if (typeof learningRate === 'string') errors.learningRate = learningRate;

  const iterations = parseWholeNumber(form.iterations, 'Iterations', 1, MAX_ITERATIONS);
  if (typeof iterations === 'string') errors.iterations = iterations;

  const seed = parseWholeNumber(form.seed, 'Seed', 0, 2 ** 32 - 1);
  if (typeof seed === 'string') errors.seed = seed;

  if (
    !hidden.ok ||
    !isActivation(form.activation) ||
    typeof learningRate === 'string' ||
    typeof iterations === 'string' ||
    typeof seed === 'string'
  ) {
    return { ok: false, errors };
  }

  return {
    ok: true,
    config: {
      hiddenLayerSizes: hidden.sizes,
      hiddenActivation: form.activation,
      learningRate,
      iterations,
      seed,
      init: INIT,
      initScale: INIT_SCALE,
      recordEvery: recordEveryFor(iterations),
    },
  };
}
