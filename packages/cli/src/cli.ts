import yargs, { type Argv } from 'yargs';
import { version } from '../package.json';
import type { Command, CommandContext, Io } from './command';
import { trainCommand } from './commands/train';
import { ExitCode, UsageError, reportError } from './errors';

/** Every `ann` command, in the order `ann --help` lists them. */
export const commands: readonly Command[] = [trainCommand];

const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

/**
 * Runs `ann` on `args` (the command line without `node` and the script) and resolves to the exit
 * code: 0 on success, 1 on a runtime error, 2 on a usage error. Writes only to `io`.
 */
export async function main(args: string[], io: Io = processIo): Promise<number> {
  const verbose = args.includes('--verbose');
  let output = '';
  let commandRan = false;
  const context: CommandContext = { io };
  try {
    // With a parse callback yargs hands over help and version text instead of printing it.
    await buildParser(args, context, () => (commandRan = true)).parseAsync(args, {}, (_error, _argv, text) => {
      output = text;
    });
    if (output === '' && !commandRan) throw new UsageError(`missing command (available: ${commandNames()})`);
  } catch (error) {
    return reportError(error, io, verbose);
  }
  if (output !== '') io.stdout.write(`${output}\n`);
  return ExitCode.ok;
}

function commandNames(): string {
  return commands.map((command) => command.command).join(', ');
}

function buildParser(args: string[], context: CommandContext, onCommand: () => void): Argv {
  let parser = yargs();
  parser = parser
    .scriptName('ann')
    .usage('Usage: ann <command> [options]')
    .version(version)
    .help()
    .alias('h', 'help')
    .option('verbose', { type: 'boolean', describe: 'Show stack traces on errors', global: true })
    // Values reach the validators exactly as typed, so messages can quote them.
    .parserConfiguration({ 'duplicate-arguments-array': false, 'parse-numbers': false })
    .detectLocale(false)
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw toUsageError(message, error, args);
    })
    .wrap(Math.min(100, parser.terminalWidth() || 100));
  for (const command of commands) {
    parser = parser.command({
      command: command.command,
      describe: command.describe,
      builder: command.builder,
      handler: (argv) => {
        // strict() lets words after `--` through; no command takes extra positionals yet.
        const extra = argv._.slice(1);
        if (extra.length > 0) throw new UsageError(`unexpected argument '${String(extra[0])}'`);
        onCommand();
        return command.handler(argv, context);
      },
    });
  }
  return parser;
}

/**
 * Turns yargs' own validation messages into one-line usage errors that name the flag. Errors that
 * are not yargs' (thrown by a handler) pass through unchanged.
 */
function toUsageError(message: string | null | undefined, error: Error | undefined, args: string[]): Error {
  if (!message && error && error.name !== 'YError') return error;
  const text = (message || error?.message || 'invalid command line').split('\n')[0]!.trim();

  const unknown = /^Unknown arguments?: (.+)$/.exec(text);
  if (unknown) {
    const names = unknown[1]!.split(', ');
    // yargs lists `--bogus-flag` twice (as bogus-flag and bogusFlag); report what was typed.
    const typed = names.filter((name) => args.some((arg) => isSpelling(arg, name)));
    const reported = (typed.length > 0 ? typed : names).map((name) => describeUnknown(name, args));
    return new UsageError(reported.join('; '));
  }
  const missingValue = /^Not enough arguments following: (.+)$/.exec(text);
  if (missingValue) return new UsageError(`${flagName(missingValue[1]!)}: missing value`);
  return new UsageError(text);
}

function flagName(key: string): string {
  return key.length === 1 ? `-${key}` : `--${key}`;
}

function isSpelling(arg: string, name: string): boolean {
  const flag = flagName(name);
  return arg === name || arg === flag || arg.startsWith(`${flag}=`) || arg === `--no-${name}`;
}

function describeUnknown(name: string, args: string[]): string {
  const asFlag = args.find((arg) => arg !== name && isSpelling(arg, name));
  if (asFlag !== undefined) return `unknown option ${flagName(name)}`;
  if (args[0] === name) return `unknown command '${name}'`;
  return `unexpected argument '${name}'`;
}
