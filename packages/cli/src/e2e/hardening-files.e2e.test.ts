/**
 * Issue 13, items 2 and 7, through the built CLI: every file ann writes goes through core's one
 * atomic writer (devices and FIFOs written through, links followed, nothing replaced that is not a
 * regular file), and an unwritable --out is refused before any data is read or any step taken.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, bin, blobsCsv, STACK_FRAME, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('hardening-files');
const at = (name: string) => join(dir, name);
const TRAIN = ['train', '--data', 'blobs.csv', '--label', 'species', '--iterations', '20', '--quiet'];

beforeAll(() => {
  assertBuilt();
  writeFileSync(at('blobs.csv'), blobsCsv(30));
  const trained = ann([...TRAIN, '--out', 'model.json'], { cwd: dir });
  if (trained.status !== 0) throw new Error(trained.stderr);
});

function fails(args: string[], pattern: RegExp): void {
  const { status, stdout, stderr } = ann(args, { cwd: dir });
  expect(status, stderr).toBe(1);
  expect(stdout).toBe('');
  expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(pattern)]);
  expect(stderr).not.toMatch(STACK_FRAME);
}

describe('item 2: one atomic writer; non-regular targets are written through or refused, never replaced', () => {
  it('train --out /dev/full: a clear ENOSPC error, and /dev/full stays a device', () => {
    fails([...TRAIN, '--out', '/dev/full'], /^ann: error: \/dev\/full: cannot write the file: the disk is full \(ENOSPC\)$/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('predict --out /dev/full: the same writer, the same error', () => {
    fails(['predict', '--model', 'model.json', '--data', 'blobs.csv', '--out', '/dev/full'], /^ann: error: \/dev\/full: cannot write the file: the disk is full \(ENOSPC\)$/);
  });

  it('train --out /dev/null succeeds and leaves the device alone', () => {
    const { status, stderr } = ann([...TRAIN, '--out', '/dev/null'], { cwd: dir });
    expect(status, stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('train --out FIFO: one model document arrives through the pipe, and the FIFO stays a FIFO', async () => {
    const fifo = at('model.pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const readerDone = new Promise((done) => reader.on('close', done));
    // cat opens the FIFO soon after it starts; until then ann refuses it at once (nothing reads it).
    let result = ann([...TRAIN, '--out', fifo], { cwd: dir });
    for (let attempt = 0; result.status !== 0 && /nothing is reading it \(ENXIO\)/.test(result.stderr) && attempt < 50; attempt++) {
      await new Promise((wait) => setTimeout(wait, 50));
      result = ann([...TRAIN, '--out', fifo], { cwd: dir });
    }
    expect(result.status, result.stderr).toBe(0);
    await readerDone;
    expect(JSON.parse(received).format).toBe('ann-model');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('train --out LINK replaces the link’s target atomically; the link stays a link', () => {
    mkdirSync(at('models'));
    writeFileSync(at('models/v1.json'), 'old');
    symlinkSync('models/v1.json', at('latest.json'));
    const { status, stderr } = ann([...TRAIN, '--out', 'latest.json'], { cwd: dir });
    expect(status, stderr).toBe(0);
    expect(lstatSync(at('latest.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(at('models/v1.json'), 'utf8')).format).toBe('ann-model');
    expect(readdirSync(at('models'))).toEqual(['v1.json']);
  });

  it('predict and datasets generate leave no temporary file behind', () => {
    expect(ann(['predict', '--model', 'model.json', '--data', 'blobs.csv', '--out', 'preds.csv'], { cwd: dir }).status).toBe(0);
    expect(ann(['datasets', 'generate', 'moons', '--m', '20', '--out', 'moons.csv'], { cwd: dir }).status).toBe(0);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(at('preds.csv'), 'utf8').split('\n')[0]).toMatch(/^label,/);
  });
});

describe('item 7: --out is checked before the data is read or a step is taken', () => {
  it('a missing directory: exit 1 at once, nothing trained', () => {
    fails([...TRAIN, '--out', 'no/such/dir/m.json'], /^ann: error: no\/such\/dir\/m\.json: cannot write the file: the directory does not exist \(ENOENT\)$/);
  });

  it('a directory as --out', () => {
    fails([...TRAIN, '--out', 'models'], /^ann: error: models: cannot write the file: it is a directory; give a file name inside it$/);
  });

  it('a read-only directory (as an unprivileged user): refused before training, even with --data missing', () => {
    const readOnly = at('read-only');
    mkdirSync(readOnly);
    chmodSync(dir, 0o755);
    chmodSync(readOnly, 0o555);
    // Root ignores permissions: run as nobody when the tests run as root (as CI does).
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const command = [...asUser, process.execPath, bin, 'train', '--data', 'missing.csv', '--label', 'y', '--out', join(readOnly, 'm.json')];
    let stderr = '';
    let status = 0;
    try {
      execFileSync(command[0]!, command.slice(1), { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANN_FORCE_TTY: '0' } });
    } catch (error) {
      ({ stderr, status } = error as { stderr: string; status: number });
    }
    expect(status).toBe(1);
    expect(stderr.trimEnd()).toBe(`ann: error: ${join(readOnly, 'm.json')}: cannot write the file: permission denied (EACCES)`);
  });
});
