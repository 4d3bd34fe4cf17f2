import * as ann from '@ann/core';
import * as jax from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKLOADS } from '../workloads.mjs';
import { AGREEMENT_TOLERANCE, jaxAgreement, jaxFloat64Missing } from './jaxjs.mjs';

describe('the jax-js system', () => {
  beforeAll(async () => {
    await jax.init('wasm');
    jax.defaultDevice('wasm');
    ann.useBackend('reference');
  });

  it('trains W2 as ann does: the same cost after 10 steps from the same start', async () => {
    const check = await jaxAgreement(ann, jax, WORKLOADS.W2);
    expect(check.relativeDifference).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
    // and training moved the cost: a check of two untrained networks would pass too
    expect(check.annCost).toBeLessThan(0.6959);
  });

  it('says why float64 cannot run where the host has no Float16Array', () => {
    const missing = jaxFloat64Missing(jax);
    if (typeof globalThis.Float16Array === 'function') expect(missing).toBeUndefined();
    else expect(missing).toContain('Float16Array is not defined');
  });
});
