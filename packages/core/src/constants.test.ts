import { describe, expect, it } from 'vitest';
import * as constants from './constants';
import * as core from './index';

describe('@ann/core/constants', () => {
  it('exports the very lists of the main entry', () => {
    expect(constants.ACTIVATIONS).toBe(core.ACTIVATIONS);
    expect(constants.OUTPUT_HEADS).toBe(core.OUTPUT_HEADS);
    expect(constants.INITIALIZATIONS).toBe(core.INITIALIZATIONS);
    expect(constants.OPTIMIZERS).toBe(core.OPTIMIZERS);
    expect(constants.DATASET_CATALOG).toBe(core.DATASET_CATALOG);
    expect(constants.DTYPES).toBe(core.DTYPES);
  });
});
