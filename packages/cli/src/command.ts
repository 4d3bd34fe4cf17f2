import type { Argv } from 'yargs';

/** A stream `ann` writes to: `process.stdout`/`process.stderr` in the binary, string buffers in tests. */
interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress bar, chart, colours). */
  isTTY?: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

/** Where a command reads and writes. */
export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input, for `--data -`. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/**
 * Ctrl-C while a command runs: `trap()` takes over SIGINT until `release()`, and the returned signal
 * aborts on the first interrupt. Without a trap SIGINT keeps its default (the process ends).
 */
export interface InterruptSource {
  trap(): { signal: AbortSignal; release(): void };
}

/** What the process provides besides the streams: environment variables and Ctrl-C. */
export interface Host {
  env: Record<string, string | undefined>;
  interrupts?: InterruptSource;
}

/** What every handler gets besides its parsed arguments. */
export interface CommandContext {
  io: Io;
  host: Host;
}

/**
 * A yargs command module (`command`, `describe`, `builder`, `handler`) whose handler also receives
 * the context, so commands write to the given streams instead of reaching for `process`.
 * `cli.ts` adapts each one to yargs. Handlers load their implementation (and @ann/core) with a
 * dynamic import, so `ann --help` does not pay for the engine.
 */
export interface Command {
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv;
  handler: (args: Record<string, unknown>, context: CommandContext) => void | Promise<void>;
  /** Positional arguments the command accepts after its name (`ann info M`): not "unexpected". */
  positionals?: number;
}
