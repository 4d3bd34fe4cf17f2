// The lessons: presets that are links like any other state (a URL hash the page decodes with
// decodeSettings), each with what to watch, a goal, and a few one-click variations to compare.
// Pure data and functions, unit-tested; the page (components/Lessons.tsx) shows them.
import type { PlaygroundSettings } from './protocol';
import { decodeSettings, encodeSettings } from './settings';

export interface LessonVariant {
  label: string;
  /** What the variation changes (a few settings; a structure change starts a new run). */
  change: Partial<PlaygroundSettings>;
}

export interface Lesson {
  id: string;
  title: string;
  /** The settings, as a URL hash body; `lesson=<id>` is added by lessonHash. */
  hash: string;
  /** What to look at while it trains. */
  watch: string;
  /** What the lesson should show, checkable on the page. */
  goal: string;
  variants: LessonVariant[];
}

/** A hash with some keys replaced (a link keeps only the first of repeated keys, so they are set, not appended). */
function merge(base: string, overrides: string): string {
  const params = new URLSearchParams(base);
  for (const [key, value] of new URLSearchParams(overrides)) params.set(key, value);
  return params.toString().replace(/%2C/gi, ',');
}

/** The course's C2W1 initialization runs: circles (seed 1, noise 0.05 = 50% of 0.1), [2, 10, 5, 1] ReLU, seed 3, lr 0.01, 15000 iterations. */
const C2W1 = 'problem=classification&dataset=circles&noise=50&trainPercent=100&dataSeed=1&features=x1,x2&hidden=10,5&activations=relu,relu&weightSeed=3&batchSize=0&learningRate=0.01&optimizer=gd&stepsPerFrame=100&stopAt=15000';
/**
 * The course's C2W2 optimization runs: moons (seed 3, noise 0.2: 44.44444444444445% of 0.45 is
 * exactly 0.2), [2, 5, 2, 1] ReLU, He with seed 3, mini-batches of 64 shuffled by seed 11 + epoch,
 * lr 0.0007, 10000 epochs, every example trained on.
 */
const C2W2 =
  'problem=classification&dataset=moons&noise=44.44444444444445&trainPercent=100&dataSeed=3&features=x1,x2&hidden=5,2&activations=relu,relu&init=he&weightSeed=3&batchSize=64&shuffle=course&learningRate=0.0007&stepsPerFrame=100&stopAt=10000';

export const LESSONS: readonly Lesson[] = [
  {
    id: 'zero-init',
    title: 'Zero initialization: every unit the same',
    hash: merge(C2W1, 'activations=tanh,tanh&init=zeros'),
    watch:
      'Every hidden unit starts with the same (zero) weights, so each gets the same gradient and stays the copy of its neighbours: the unit maps in a layer are identical, and the network can draw no better boundary than one unit could.',
    goal: 'Diagnostics report identical units ("symmetric units") within a few epochs and the cost stays at 0.693 (chance). Then try He: the units differ from the first step.',
    variants: [
      { label: 'Zeros', change: { init: 'zeros' } },
      { label: 'He', change: { init: 'he', activations: ['relu', 'relu'] } },
    ],
  },
  {
    id: 'init-scale',
    title: 'Random ×10 versus He (C2W1)',
    hash: merge(C2W1, 'init=random&initScale=10'),
    watch:
      "The course's C2W1 run with weights drawn 10·randn: the first costs are huge (the sigmoid output saturates at 0 or 1, so the log loss is large) and learning is slow. He initialization, randn·√(2/n[l-1]), keeps each layer's activations at a steady size.",
    goal: 'At epoch 15000 (Play stops there), ×10 random classifies about 83% of the training points (the course: 0.83), He about 99% (the course: 0.993).',
    variants: [
      { label: 'Random ×10', change: { init: 'random', initScale: 10 } },
      { label: 'He', change: { init: 'he' } },
      { label: 'Zeros', change: { init: 'zeros' } },
    ],
  },
  {
    id: 'overfitting',
    title: 'Overfitting and its cures: L2 and dropout',
    hash: 'problem=classification&dataset=spiral&noise=60&trainPercent=30&dataSeed=2&features=x1,x2&hidden=32,32,32&activations=relu,relu,relu&init=he&weightSeed=2&batchSize=0&learningRate=0.01&optimizer=adam&stepsPerFrame=20&stopAt=3000&showTestData=1',
    watch:
      'A large network on 30% of a noisy spiral: the training cost keeps falling while the test cost (dashed) turns and rises; the output map wraps around single noisy points.',
    goal: 'Diagnostics report overfitting (test cost rising while the training cost falls). With L2 λ = 0.1 or dropout 0.2 the test cost stays lower and the gap between train and test accuracy narrows.',
    variants: [
      { label: 'No regularization', change: { l2: 0, dropout: 0 } },
      { label: 'L2 λ = 0.1', change: { l2: 0.1, dropout: 0 } },
      { label: 'Dropout 0.2', change: { l2: 0, dropout: 0.2 } },
    ],
  },
  {
    id: 'optimizers',
    title: 'GD, momentum and Adam on moons (C2W2)',
    hash: merge(C2W2, 'optimizer=gd'),
    watch:
      "The course's C2W2 run exactly: mini-batches of 64 reshuffled each epoch as the notebook does, lr 0.0007. Plain mini-batch gradient descent and momentum creep; Adam's per-parameter steps reach a good boundary long before epoch 10000.",
    goal: 'At epoch 10000 (Play stops there) the train accuracy is 79.7% for GD and for momentum, 94.0% for Adam: the course\'s 0.797, 0.797 and 0.94.',
    variants: [
      { label: 'Gradient descent', change: { optimizer: 'gd' } },
      { label: 'Momentum β = 0.9', change: { optimizer: 'momentum', beta: 0.9 } },
      { label: 'Adam', change: { optimizer: 'adam', beta1: 0.9, beta2: 0.999 } },
    ],
  },
  {
    id: 'vanishing',
    title: 'A deep sigmoid network: vanishing gradients',
    hash: 'problem=classification&dataset=planarFlower&trainPercent=80&dataSeed=1&features=x1,x2&hidden=8,8,8,8,8,8&activations=sigmoid,sigmoid,sigmoid,sigmoid,sigmoid,sigmoid&init=random&weightSeed=2&batchSize=0&learningRate=0.3&optimizer=gd&stepsPerFrame=10',
    watch:
      "Six sigmoid layers with small (0.01·randn) weights: on its way back the gradient is multiplied, layer after layer, by σ'(z) ≤ 0.25 and by the small W, so the first layers hardly move and the cost sits at 0.693.",
    goal: 'Diagnostics report vanishing gradients (‖dW1‖ a hundred-thousandth of ‖dW7‖ or less) at once. With tanh and Xavier, or ReLU and He, the same depth trains.',
    variants: [
      { label: 'Sigmoid', change: { activations: ['sigmoid', 'sigmoid', 'sigmoid', 'sigmoid', 'sigmoid', 'sigmoid'], init: 'random', initScale: 0.01, learningRate: 0.3 } },
      { label: 'Tanh + Xavier', change: { activations: ['tanh', 'tanh', 'tanh', 'tanh', 'tanh', 'tanh'], init: 'xavier', learningRate: 0.3 } },
      { label: 'ReLU + He', change: { activations: ['relu', 'relu', 'relu', 'relu', 'relu', 'relu'], init: 'he', learningRate: 0.03 } },
    ],
  },
  {
    id: 'large-lr',
    title: 'A learning rate too large',
    hash: 'problem=classification&dataset=planarFlower&trainPercent=80&dataSeed=1&features=x1,x2&hidden=4&activations=tanh&init=xavier&weightSeed=2&batchSize=0&learningRate=10&optimizer=gd&stepsPerFrame=1',
    watch: 'Each step overshoots the valley it aims for: the cost jumps up and down instead of falling, and the boundary flips from frame to frame.',
    goal: 'Diagnostics report the cost rising (or training diverges). At the course\'s 1.2 the same network falls smoothly.',
    variants: [
      { label: 'lr 10', change: { learningRate: 10 } },
      { label: 'lr 1.2', change: { learningRate: 1.2 } },
    ],
  },
  {
    id: 'dead-relu',
    title: 'Dead ReLUs',
    hash: 'problem=classification&dataset=moons&trainPercent=80&dataSeed=1&features=x1,x2&hidden=8,8&activations=relu,relu&init=he&weightSeed=5&batchSize=0&learningRate=3&optimizer=gd&stepsPerFrame=5',
    watch:
      'A large step pushes some ReLU units to a negative input for every example: their output and their gradient are 0 from then on, so they never recover (their maps go flat).',
    goal: 'Diagnostics report dead ReLU units. Leaky ReLU keeps a small slope below 0, so its units can come back.',
    variants: [
      { label: 'ReLU', change: { activations: ['relu', 'relu'] } },
      { label: 'Leaky ReLU', change: { activations: ['leakyRelu', 'leakyRelu'] } },
      { label: 'ReLU, lr 0.3', change: { activations: ['relu', 'relu'], learningRate: 0.3 } },
    ],
  },
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}

/** A lesson's link: its settings with `lesson=<id>`. */
export function lessonHash(lesson: Lesson): string {
  return `${lesson.hash}&lesson=${lesson.id}`;
}

/** The settings a lesson opens with (what its link decodes to). */
export function lessonSettings(lesson: Lesson): PlaygroundSettings {
  return decodeSettings(lessonHash(lesson)).settings;
}

/** The settings with a lesson's variation applied (the lesson stays open). */
export function withVariant(s: PlaygroundSettings, variant: LessonVariant): PlaygroundSettings {
  return decodeSettings(encodeSettings({ ...s, ...variant.change })).settings;
}
