import type { Argv } from 'yargs';

/*
 * Every command declares its flags as a table of FlagSpecs, through addFlags. The flags several
 * commands take (--model, --data, --label, --x, --y, --out, --json, --seed, --m) are defined once in
 * SHARED_FLAGS with one description; a command adds a note on what the flag is for there.
 * Flags have no yargs defaults: a value that is undefined was not given (see config.ts), and
 * `defaultDescription` says in the help what is used then.
 */

/** One flag (or positional argument) of a command: its name, help text and help group. */
export interface FlagSpec {
  name: string;
  describe: string;
  /** Help section (`Data:`); without it the flag is listed under `Options:`. */
  group?: string;
  /** A switch (`--json`); every other flag takes a value. */
  boolean?: boolean;
  defaultDescription?: string;
  required?: boolean;
  /** A positional argument named in the command (`info <model>`), not a `--flag`. */
  positional?: boolean;
  choices?: readonly string[];
}

const DATA_FILE = 'Data file (.csv, .json, .npy, .npz or .h5)';

/** The flags more than one command takes, each with its one description. */
export const SHARED_FLAGS = {
  model: { name: 'model', describe: 'Model file written by ann train --out' },
  data: { name: 'data', describe: DATA_FILE },
  label: { name: 'label', describe: 'Label column of a CSV/JSON file: a name, or a 0-based index (-1 = last)' },
  x: { name: 'x', describe: 'Name of the inputs array in an HDF5/.npz file', defaultDescription: 'X, or the one ending in _x' },
  y: { name: 'y', describe: 'Name of the labels array in an HDF5/.npz file', defaultDescription: 'Y, or the one ending in _y' },
  out: { name: 'out', describe: 'Where to write' },
  json: { name: 'json', describe: 'Print JSON instead of text', boolean: true },
  seed: { name: 'seed', describe: 'Seed (an integer in [0, 2^32-1])' },
  m: { name: 'm', describe: 'Number of examples' },
} as const satisfies Record<string, FlagSpec>;

/**
 * A shared flag as one command takes it: `note` follows the shared description after a colon
 * (`Where to write: the predictions, instead of standard output`); the other fields are the command's.
 */
export function use(flag: FlagSpec, how: { note?: string } & Omit<Partial<FlagSpec>, 'name' | 'describe'> = {}): FlagSpec {
  const { note, ...rest } = how;
  return { ...flag, ...rest, describe: note === undefined ? flag.describe : `${flag.describe}: ${note}` };
}

/** Declares each flag (or positional) of the table on a yargs parser, in the table's order. */
export function addFlags(parser: Argv, flags: readonly FlagSpec[]): Argv {
  let out = parser;
  for (const flag of flags) {
    const help = {
      describe: flag.describe,
      ...(flag.group !== undefined ? { group: flag.group } : {}),
      ...(flag.defaultDescription !== undefined ? { defaultDescription: flag.defaultDescription } : {}),
      ...(flag.choices !== undefined ? { choices: [...flag.choices] } : {}),
    };
    if (flag.positional) {
      out = out.positional(flag.name, flag.choices !== undefined ? help : { ...help, type: 'string' });
      continue;
    }
    out = out.option(flag.name, {
      ...help,
      ...(flag.boolean ? { type: 'boolean' as const } : { requiresArg: true }),
      ...(flag.required ? { demandOption: true } : {}),
    });
  }
  return out;
}
