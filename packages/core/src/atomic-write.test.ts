import { execFileSync, spawn } from 'node:child_process';
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWritable, FileWriteError, removeStaleTempFiles, TEMP_FILE_NAME, tempFileName, writeFileAtomic } from './atomic-write';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'ann-write-'));

async function rejection(promise: Promise<unknown>): Promise<FileWriteError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FileWriteError);
    return error as FileWriteError;
  }
  throw new Error('expected a rejection');
}

/** A pid that no process has: one more than the kernel's limit. */
function deadPid(): number {
  return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1;
}

describe('writeFileAtomic: regular files', () => {
  it('writes a new file with the umask’s mode and keeps an existing file’s mode', async () => {
    const dir = fresh();
    const path = join(dir, 'new.txt');
    expect(await writeFileAtomic(path, 'one')).toEqual({ written: path, mode: 'replaced', removedTempFiles: [] });
    expect(readFileSync(path, 'utf8')).toBe('one');
    expect(statSync(path).mode & 0o777).toBe(0o666 & ~process.umask());
    execFileSync('chmod', ['0640', path]);
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['new.txt']);
  });

  it('uses random, exclusive temporary names: a link planted at a guessed name is neither followed nor removed', async () => {
    const dir = fresh();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const path = join(dir, 'out.csv');
    const guessed = join(dir, tempFileName('out.csv', process.pid, 'aaaaaaaaaaaa'));
    symlinkSync(victim, guessed);
    const names = ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'];
    await writeFileAtomic(path, 'predictions', { randomSuffix: () => names.shift()! });
    expect(readFileSync(path, 'utf8')).toBe('predictions');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(guessed).isSymbolicLink()).toBe(true);
    expect(names).toEqual([]);
  });

  it('flushes the temporary file to disk (fsync) before the rename makes it the file (issue 13, item 2)', async () => {
    const dir = fresh();
    const path = join(dir, 'model.json');
    writeFileSync(path, 'previous');
    const events: string[] = [];
    const open = (async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const writeFile = async (data: string | Uint8Array) => {
        events.push('write');
        await handle.writeFile(data);
      };
      const sync = async () => {
        events.push('fsync');
        // What is on the disk at the fsync is the whole new document, and the target is untouched.
        expect(readFileSync(args[0] as string, 'utf8')).toBe('{"new": true}');
        expect(readFileSync(path, 'utf8')).toBe('previous');
        await handle.sync();
      };
      const close = async () => {
        events.push('close');
        await handle.close();
      };
      return Object.assign(Object.create(handle) as typeof handle, { writeFile, sync, close });
    }) as typeof fs.open;
    const rename = async (from: Parameters<typeof fs.rename>[0], to: Parameters<typeof fs.rename>[1]) => {
      events.push('rename');
      await fs.rename(from, to);
    };
    await writeFileAtomic(path, '{"new": true}', { open, rename });
    expect(events).toEqual(['write', 'fsync', 'close', 'rename']);
    expect(readFileSync(path, 'utf8')).toBe('{"new": true}');
  });

  it('names follow TEMP_FILE_NAME; stale ones from dead processes are removed, live ones kept', async () => {
    const dir = fresh();
    const path = join(dir, 'model.json');
    const stale = join(dir, tempFileName('model.json', deadPid(), '0123456789ab'));
    const live = join(dir, tempFileName('model.json', process.ppid, '0123456789ab'));
    const other = join(dir, tempFileName('other.json', deadPid(), '0123456789ab'));
    for (const file of [stale, live, other]) writeFileSync(file, '{"partial');
    expect(TEMP_FILE_NAME.exec(tempFileName('model.json', 42, 'abcdef012345'))?.slice(1)).toEqual(['model.json', '42', 'abcdef012345']);
    const result = await writeFileAtomic(path, '{}');
    expect(result.removedTempFiles).toEqual([stale]);
    expect(readdirSync(dir).sort()).toEqual([live, other, path].map((p) => p.slice(dir.length + 1)).sort());
    expect(await removeStaleTempFiles(join(dir, 'other.json'))).toEqual([other]);
  });
});

describe('writeFileAtomic: what is not a regular file', () => {
  it('a symbolic link: its target is replaced atomically, the link stays a link', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'model.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'latest.json');
    symlinkSync('real/model.json', link);
    expect((await writeFileAtomic(link, 'new')).written).toBe(target);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real/model.json');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['latest.json', 'real']);
    // A dangling link (a chain of two) creates the file it points to.
    const dangling = join(dir, 'next.json');
    symlinkSync('hop.json', dangling);
    symlinkSync('real/fresh.json', join(dir, 'hop.json'));
    await writeFileAtomic(dangling, 'fresh');
    expect(readFileSync(join(dir, 'real', 'fresh.json'), 'utf8')).toBe('fresh');
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
  });

  it('/dev/null is written through, not replaced', async () => {
    expect(await writeFileAtomic('/dev/null', 'discarded')).toEqual({ written: '/dev/null', mode: 'through', removedTempFiles: [] });
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('/dev/full is an ENOSPC error and stays a device', async () => {
    const error = await rejection(writeFileAtomic('/dev/full', 'x'.repeat(100)));
    expect(error.message).toBe('/dev/full: cannot write the file: the disk is full (ENOSPC)');
    expect(error.code).toBe('ENOSPC');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a descriptor path (/dev/stdout, /dev/fd/N) is written through to the descriptor, even when it is a file', async () => {
    const dir = fresh();
    const out = join(dir, 'stdout.txt');
    writeFileSync(out, 'before\n');
    const fd = openSync(out, 'a');
    try {
      expect((await writeFileAtomic(`/dev/fd/${fd}`, 'through\n')).mode).toBe('through');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(out, 'utf8')).toBe('before\nthrough\n');
    expect(readdirSync(dir)).toEqual(['stdout.txt']);
  });

  it('a FIFO is written through to its reader, and refused at once when nobody reads it', async () => {
    const dir = fresh();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const refused = await rejection(writeFileAtomic(fifo, 'nobody'));
    expect(refused.message).toBe(`${fifo}: cannot write the file: it is a FIFO and nothing is reading it (ENXIO)`);
    const reader = spawn('cat', [fifo]);
    const received: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise((done) => reader.on('close', done));
    // cat opens the FIFO soon after it starts; until then the probe says nobody reads.
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFileAtomic(fifo, 'through the pipe');
        break;
      } catch (error) {
        if ((error as FileWriteError).code !== 'ENXIO' || attempt > 200) throw error;
        await new Promise((wait) => setTimeout(wait, 10));
      }
    }
    await closed;
    expect(Buffer.concat(received).toString()).toBe('through the pipe');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('a directory and a socket are refused', async () => {
    const dir = fresh();
    const directory = await rejection(writeFileAtomic(dir, 'x'));
    expect(directory.message).toBe(`${dir}: cannot write the file: it is a directory; give a file name inside it`);
    const socketPath = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((listening) => server.listen(socketPath, listening));
    try {
      const socket = await rejection(writeFileAtomic(socketPath, 'x'));
      expect(socket.message).toBe(`${socketPath}: cannot write the file: it is a socket; refusing to write over it`);
      expect(statSync(socketPath).isSocket()).toBe(true);
      expect(readdirSync(dir)).toEqual(['sock']);
    } finally {
      server.close();
    }
  });
});

describe('assertWritable', () => {
  it('passes for a new file, an existing file and a device, leaving nothing behind', async () => {
    const dir = fresh();
    expect(await assertWritable(join(dir, 'new.json'))).toBe('replaced');
    writeFileSync(join(dir, 'old.json'), 'kept');
    expect(await assertWritable(join(dir, 'old.json'))).toBe('replaced');
    expect(await assertWritable('/dev/null')).toBe('through');
    expect(readdirSync(dir)).toEqual(['old.json']);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('kept');
  });

  it('fails as the write would: a missing directory, a directory, a refusing file system', async () => {
    const dir = fresh();
    expect((await rejection(assertWritable(join(dir, 'nope', 'm.json')))).message).toBe(`${join(dir, 'nope', 'm.json')}: cannot write the file: the directory does not exist (ENOENT)`);
    expect((await rejection(assertWritable(dir))).code).toBe('EISDIR');
    // Root (as CI runs) ignores permissions, so a read-only file system is simulated at the open call.
    const readOnly = { open: (async () => Promise.reject(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }))) as never };
    expect((await rejection(assertWritable(join(dir, 'm.json'), readOnly))).message).toBe(`${join(dir, 'm.json')}: cannot write the file: the file system is read-only (EROFS)`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
