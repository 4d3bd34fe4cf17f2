// Tests of the loaders: run `fn`, which must throw core's DataError, and return it for the message checks.
import { expect } from 'vitest';
import { DataError } from '../data/errors';

export function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}
