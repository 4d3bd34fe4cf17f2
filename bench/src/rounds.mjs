// The timing protocol shared by the Node suite (main.mjs) and the browser page (page/main.mjs): every
// workload in turn, the systems alternated round by round (the order rotates, so no system always
// runs right after the same neighbour or first in a round), one sample per system per round, and
// the median of the samples. Machine load that comes and goes then lands on every system alike.
import { calibrate, median, timeSteps } from './stats.mjs';

/**
 * A system is { id, label, before?(), setup(workload) -> runner, external? }. An in-page runner has
 * `run(k)` (k steps; `settle()` too if it queues work) and is calibrated here to samples of about
 * `sampleMs`; an external one (a child process, a worker) times itself: `sample(steps)` resolves to
 * a list of ms per step, `steps` from `externalSteps[workload.name]`.
 * @returns {Promise<Record<string, Record<string, { msPerStep: number, samples: number, variant: string }>>>}
 *   results[systemId][workloadName]; a system that fails is noted in `notes` and left out.
 */
export async function measureWorkloads(workloads, systems, { rounds, sampleMs, externalSteps = {}, notes, log }) {
  const results = {};
  for (const workload of workloads) {
    const runners = [];
    for (const system of systems) {
      try {
        await system.before?.();
        const runner = await system.setup(workload);
        if (!system.external) runner.k = await calibrate(runner.run, sampleMs, undefined, runner.settle);
        runners.push({ system, runner, samples: [] });
      } catch (error) {
        notes.push(`${system.label} could not run ${workload.name}: ${error.message}`);
      }
    }
    for (let round = 0; round < rounds; round++) {
      const order = runners.map((_, i) => runners[(i + round) % runners.length]);
      for (const entry of order) {
        if (entry.failed) continue;
        const { system, runner, samples } = entry;
        try {
          await system.before?.();
          if (system.external) {
            samples.push(...(await runner.sample(externalSteps[workload.name])));
          } else {
            // One untimed step first, as numpy_bench.py takes one in each sample: the process has just
            // sat idle while the previous system ran (numpy for about a second), and its first step
            // after idling runs measurably slower (cores and helper threads waking up).
            runner.run(1);
            await runner.settle?.();
            samples.push(await timeSteps(runner.run, runner.k, runner.settle));
          }
        } catch (error) {
          notes.push(`${system.label} failed on ${workload.name}: ${error.message}`);
          entry.failed = true;
        }
      }
      log(`${workload.name}: round ${round + 1}/${rounds} done`);
    }
    for (const { system, runner, samples, failed } of runners) {
      if (failed || samples.length === 0) continue;
      (results[system.id] ??= {})[workload.name] = { msPerStep: median(samples), samples: samples.length, variant: runner.variant };
    }
    for (const { runner } of runners) await runner.dispose?.();
  }
  return results;
}
