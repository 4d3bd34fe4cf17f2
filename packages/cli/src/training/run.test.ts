import { DivergenceError } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { divergedOf } from './run';

describe('divergedOf: the hint comes from the error’s fields, not its text', () => {
  it('an overflow in the first forward pass points at the input scale, whatever the message says', () => {
    const core = new DivergenceError('Network.fit: Z1 became NaN or Infinity; the inputs or the initial weights are too large', 0, 'Z1', 1, 'forward');
    const reworded = new DivergenceError('the forward pass overflowed, reworded entirely', 0, 'Z1', 1, 'forward');
    for (const error of [core, reworded]) {
      expect(divergedOf(error, 0.5).message).toMatch(/; the inputs or the initial weights are too large; check the input scale \(--scale, --normalize\) and --init-scale; no model was written$/);
    }
  });

  it('a refused update points at the learning rate, whatever the message says', () => {
    for (const message of ['Network.fit: the update at iteration 4 would make W2 NaN or Infinity; the learning rate 3 is likely too high', 'something else entirely']) {
      const error = new DivergenceError(message, 4, 'W2', 2, 'update');
      expect(divergedOf(error, 3).message).toMatch(/; the learning rate \(--lr 3\) is probably too large, try a smaller one; no model was written$/);
    }
  });

  it('reads likelyCause and detail when core gives them: the printed text is the detail and the hint', () => {
    const error = new DivergenceError('Network.fit: anything', 7, 'dW1', 1, 'forward', { likelyCause: 'inputScale', detail: 'dW1 overflowed at iteration 7' });
    expect(divergedOf(error, 0.1).message).toBe(
      'training diverged: dW1 overflowed at iteration 7; the inputs or the initial weights are too large; check the input scale (--scale, --normalize) and --init-scale; no model was written',
    );
  });
});
