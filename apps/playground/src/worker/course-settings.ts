// The course's planar experiment (Course 1 week 3) as worker settings, shared by the worker's tests
// and its bench: the page's defaults (the flower, 2-4-1 tanh, W = 0.01·randn from seed 2, α = 1.2, the
// full batch, 80% of the examples for training; settings.test.ts pins each value). A test that
// reproduces the notebook trains on 100%.
import type { LiveSettings, StructureSettings } from '../protocol';
import { DEFAULT_SETTINGS, liveOf, structureOf } from '../settings';

export const COURSE_STRUCTURE: Readonly<StructureSettings> = Object.freeze(structureOf(DEFAULT_SETTINGS));

export const COURSE_LIVE: Readonly<LiveSettings> = Object.freeze(liveOf(DEFAULT_SETTINGS));

/**
 * The largest network the page builds, for the benches: all seven features, six tanh layers of 32
 * (Xavier), mini-batches of 10, on the course's flower.
 */
export const LARGEST_STRUCTURE: Readonly<StructureSettings> = Object.freeze({
  ...COURSE_STRUCTURE,
  features: ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'],
  hidden: [32, 32, 32, 32, 32, 32],
  activations: Array(6).fill('tanh'),
  init: 'xavier',
  batchSize: 10,
});
