/** Base class of every error @ann/core throws on purpose: bad input, bad options, a bad model. */
export class AnnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shape in course notation, e.g. `(7, 20)`. */
export function formatShape(rows: number, cols: number): string {
  return `(${rows}, ${cols})`;
}

/**
 * A matrix had the wrong shape. The message names the function, the argument, and the expected and
 * actual shapes in course notation, e.g. `linearForward: W is (7, 20) but A_prev is (19, 209)`.
 */
export class ShapeError extends AnnError {
  readonly functionName: string;
  readonly argument: string;

  constructor(functionName: string, argument: string, detail: string) {
    super(`${functionName}: ${detail}`);
    this.functionName = functionName;
    this.argument = argument;
  }
}

/** A value (an option, a label, a data entry) is outside what the function accepts. */
export class ValueError extends AnnError {}

/** Training produced NaN or Infinity: names the iteration, the layer and the quantity (Z2, dW1, …). */
export class DivergenceError extends AnnError {
  readonly iteration: number;
  readonly quantity: string;
  readonly layer: number | undefined;
  /**
   * Where it happened. 'update': the update would have made a parameter non-finite and was refused,
   * so a trainer may go on after lowering the learning rate (`setHyperparameters`). 'forward': the
   * forward pass overflowed with the current, finite parameters (inputs or weights too large);
   * stepping again fails the same way whatever the rate, so the network needs new weights or the
   * inputs a new scale.
   */
  readonly phase: 'forward' | 'update';

  constructor(message: string, iteration: number, quantity: string, layer?: number, phase: 'forward' | 'update' = 'forward') {
    super(message);
    this.iteration = iteration;
    this.quantity = quantity;
    this.layer = layer;
    this.phase = phase;
  }
}
