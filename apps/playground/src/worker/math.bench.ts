// What the math panel adds to a frame, next to the frame itself (60 fps: 16.7 ms shared with the
// page). Run: pnpm exec vitest bench --run src/worker/math.bench.ts
// Every cost-chart point reads the trainer's ‖dW[l]‖_F (always on: it is a pass over the weight
// gradients, O(parameters)); while the panel is open every snapshot adds a report (shapes and one
// point through core's forward pass).
import { Matrix, Network, RandomState } from '@ann/core';
import { bench, describe } from 'vitest';
import type { LiveSettings, StructureSettings } from '../protocol';
import { COURSE_LIVE, LARGEST_STRUCTURE } from './course-settings';
import { PlaygroundSession } from './session';

const LIVE: LiveSettings = { ...COURSE_LIVE, optimizer: 'adam', learningRate: 0.003 };
const WIDE: StructureSettings = { ...LARGEST_STRUCTURE };

describe('largest network: one chart point’s gradient norms, beside a frame of one step', () => {
  const closed = new PlaygroundSession();
  closed.configure(WIDE, LIVE);
  const opened = new PlaygroundSession();
  opened.configure(WIDE, LIVE);
  opened.setMath(true, { x1: 0.3, x2: -0.2 });
  // The same shapes as the session's trainer, built directly: the session keeps its trainer private.
  const network = new Network({ layers: [7, 32, 32, 32, 32, 32, 32, 1], hidden: 'tanh', init: 'xavier', seed: 1 });
  const rng = new RandomState(1);
  const X = rng.randn(7, 10);
  const Y = new Matrix(1, 10, Float64Array.from({ length: 10 }, (_, j) => j % 2));
  const trainer = network.trainer(X, Y, { learningRate: 0.01, epochs: Number.MAX_SAFE_INTEGER });
  trainer.step();
  bench('Trainer.gradientNorms (one chart point)', () => {
    trainer.gradientNorms();
  });
  bench('frame of 1 step, panel closed', () => {
    closed.step(1);
  });
  bench('frame of 1 step, panel open with a point', () => {
    opened.step(1);
  });
});
