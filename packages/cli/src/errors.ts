import type { Io } from './command';

/** Exit codes of `ann`. */
export const ExitCode = {
  ok: 0,
  /** Training, a file or a check failed at run time. */
  runtime: 1,
  /** The command line is wrong: unknown flag, bad value, missing argument. */
  usage: 2,
  /** Stopped by Ctrl-C (128 + SIGINT), after saving what can be resumed. */
  interrupted: 130,
} as const;

/** The command line is wrong. The message names the flag, e.g. `--lr: 'abc' is not a positive finite number`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Training produced NaN or Infinity, or blew up (see docs in the README: the divergence rule). */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
}

/** A check the user asked for failed (`ann gradcheck`): the report is already printed. */
export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
}

/** Ctrl-C stopped training; the message says where the checkpoint went. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/**
 * The one place that turns an error into stderr text and an exit code: usage errors exit 2 with a
 * pointer to `--help`, an interrupt exits 130, everything else exits 1 with one line (core's
 * messages already say where: `train.csv:14:3: …`, `model.json: parameters.W2.shape: …`).
 * Stack traces only with `--verbose`.
 */
export function reportError(error: unknown, io: Io, verbose: boolean): number {
  const stack = () => {
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  };
  if (error instanceof UsageError) {
    io.stderr.write(`ann: ${firstLine(error.message)}\nRun 'ann --help' for usage.\n`);
    stack();
    return ExitCode.usage;
  }
  if (error instanceof InterruptedError) {
    io.stderr.write(`ann: ${firstLine(error.message)}\n`);
    stack();
    return ExitCode.interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`ann: error: ${firstLine(message)}\n`);
  stack();
  return ExitCode.runtime;
}

function firstLine(message: string): string {
  const line = message.split('\n').find((candidate) => candidate.trim() !== '');
  return (line ?? 'unknown error').trim();
}
