/**
 * Node-only: the one file writer of the project (model files, exports, predictions, generated
 * datasets). Imported by @ann/core/node, never by the isomorphic entry.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AnnError } from './errors';

/**
 * A file could not be written. The message starts with the path as given and says why
 * (`out/model.json: cannot write the file: the disk is full (ENOSPC); the previous file is unchanged`).
 */
export class FileWriteError extends AnnError {
  /** The path as the caller gave it. */
  readonly path: string;
  /** The system error code (`ENOSPC`, `EACCES`, `EISDIR`, …), or undefined for a refusal of ann's own. */
  readonly code: string | undefined;
  /** The message without the path. */
  readonly detail: string;

  constructor(path: string, detail: string, code?: string) {
    super(`${path}: cannot write the file: ${detail}`);
    this.path = path;
    this.code = code;
    this.detail = detail;
  }
}

/** The file operations writeFileAtomic uses; replaceable in tests to simulate a failing disk or a guessed name. */
export interface AtomicWriteIo {
  open: typeof fs.open;
  rename: typeof fs.rename;
  unlink: typeof fs.unlink;
  /** The random part of a temporary file's name: 12 lowercase hex digits. */
  randomSuffix: () => string;
}

const defaultIo: AtomicWriteIo = { open: fs.open, rename: fs.rename, unlink: fs.unlink, randomSuffix: () => randomBytes(6).toString('hex') };

/**
 * Temporary files are `.NAME.PID-RANDOM.tmp` beside NAME (`.model.json.4242-3fa2c1d09b7e.tmp`):
 * hidden, findable by NAME, and carrying the writer's process id so that a later save can tell a
 * file left by a killed process (removed) from one another live process is still writing (kept).
 */
export const TEMP_FILE_NAME = /^\.(.+)\.(\d+)-([0-9a-f]{12})\.tmp$/;

/** The temporary file name for `name` written by process `pid`. */
export function tempFileName(name: string, pid: number, suffix: string): string {
  return `.${name}.${pid}-${suffix}.tmp`;
}

/** What a write did besides writing. */
export interface AtomicWriteResult {
  /** The file actually written: the target of a symbolic link, or the path itself. */
  written: string;
  /** 'replaced' for a regular file written atomically; 'through' for a device or FIFO written in place. */
  mode: 'replaced' | 'through';
  /** Temporary files left beside it by killed saves (their process is gone) that this write removed. */
  removedTempFiles: string[];
}

/** Paths that name an open file descriptor: written through, never replaced by a file. */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:stdout|stderr|fd\/\d+)|proc\/(?:self|\d+)\/fd\/\d+)$/;

/** Attempts at a fresh temporary name when one already exists (a file planted at a guessed name). */
const NAME_ATTEMPTS = 8;

/** Symbolic links followed before giving up, as the kernel does (ELOOP). */
const MAX_LINK_HOPS = 40;

/**
 * Writes `data` to `path` so that nothing is lost:
 * - a regular file (or none yet) is replaced atomically: the data goes to a fresh temporary file in
 *   the same directory (random name, exclusive create, mode 0600 while being written, then the
 *   previous file's mode, or 0666 less the umask for a new one), is flushed to disk (fsync), and
 *   is renamed over the target; the directory is then synced where the platform allows. Readers
 *   see the old file or the new one, never a mixture. On any error the temporary file is removed
 *   and the previous file is untouched;
 * - a symbolic link is followed: its target is replaced atomically and the link stays a link;
 * - a character device or a FIFO (`/dev/null`, a named pipe) and a descriptor path (`/dev/stdout`)
 *   are written through in place, never replaced; a FIFO nobody reads is refused at once instead of
 *   blocking; a full device (`/dev/full`) is an ENOSPC error;
 * - a directory, a socket or a block device is refused.
 * After a successful replace, temporary files of `path` left by killed processes are removed
 * (see TEMP_FILE_NAME). Every failure is a FileWriteError naming `path`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, io: Partial<AtomicWriteIo> = {}): Promise<AtomicWriteResult> {
  const ops = { ...defaultIo, ...io };
  const target = await resolveTarget(path);
  if (target.kind === 'through') {
    await writeThrough(path, target, data);
    return { written: target.path, mode: 'through', removedTempFiles: [] };
  }
  await replaceAtomically(path, target.path, target.stats, data, ops);
  return { written: target.path, mode: 'replaced', removedTempFiles: await removeStaleTempFiles(target.path) };
}

/**
 * Checks, before any long work, that writeFileAtomic(path, …) can succeed as far as can be known
 * now: the target is not a directory, socket or block device, a device opens for writing, and a
 * regular file's directory exists and takes a new file (a temporary file
 * is created and removed, which tests permissions, read-only file systems and quotas on inodes as
 * the real write will). Throws the FileWriteError the write would; returns how the write will go
 * ('through' a device or FIFO, which a caller should then write once, or 'replaced' atomically).
 */
export async function assertWritable(path: string, io: Partial<AtomicWriteIo> = {}): Promise<AtomicWriteResult['mode']> {
  const target = await resolveTarget(path);
  if (target.kind === 'through') {
    // A FIFO is not probed: its reader may well start after this check (`ann train --out p & cat p`
    // does); nobody reading it at the end is refused then, at once (writeThrough).
    if (target.fifo) return 'through';
    const handle = await fs.open(target.path, constants.O_WRONLY | constants.O_APPEND).catch((error: unknown) => Promise.reject(writeError(path, error)));
    await handle.close();
    return 'through';
  }
  const ops = { ...defaultIo, ...io };
  const { temp, handle } = await createTemp(path, dirname(target.path), basename(target.path), ops, target.stats !== undefined);
  await handle.close();
  await ops.unlink(temp);
  return 'replaced';
}

type Target = { kind: 'replace'; path: string; stats: Stats | undefined } | { kind: 'through'; path: string; fifo: boolean };

async function resolveTarget(path: string): Promise<Target> {
  const absolute = resolve(path);
  let stats: Stats;
  try {
    stats = await fs.stat(absolute);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw writeError(path, error);
    return { kind: 'replace', path: await danglingLinkTarget(path, absolute), stats: undefined };
  }
  if (DESCRIPTOR_PATH.test(absolute) || stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'through', path: absolute, fifo: stats.isFIFO() };
  if (stats.isFile()) return { kind: 'replace', path: await fs.realpath(absolute), stats };
  if (stats.isDirectory()) throw new FileWriteError(path, 'it is a directory; give a file name inside it', 'EISDIR');
  const what = stats.isSocket() ? 'a socket' : stats.isBlockDevice() ? 'a block device' : 'not a regular file';
  throw new FileWriteError(path, `it is ${what}; refusing to write over it`);
}

/** Where a new file for `absolute` goes: the end of its chain of links when it is a dangling link, else itself. */
async function danglingLinkTarget(path: string, absolute: string): Promise<string> {
  let current = absolute;
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EINVAL' || code === 'ENOENT') return current;
      throw writeError(path, error);
    }
    current = resolve(dirname(current), link);
  }
  throw new FileWriteError(path, `more than ${MAX_LINK_HOPS} symbolic links in a row (ELOOP)`, 'ELOOP');
}

async function replaceAtomically(path: string, file: string, previous: Stats | undefined, data: string | Uint8Array, io: AtomicWriteIo): Promise<void> {
  const dir = dirname(file);
  const { temp, handle } = await createTemp(path, dir, basename(file), io, previous !== undefined);
  let open: typeof handle | undefined = handle;
  try {
    await handle.writeFile(data);
    await handle.chmod(previous ? previous.mode & 0o7777 : 0o666 & ~process.umask());
    // Root replacing someone else's file keeps its owner (the new inode is root's otherwise).
    if (previous && process.getuid?.() === 0) await handle.chown(previous.uid, previous.gid).catch(() => undefined);
    await handle.sync();
    open = undefined;
    await handle.close();
    await io.rename(temp, file);
  } catch (error) {
    await open?.close().catch(() => undefined);
    await io.unlink(temp).catch(() => undefined);
    throw writeError(path, error, previous !== undefined);
  }
  await syncDirectory(dir);
}

/** A new temporary file in `dir`, created exclusively (O_EXCL: a planted file or link at the name is never opened). */
async function createTemp(path: string, dir: string, name: string, io: AtomicWriteIo, keptPrevious: boolean) {
  for (let attempt = 1; ; attempt++) {
    const temp = join(dir, tempFileName(name, process.pid, io.randomSuffix()));
    try {
      return { temp, handle: await io.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt === NAME_ATTEMPTS) throw writeError(path, error, keptPrevious);
    }
  }
}

/** Persists the rename itself; not every platform lets a directory be opened and synced. */
async function syncDirectory(dir: string): Promise<void> {
  const directory = await fs.open(dir, 'r').catch(() => undefined);
  await directory?.sync().catch(() => undefined);
  await directory?.close().catch(() => undefined);
}

async function writeThrough(path: string, target: Target & { kind: 'through' }, data: string | Uint8Array): Promise<void> {
  // Opening a FIFO for writing blocks until someone reads it: ask without blocking first, and keep
  // that descriptor open until the real one is (closing it first would end the reader's input).
  const probe = target.fifo ? await openFifoReader(path, target.path) : undefined;
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(target.path, constants.O_WRONLY | constants.O_APPEND);
    await probe?.close();
    await handle.writeFile(data);
  } catch (error) {
    throw writeError(path, error);
  } finally {
    await probe?.close().catch(() => undefined);
    await handle?.close().catch(() => undefined);
  }
}

async function openFifoReader(path: string, fifo: string) {
  try {
    return await fs.open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (errorCode(error) === 'ENXIO') throw new FileWriteError(path, 'it is a FIFO and nothing is reading it (ENXIO)', 'ENXIO');
    throw writeError(path, error);
  }
}

/** Removes `.NAME.PID-RANDOM.tmp` files beside `file` whose process no longer runs; returns their paths. */
export async function removeStaleTempFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  const name = basename(file);
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP_FILE_NAME.exec(entry);
    if (!match || match[1] !== name || processRuns(Number(match[2]))) continue;
    const temp = join(dir, entry);
    const stats = await fs.lstat(temp).catch(() => undefined);
    // Only files this writer makes: a link or directory with a matching name is not ours to remove.
    if (!stats?.isFile()) continue;
    if (await fs.unlink(temp).then(() => true, () => false)) removed.push(temp);
  }
  return removed;
}

function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'the directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
};

/** A FileWriteError for a system error, saying that the previous file is unchanged when there was one to keep. */
function writeError(path: string, error: unknown, keptPrevious = false): FileWriteError {
  if (error instanceof FileWriteError) return error;
  const code = errorCode(error);
  const reason = code && REASONS[code] ? `${REASONS[code]} (${code})` : (error as Error).message;
  return new FileWriteError(path, `${reason}${keptPrevious ? '; the previous file is unchanged' : ''}`, code);
}
