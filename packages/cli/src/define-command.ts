import type { Argv } from 'yargs';
import type { Command, CommandContext } from './command';
import { addFlags, type FlagSpec } from './flag-table';

/** What a command action does with its parsed arguments. */
type Action = (args: Record<string, unknown>, context: CommandContext) => Promise<void>;

/** A command as a table: its help (usage, flags, examples) and where its action lives. */
interface CommandSpec {
  command: string;
  describe: string;
  usage: string;
  flags: readonly FlagSpec[];
  /** Each example's command line and what it does ('' when the line says it). */
  examples?: readonly (readonly [string, string])[];
  /**
   * Loads the action with a dynamic import, so that building the parser (and `ann --help`) does not
   * load @ann/core.
   */
  action: () => Promise<Action>;
}

/** The yargs command module for a spec: its flags declared by addFlags, its action loaded on use. */
export function defineCommand(spec: CommandSpec): Command {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (yargs: Argv) => (spec.examples ?? []).reduce((parser, [line, what]) => parser.example(line, what), addFlags(yargs.usage(spec.usage), spec.flags)),
    handler: async (args, context) => (await spec.action())(args, context),
  };
}
