import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NUMPY_SCRIPT = fileURLToPath(new URL('../../numpy_bench.py', import.meta.url));

/** Runs numpy_bench.py with arguments and parses its JSON line; throws with its stderr on failure. */
export function runNumpy(args, env = process.env) {
  const result = spawnSync('python3', [NUMPY_SCRIPT, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24, env });
  if (result.status !== 0) throw new Error(`numpy_bench.py ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

/** The numpy info object, or undefined (with the reason) when python3 with numpy is not there. */
export function numpyInfo() {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: (probe.stderr || String(probe.error)).trim().split('\n').at(-1) };
  return runNumpy(['info']);
}

/**
 * numpy in a child process: each sample is a fresh python3 run of `steps` timed steps (after one
 * warm-up), so numpy alternates with the JS systems round by round like everyone else.
 */
export function numpySystem(info, dtype, { singleThread = false } = {}) {
  // OPENBLAS_NUM_THREADS=1 gives the single-core figure: on a shared 2-core machine OpenBLAS's
  // 2-thread mode is hurt most by other load, so both are shown.
  const env = singleThread ? { ...process.env, OPENBLAS_NUM_THREADS: '1' } : process.env;
  return {
    id: `numpy-${dtype}${singleThread ? '-1thread' : ''}`,
    label: `numpy ${info.numpy}, ${info.blas}${singleThread ? ', OPENBLAS_NUM_THREADS=1' : ''}`,
    precision: dtype,
    threads: singleThread ? 1 : (info.blasThreads ?? '?'),
    external: true,
    setup(workload) {
      const variant = workload.name;
      return {
        variant,
        sample(steps) {
          return runNumpy(['time', variant, dtype, steps], env).ms;
        },
      };
    },
  };
}
