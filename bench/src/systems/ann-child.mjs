import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { annSystem } from './ann.mjs';

const CHILD = fileURLToPath(new URL('../child-ann.mjs', import.meta.url));

/**
 * ann in a fresh child process per sample (like numpy), warmed up and timed there as annSystem is
 * in process. In one process with the others, float32 and float64 networks share JavaScript
 * functions and make them polymorphic (measured: the float64 reference step 18% slower after a
 * float32 run), and the reference's W1 step ran 85 ms in the suite against 52-57 ms on its own.
 * @param {'reference' | 'wasm'} backend
 * @param {'float64' | 'float32'} dtype
 */
export function annChildSystem(ann, backend, dtype, sampleMs) {
  const inProcess = annSystem(ann, backend, dtype);
  return {
    ...inProcess,
    external: true,
    setup(workload) {
      return {
        variant: workload.name,
        sample() {
          const r = spawnSync(process.execPath, [CHILD, 'time', backend, workload.name, dtype, sampleMs], { encoding: 'utf8', env: process.env });
          if (r.status !== 0) throw new Error(`child-ann.mjs time failed: ${r.stderr}`);
          return JSON.parse(r.stdout.trim().split('\n').at(-1)).ms;
        },
      };
    },
  };
}

