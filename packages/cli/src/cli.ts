import yargs, { type Argv } from 'yargs';
import { version } from '../package.json';
import type { Command, CommandContext, Host, Io } from './command';
import { datasetsCommand } from './commands/datasets';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { gradcheckCommand } from './commands/gradcheck';
import { importCommand } from './commands/import';
import { infoCommand } from './commands/info';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import { ExitCode, UsageError, reportError } from './errors';

/** Every `ann` command, in the order `ann --help` lists them. */
export const commands: readonly Command[] = [
  trainCommand,
  evaluateCommand,
  predictCommand,
  infoCommand,
  exportCommand,
  importCommand,
  datasetsCommand,
  gradcheckCommand,
];

const processIo: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
const processHost: Host = { env: process.env };

/**
 * Runs `ann` on `args` (the command line without `node` and the script) and resolves to the exit
 * code: 0 on success, 1 on a runtime error, 2 on a usage error, 130 when Ctrl-C stopped training.
 * Writes only to `io`; reads the environment and traps Ctrl-C only through `host`.
 */
export async function main(args: string[], io: Io = processIo, host: Host = processHost): Promise<number> {
  const verbose = args.includes('--verbose');
  let output = '';
  let commandRan = false;
  const context: CommandContext = { io, host };
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
  return commands.map((command) => command.command.split(' ')[0]).join(', ');
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
  const full = message || error?.message || 'invalid command line';
  const text = full.split('\n')[0]!.trim();

  const invalid = /Argument: (\S+), Given: (.+), Choices: (.+)$/m.exec(full);
  if (invalid) return new UsageError(`${invalid[1]}: ${invalid[2]!.replace(/^"|"$/g, "'")} is not one of ${invalid[3]!.replace(/"/g, '')}`);
  const required = /^Missing required arguments?: (.+)$/.exec(text);
  if (required) return new UsageError(`${required[1]!.split(', ').map(flagName).join(', ')}: missing (required)`);

  const unknown = /^Unknown arguments?: (.+)$/.exec(text);
  if (unknown) {
    const names = unknown[1]!.split(', ');
    // yargs lists `--bogus-flag` twice (as bogus-flag and bogusFlag); report what was typed.
    const typed = names.filter((name) => args.some((arg) => isSpelling(arg, name)));
    const reported = (typed.length > 0 ? typed : names).map((name) => describeUnknown(name, args));
    return new UsageError(reported.join('; '));
  }
  const missingPositional = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(text);
  if (missingPositional) return new UsageError(`missing argument: ${usageOf(args)}`);
  const missingValue = /^Not enough arguments following: (.+)$/.exec(text);
  if (missingValue) return new UsageError(`${flagName(missingValue[1]!)}: missing value`);
  return new UsageError(text);
}

/** `ann info <model>` for the command named in `args`. */
function usageOf(args: string[]): string {
  const command = commands.find((candidate) => candidate.command.split(' ')[0] === args[0]);
  return command ? `ann ${command.command}` : 'ann <command>';
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
