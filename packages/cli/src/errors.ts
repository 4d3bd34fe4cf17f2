import type { Io } from './command';

/** Exit codes of `ann`. */
export const ExitCode = {
  ok: 0,
  /** Training or I/O failed at run time. */
  runtime: 1,
  /** The command line is wrong: unknown flag, bad value, missing argument. */
  usage: 2,
} as const;

/** The command line is wrong. The message names the flag, e.g. `--lr: 'abc' is not a positive finite number`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Training produced NaN or Infinity. */
export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

/**
 * The one place that turns an error into stderr text and an exit code: usage errors exit 2 with a
 * pointer to `--help`, everything else exits 1. Stack traces only with `--verbose`.
 */
export function reportError(error: unknown, io: Io, verbose: boolean): number {
  if (error instanceof UsageError) {
    io.stderr.write(`ann: ${firstLine(error.message)}\nRun 'ann --help' for usage.\n`);
    if (verbose && error.stack) io.stderr.write(`${error.stack}\n`);
    return ExitCode.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`ann: error: ${firstLine(message)}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.runtime;
}

function firstLine(message: string): string {
  const line = message.split('\n').find((candidate) => candidate.trim() !== '');
  return (line ?? 'unknown error').trim();
}
