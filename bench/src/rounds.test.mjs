import { describe, expect, it } from 'vitest';
import { measureWorkloads } from './rounds.mjs';

/** An external system whose samples are `times` in turn; `calls` records the order systems sampled in. */
function fakeSystem(id, times, calls) {
  return {
    id,
    label: id,
    external: true,
    setup: (workload) => {
      let i = 0;
      return {
        variant: workload.name,
        sample: async () => {
          calls.push(id);
          return [times[i++]];
        },
      };
    },
  };
}

describe('measureWorkloads', () => {
  it('rotates the order every round and reports the median of the samples', async () => {
    const calls = [];
    const systems = [fakeSystem('a', [5, 1, 3], calls), fakeSystem('b', [2, 9, 4], calls), fakeSystem('c', [7, 7, 7], calls)];
    const results = await measureWorkloads([{ name: 'W2' }], systems, { rounds: 3, sampleMs: 1, notes: [], log: () => {} });
    expect(calls).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(results.a.W2).toEqual({ msPerStep: 3, samples: 3, variant: 'W2' });
    expect(results.b.W2.msPerStep).toBe(4);
  });

  it('notes a system that fails and keeps the others', async () => {
    const notes = [];
    const broken = { id: 'x', label: 'broken peer', setup: () => ({ run: () => { throw new Error('no backend'); } }) };
    const results = await measureWorkloads([{ name: 'W1' }], [broken, fakeSystem('a', [1], [])], { rounds: 1, sampleMs: 1, notes, log: () => {} });
    expect(notes).toEqual(['broken peer could not run W1: no backend']);
    expect(Object.keys(results)).toEqual(['a']);
  });
});
