// The course's planar experiment (Course 1 week 3) as worker settings, shared by the worker's tests
// and its bench: the flower, 2-4-1 tanh, W = 0.01·randn from seed 2, α = 1.2, the full batch, 80% of
// the examples for training (the page's default; a test that reproduces the notebook trains on 100%).
import type { LiveSettings, StructureSettings } from '../protocol';

export const COURSE_STRUCTURE: Readonly<StructureSettings> = Object.freeze<StructureSettings>({
  problem: 'classification',
  dataset: 'planarFlower',
  classes: 3,
  noise: 0,
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
});

export const COURSE_LIVE: Readonly<LiveSettings> = Object.freeze<LiveSettings>({
  learningRate: 1.2,
  l2: 0,
  dropout: 0,
  optimizer: 'gd',
  beta: 0.9,
  beta1: 0.9,
  beta2: 0.999,
});
