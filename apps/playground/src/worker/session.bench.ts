// Timings of the worker's work per animation frame, for the 60 fps budget (16.7 ms per frame, shared
// with the page's drawing). Run: pnpm exec vitest bench --run src/worker/session.bench.ts
// `edit` of a weight to its own value is a snapshot alone (evaluate both sets, one forward pass over
// the grid, copies of the maps and parameters); `step(n)` is n epochs plus that snapshot.
import { bench, describe } from 'vitest';
import type { LiveSettings, StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE, LARGEST_STRUCTURE } from './course-settings';
import { PlaygroundSession } from './session';
import { payloadBytes } from './transfer';

const DEFAULT: StructureSettings = { ...COURSE_STRUCTURE };
const LIVE: LiveSettings = { ...COURSE_LIVE };
const WIDE: StructureSettings = { ...LARGEST_STRUCTURE };

for (const [name, structure, live] of [
  ['default network (flower, 2-4-1 tanh, full batch)', DEFAULT, LIVE],
  ['TF Playground’s largest (7 features, 6 × 8 tanh, batches of 10)', { ...WIDE, hidden: Array(6).fill(8) }, LIVE],
  ['largest network (7 features, 6 × 32 tanh, batches of 10, Adam)', WIDE, { ...LIVE, optimizer: 'adam', learningRate: 0.003 }],
] as const) {
  describe(name, () => {
    const session = new PlaygroundSession();
    const ready = session.configure(structure, live);
    const w = ready.snapshot.W[0]![0]!;
    const snapshot = session.step(1);
    console.log(
      `${name}: ready ${(payloadBytes({ type: 'ready', requestId: 0, ...ready }) / 1024).toFixed(1)} KiB, ` +
        `snapshot ${(payloadBytes({ type: 'snapshot', requestId: 0, snapshot }) / 1024).toFixed(1)} KiB transferred`,
    );
    bench('snapshot alone', () => {
      session.edit(1, 'W', 0, 0, w);
    });
    for (const steps of [1, 10, 100]) {
      bench(`frame of ${steps} step${steps === 1 ? '' : 's'}`, () => {
        session.step(steps);
      });
    }
  });
}
