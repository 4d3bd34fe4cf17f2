import { ACTIVATIONS, DTYPES, INITIALIZATIONS, OPTIMIZERS, OUTPUT_HEADS } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, DTYPE_NAMES, INIT_NAMES, OPTIMIZER_NAMES, OUTPUT_OF_HEAD } from './choices';

describe('the CLI copies of core name lists', () => {
  it('equal core', () => {
    expect([...ACTIVATION_NAMES]).toEqual([...ACTIVATIONS]);
    expect([...INIT_NAMES]).toEqual([...INITIALIZATIONS]);
    expect([...DTYPE_NAMES]).toEqual([...DTYPES]);
    expect([...OPTIMIZER_NAMES]).toEqual([...OPTIMIZERS]);
    expect(Object.values(OUTPUT_OF_HEAD).sort()).toEqual([...OUTPUT_HEADS].sort());
  });
});
