// The shared harness of the end-to-end tests: the built app (dist/), served by Vite's preview server
// inside this process, driven in Debian's chromium through playwright-core. One server and one
// browser for the whole run (started lazily by the first test); every test opens its own page.
// turbo's test task depends on this package's build, so dist/ exists; the tests never build.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
// ANN_E2E_DIST: test a copy of a build (e.g. while others rebuild dist/ in the same checkout).
const distDir = process.env.ANN_E2E_DIST || join(appRoot, 'dist');
const builtIndex = join(distDir, 'index.html');
const chromiumPath = process.env.ANN_CHROMIUM || '/usr/bin/chromium';
const inCI = process.env.CI === 'true';
const hasChromium = existsSync(chromiumPath);

/** The artifacts folder (git-ignored): screenshots of the main states, desktop and phone. */
export const screenshotDir = join(appRoot, 'test-results', 'screenshots');

export const DESKTOP = { width: 1400, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

// The one allowed skip: no browser on a developer machine. In CI a missing browser fails instead.
export const skipForMissingBrowser = !hasChromium && !inCI;
if (skipForMissingBrowser) {
  console.warn(
    `[playground e2e] skipped: no chromium at ${chromiumPath}. Install it (apt-get install -y chromium) ` +
      'or point ANN_CHROMIUM at a Chromium binary. With CI=true these tests fail instead.',
  );
}

/** A test that drives the browser: run, unless skipForMissingBrowser. */
export function e2e(name: string, test: () => Promise<void>, timeout?: number): void {
  it.skipIf(skipForMissingBrowser)(name, test, timeout);
}

/**
 * For a test file that writes files: a scratch folder made before its tests and removed after them
 * (with the harness stopped). The answer gives a path in it (`scratch('a.csv')`; `scratch()` is the
 * folder itself).
 */
export function scratchFolder(name: string): (file?: string) => string {
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), `ann-playground-${name}-`));
  });
  afterAll(async () => {
    await stopHarness();
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });
  return (file = '') => join(work, file);
}

interface Harness {
  server: PreviewServer;
  browser: Browser;
  url: string;
}

let harness: Promise<Harness> | undefined;

// Set up lazily inside the tests rather than in beforeAll, so that a missing build or browser
// shows up as a failed test with its message, not as a hook error.
async function startHarness(): Promise<Harness> {
  if (!hasChromium) {
    throw new Error(
      `Chromium is required in CI (CI=true) but was not found at ${chromiumPath}. ` +
        'Install it with `apt-get install -y chromium` or set ANN_CHROMIUM to its path.',
    );
  }
  if (!existsSync(builtIndex)) {
    throw new Error(`${builtIndex} is missing: run \`pnpm --filter @ann/playground build\` first.`);
  }
  mkdirSync(screenshotDir, { recursive: true });
  const server = await preview({
    root: appRoot,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: distDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | null;
  if (address === null) throw new Error('The preview server did not report a port.');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { server, browser, url: `http://127.0.0.1:${address.port}/` };
}

/** Closes the browser and the server (the test file's afterAll). */
export async function stopHarness(): Promise<void> {
  if (harness === undefined) return;
  const started = await harness.catch(() => undefined);
  harness = undefined;
  if (started === undefined) return;
  await started.browser.close();
  await started.server.close();
}

/** An open playground page and every console error and uncaught exception it has produced. */
export interface Session {
  page: Page;
  errors: string[];
}

export interface OpenOptions {
  /** The URL hash without '#', e.g. 'problem=regression&dataset=plane'; the defaults without it. */
  hash?: string;
  /** A full URL to open instead (the URL round trip). */
  url?: string;
  viewport?: { width: number; height: number };
  /** Runs before the page loads (page.addInitScript), e.g. to record the worker's messages. */
  initScript?: () => void;
}

/**
 * Opens the playground and waits until it is ready to train: the worker has built the network and
 * the page shows epoch 0 with a finite train cost.
 */
export async function openPlayground(options: OpenOptions = {}): Promise<Session> {
  harness ??= startHarness();
  const { browser, url } = await harness;
  const page = await browser.newPage({ viewport: options.viewport ?? DESKTOP });
  const errors: string[] = [];
  // Worker console messages reach the page's 'console' event too (ConsoleMessage.worker()).
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location();
    errors.push(`console.error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('crash', () => errors.push('the page crashed'));
  if (options.initScript !== undefined) await page.addInitScript(options.initScript);
  const target = options.url ?? (options.hash === undefined ? url : `${url}#${options.hash}`);
  await page.goto(target);
  await waitReady(page);
  return { page, errors };
}

/**
 * Waits for epoch 0 with a numeric train cost and no configure outstanding: the worker's `ready`
 * for the current settings has been drawn. The page marks a pending configure on its root (class
 * `is-configuring`, or aria-busy): without that check, the previous network's numbers would pass
 * for the new one's in the moment after a change.
 */
export async function waitReady(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
      if (document.querySelector('.is-configuring, [aria-busy="true"]') !== null) return false;
      return text('epoch') === '0' && text('train-cost') !== '' && Number.isFinite(Number(text('train-cost')));
    },
    undefined,
    { timeout },
  );
}

/** Asserts the session logged no console error and threw nothing, then closes its page. */
export async function closeClean(session: Session): Promise<void> {
  const errors = [...session.errors];
  await session.page.close();
  expect(errors, 'console errors and uncaught exceptions').toEqual([]);
}

export function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

export function select(page: Page, name: string): Locator {
  return page.getByRole('combobox', { name, exact: true });
}

/** A text shown by data-testid, trimmed. */
export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

/** The shown number of a data-testid whose text is a number alone (epoch, costs); fails otherwise. */
export async function shownNumber(page: Page, testId: string): Promise<number> {
  const shown = await text(page, testId);
  const value = Number(shown);
  expect(shown !== '' && Number.isFinite(value), `${testId} should show a number alone, shows "${shown}"`).toBe(true);
  return value;
}

/** The shown percentage of `train-accuracy` / `test-accuracy` ("91.3%"); fails on any other text. */
export async function shownPercent(page: Page, testId: string): Promise<number> {
  const shown = await text(page, testId);
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(shown);
  expect(match, `${testId} should show a percentage like 91.3%, shows "${shown}"`).not.toBeNull();
  return Number(match![1]);
}

export const epoch = (page: Page): Promise<number> => shownNumber(page, 'epoch');

/** Waits until the shown epoch satisfies `condition` (polled every animation frame). */
export async function waitForEpoch(
  page: Page,
  condition: { above?: number; equal?: number },
  timeout = 20_000,
): Promise<number> {
  await page.waitForFunction(
    ({ above, equal }) => {
      const shown = document.querySelector('[data-testid="epoch"]')?.textContent?.trim() ?? '';
      if (shown === '') return false;
      const value = Number(shown);
      if (!Number.isFinite(value)) return false;
      return (above === undefined || value > above) && (equal === undefined || value === equal);
    },
    { above: condition.above, equal: condition.equal },
    { timeout },
  );
  return epoch(page);
}

/**
 * Waits until a numeric data-testid (shown as a number, or as a percentage) satisfies a bound.
 * Polls every animation frame; the error names the last value seen.
 */
export async function waitForShown(
  page: Page,
  testId: string,
  bound: { below?: number; atLeast?: number },
  timeout: number,
): Promise<number> {
  try {
    await page.waitForFunction(
      ({ testId, below, atLeast }) => {
        const shown = document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
        const value = Number(shown.replace(/\s*%$/, ''));
        if (shown === '' || !Number.isFinite(value)) return false;
        return (below === undefined || value < below) && (atLeast === undefined || value >= atLeast);
      },
      { testId, below: bound.below, atLeast: bound.atLeast },
      { timeout },
    );
  } catch (error) {
    const last = await text(page, testId);
    throw new Error(
      `${testId} did not reach ${JSON.stringify(bound)} within ${timeout} ms (last shown "${last}", ` +
        `epoch ${await text(page, 'epoch')})`,
      { cause: error },
    );
  }
  return Number((await text(page, testId)).replace(/\s*%$/, ''));
}

/** Waits `count` animation frames in the page: a wait on the page's own clock, not a fixed sleep. */
export async function frames(page: Page, count: number): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    count,
  );
}

/**
 * Waits until the epoch has stopped changing (a snapshot already in flight when Pause was pressed
 * may still arrive): the same value for `stableFrames` frames in a row. Returns that epoch.
 */
export async function settledEpoch(page: Page, stableFrames = 15, timeout = 5_000): Promise<number> {
  await page.evaluate(
    ({ stableFrames, timeout }) =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        let last = '';
        let same = 0;
        const tick = () => {
          const shown = document.querySelector('[data-testid="epoch"]')?.textContent?.trim() ?? '';
          same = shown === last ? same + 1 : 0;
          last = shown;
          if (same >= stableFrames) return resolve();
          if (performance.now() - started > timeout) return reject(new Error(`the epoch kept changing (last ${shown})`));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { stableFrames, timeout },
  );
  return epoch(page);
}

/** Presses Play and waits until the button has become Pause. */
export async function play(page: Page): Promise<void> {
  await button(page, 'Play').click();
  await button(page, 'Pause').waitFor({ timeout: 5_000 });
}

/** Presses Pause, waits until the button is Play again and the epoch has settled; returns it. */
export async function pause(page: Page): Promise<number> {
  await button(page, 'Pause').click();
  await button(page, 'Play').waitFor({ timeout: 5_000 });
  return settledEpoch(page);
}

/**
 * A small fingerprint of a canvas's pixels: the canvas drawn down onto a 64×64 2D canvas, as RGBA
 * bytes. Works for 2D and WebGL canvases alike (drawImage reads what is on screen).
 */
export async function canvasPixels(page: Page, testId: string): Promise<number[]> {
  return page.evaluate((testId) => {
    const source = document.querySelector(`[data-testid="${testId}"]`);
    const canvas = source instanceof HTMLCanvasElement ? source : source?.querySelector('canvas');
    if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`no canvas at data-testid="${testId}"`);
    const small = document.createElement('canvas');
    small.width = 64;
    small.height = 64;
    const context = small.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('no 2D context');
    context.drawImage(canvas, 0, 0, 64, 64);
    return Array.from(context.getImageData(0, 0, 64, 64).data);
  }, testId);
}

/** How many of the 64×64 fingerprint's pixels differ by more than a rounding step in any channel. */
export function changedPixels(before: number[], after: number[]): number {
  let changed = 0;
  for (let p = 0; p < before.length; p += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(before[p + c]! - after[p + c]!) > 2) {
        changed++;
        break;
      }
    }
  }
  return changed;
}

/** How many distinct colours (quantized) the fingerprint holds: a blank canvas has one. */
export function distinctColours(pixels: number[]): number {
  const seen = new Set<number>();
  for (let p = 0; p < pixels.length; p += 4) {
    seen.add(((pixels[p]! >> 4) << 8) | ((pixels[p + 1]! >> 4) << 4) | (pixels[p + 2]! >> 4));
  }
  return seen.size;
}

/**
 * Saves the current state as it looks on a laptop (1400×900, the viewport) and on a phone
 * (390×844: the viewport a user sees, and the full page to judge what is below the fold), then
 * returns to the viewport the page had. `restore` runs after each resize, e.g. to hover again.
 */
export async function snap(page: Page, state: string, restore?: () => Promise<void>): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  const shots: [string, { width: number; height: number }, boolean][] = [
    [`${state}-desktop.png`, DESKTOP, false],
    [`${state}-phone.png`, PHONE, false],
    [`${state}-phone-full.png`, PHONE, true],
  ];
  let current = original;
  for (const [file, viewport, fullPage] of shots) {
    if (viewport.width !== current.width || viewport.height !== current.height) {
      await page.setViewportSize(viewport);
      current = viewport;
      await frames(page, 2); // let the layout and the canvases follow the new size
      await restore?.();
    }
    await page.screenshot({ path: join(screenshotDir, file), fullPage });
  }
  if (original.width !== current.width || original.height !== current.height) {
    await page.setViewportSize(original);
    await frames(page, 2);
    await restore?.();
  }
}

/**
 * On a phone (390×844), scrolls `testId` (e.g. a neuron of the network view) to the top half of
 * the screen and saves what the user sees then (`<state>-phone-scrolled.png`); restores the viewport.
 */
export async function snapScrolledPhone(page: Page, state: string, testId: string): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(PHONE);
  await frames(page, 2);
  await page.getByTestId(testId).evaluate((element) => element.scrollIntoView({ block: 'center' }));
  await frames(page, 2);
  await page.screenshot({ path: join(screenshotDir, `${state}-phone-scrolled.png`) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize(original);
  await frames(page, 2);
}
