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

/**
 * A value (an option, a label, a data entry) is outside what the function accepts. Where a caller
 * words its own message (the CLI names its flag, not core's function), the thrower gives the parts
 * as fields (`ValueError.about`): read those, never the message text, which may be reworded.
 */
export class ValueError extends AnnError {
  /** The function that refused the value (`datasets.moons`), when given apart. */
  readonly functionName: string | undefined;
  /** The argument or option at fault (`noise`, `terms[2]`), when given apart. */
  readonly argument: string | undefined;
  /** What is wrong, without the function's name or the argument's index (`noise must be …`); the message when not given apart. */
  readonly reason: string;

  constructor(message: string, parts?: { functionName: string; argument?: string; reason: string }) {
    super(message);
    this.functionName = parts?.functionName;
    this.argument = parts?.argument;
    this.reason = parts?.reason ?? message;
  }

  /**
   * `functionName: reason` (or `functionName: argument: reason` when the argument is an index into
   * a list, `terms[2]`, which `reason` does not name), with the parts kept as fields.
   */
  static about(functionName: string, argument: string | undefined, reason: string, { argumentInMessage = false } = {}): ValueError {
    const message = `${functionName}: ${argumentInMessage && argument !== undefined ? `${argument}: ` : ''}${reason}`;
    return new ValueError(message, { functionName, ...(argument !== undefined ? { argument } : {}), reason });
  }
}

/**
 * What most likely made training diverge, for a hint a caller can act on without reading the message:
 * 'inputScale' (the inputs or the initial weights are too large: the very first forward pass
 * overflowed), 'learningRate' (the learning rate is too high: anything later).
 */
export type DivergenceCause = 'inputScale' | 'learningRate';

/**
 * The likely cause of a divergence at `iteration` (updates done) in `phase`: an overflow in the
 * first forward pass, before any update, is the data or the initial weights; anything else is the
 * learning rate.
 */
export function divergenceCause(phase: 'forward' | 'update', iteration: number): DivergenceCause {
  return iteration === 0 && phase === 'forward' ? 'inputScale' : 'learningRate';
}

/**
 * Training produced NaN or Infinity: names the iteration, the layer and the quantity (Z2, dW1, …).
 * Callers read the fields (`phase`, `likelyCause`, `quantity`, `layer`, `iteration`, `code`), never
 * the message text, which may be reworded.
 */
export class DivergenceError extends AnnError {
  /** The diagnostic code reported for the same event (`onDiagnostic`): always 'nonFinite'. */
  readonly code = 'nonFinite' as const;
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
  /** The likely cause (`divergenceCause(phase, iteration)` unless given). */
  readonly likelyCause: DivergenceCause;
  /**
   * What happened, without the function's name or the likely cause (`dW1 became NaN or Infinity in
   * the forward pass at iteration 3 (cost Infinity)`): for a caller that words its own hint. The
   * message itself unless given.
   */
  readonly detail: string;

  constructor(
    message: string,
    iteration: number,
    quantity: string,
    layer?: number,
    phase: 'forward' | 'update' = 'forward',
    described: { likelyCause?: DivergenceCause; detail?: string } = {},
  ) {
    super(message);
    this.iteration = iteration;
    this.quantity = quantity;
    this.layer = layer;
    this.phase = phase;
    this.likelyCause = described.likelyCause ?? divergenceCause(phase, iteration);
    this.detail = described.detail ?? message;
  }
}
