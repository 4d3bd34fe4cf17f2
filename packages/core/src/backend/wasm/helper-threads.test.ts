import { describe, expect, it } from 'vitest';
import { ValueError } from '../../errors';
import { HelperThreads } from './helper-threads';

describe('HelperThreads.wait', () => {
  it('turns a helper that never finishes into an error instead of a hang, and retires the pool', () => {
    // A pool whose only helper is "ready" but will never report its band done, as if its thread had
    // been killed: the caller must come back with a clear error within the timeout.
    const control = new Int32Array(new SharedArrayBuffer(18 * 4));
    control[2] = 1; // READY
    const pool = Object.assign(Object.create(HelperThreads.prototype) as object, { controls: [control], retired: false }) as unknown as HelperThreads;
    expect(pool.readyCount()).toBe(1);
    pool.post(0, new Array(14).fill(0));
    const started = Date.now();
    expect(() => pool.wait(0, 50)).toThrow(ValueError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pool.readyCount()).toBe(0);
  });
});
