#!/usr/bin/env node
// Prepares a fresh machine that has only Node 20 and npm: installs the pinned pnpm when it is missing,
// installs the workspace's dependencies, and with --browser installs Debian's chromium for the
// playground's browser test when no chromium is present. Safe to run again: each step checks first.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1].split('+')[0];
const wantBrowser = process.argv.includes('--browser');

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    log(`'${command} ${args.join(' ')}' failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

function pnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const found = pnpmVersion();
if (found !== pinned) {
  log(found ? `pnpm ${found} found; installing the pinned pnpm ${pinned}` : `installing pnpm ${pinned}`);
  run('npm', ['install', '--global', '--force', '--allow-scripts=pnpm', `pnpm@${pinned}`]);
  if (pnpmVersion() !== pinned) {
    log(`pnpm ${pinned} is still not on PATH after 'npm install --global'; check npm's global prefix (npm prefix -g)`);
    process.exit(1);
  }
}

run('pnpm', ['install', '--frozen-lockfile']);

if (wantBrowser) {
  const chromium = process.env.ANN_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(chromium)) {
    log(`chromium found at ${chromium}`);
  } else if (process.platform === 'linux' && existsSync('/usr/bin/apt-get') && process.getuid?.() === 0) {
    log('installing Debian chromium for the playground browser test');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    log(
      `no chromium at ${chromium} and cannot install it here (needs Debian and root). ` +
        'Install chromium or set ANN_CHROMIUM to its path; outside CI the browser test is skipped.',
    );
  }
}
