import type { Argv } from 'yargs';

/** Where a command writes. `process.stdout`/`process.stderr` in the binary, string buffers in tests. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What every handler gets besides its parsed arguments. */
export interface CommandContext {
  io: Io;
}

/**
 * A yargs command module (`command`, `describe`, `builder`, `handler`) whose handler also receives
 * the context, so commands write to the given streams instead of reaching for `process`.
 * `cli.ts` adapts each one to yargs.
 */
export interface Command {
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv;
  handler: (args: Record<string, unknown>, context: CommandContext) => void | Promise<void>;
}
