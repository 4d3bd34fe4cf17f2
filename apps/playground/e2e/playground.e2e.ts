// End-to-end: the built app (dist/), served by Vite's preview server inside this process, driven
// in Debian's chromium through playwright-core. turbo's test task depends on this package's build,
// so dist/ exists; the test never builds.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(appRoot, 'dist', 'index.html');
const chromiumPath = process.env.ANN_CHROMIUM || '/usr/bin/chromium';
const inCI = process.env.CI === 'true';
const hasChromium = existsSync(chromiumPath);

// The one allowed skip: no browser on a developer machine. In CI a missing browser fails below.
const skipForMissingBrowser = !hasChromium && !inCI;
if (skipForMissingBrowser) {
  console.warn(
    `[playground e2e] skipped: no chromium at ${chromiumPath}. Install it (apt-get install -y chromium) ` +
      'or point ANN_CHROMIUM at a Chromium binary. With CI=true this test fails instead.',
  );
}

const LN_2 = Math.log(2); // the cost of a network that outputs 0.5 everywhere

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
  const server = await preview({
    root: appRoot,
    configFile: false,
    logLevel: 'warn',
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

async function openPlayground(): Promise<Page> {
  harness ??= startHarness();
  const { browser, url } = await harness;
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  // The worker posts the dataset once it has loaded @ann/core: the app is ready to train.
  await page.getByTestId('dataset-plot').waitFor({ timeout: 30_000 });
  expect(pageErrors).toEqual([]);
  return page;
}

/**
 * A cost line is drawn in data coordinates, so its points are the recorded (iteration, cost) pairs
 * (epoch, cost with mini-batches). The train line by default, or the test line.
 */
async function recordedCosts(page: Page, line: 'train' | 'test' = 'train'): Promise<{ iteration: number; cost: number }[]> {
  const points = (await page.getByTestId('cost-chart').getByTestId(`${line}-cost-line`).getAttribute('points')) ?? '';
  return points
    .trim()
    .split(/\s+/)
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [iteration, cost] = pair.split(',').map(Number);
      return { iteration: iteration!, cost: cost! };
    });
}

/** Waits for the run to end and returns its status (done, stopped or error). */
async function finishedStatus(page: Page, timeout = 90_000): Promise<string | null> {
  const finished = page.locator(
    '[data-testid="status"][data-status="done"], [data-testid="status"][data-status="stopped"], [data-testid="status"][data-status="error"]',
  );
  await finished.waitFor({ timeout });
  return page.getByTestId('status').getAttribute('data-status');
}

async function errorText(page: Page): Promise<string> {
  return (await page.getByTestId('error-message').count()) > 0 ? page.getByTestId('error-message').innerText() : '';
}

function percent(text: string): number {
  return Number(/([\d.]+)%/.exec(text)?.[1]);
}

afterAll(async () => {
  if (harness === undefined) return;
  const started = await harness.catch(() => undefined);
  if (started === undefined) return;
  await started.browser.close();
  await started.server.close();
});

describe('playground in chromium', () => {
  it.skipIf(skipForMissingBrowser)('trains the planar flower: the cost falls from ln 2 and accuracy ≥ 85%', async () => {
    const page = await openPlayground();
    await page.getByTestId('iterations-input').fill('3000');
    await page.getByTestId('train-button').click();

    const finished = page.locator('[data-testid="status"][data-status="done"], [data-testid="status"][data-status="error"]');
    await finished.waitFor({ timeout: 90_000 });
    const errorText = (await page.getByTestId('error-message').count()) > 0 ? await page.getByTestId('error-message').innerText() : '';
    expect(await page.getByTestId('status').getAttribute('data-status'), errorText).toBe('done');
    expect(await page.getByTestId('status').innerText()).toBe('Done');

    const costs = await recordedCosts(page);
    expect(costs.length).toBeGreaterThanOrEqual(10);
    expect(costs[0]!.iteration).toBe(0);
    expect(costs[0]!.cost).toBeCloseTo(LN_2, 2);
    expect(costs.at(-1)!.iteration).toBe(3000);
    expect(costs.at(-1)!.cost).toBeLessThan(costs[0]!.cost);
    expect(await page.getByTestId('cost-chart').getAttribute('data-point-count')).toBe(String(costs.length));

    expect(await page.getByTestId('iteration-value').innerText()).toBe('3000');
    const shownCost = Number(await page.getByTestId('cost-value').innerText());
    expect(shownCost).toBeCloseTo(costs.at(-1)!.cost, 5);

    const accuracyText = await page.getByTestId('accuracy-value').innerText();
    const accuracyPercent = Number(/([\d.]+)%/.exec(accuracyText)?.[1]);
    expect(accuracyPercent, `accuracy text was "${accuracyText}"`).toBeGreaterThanOrEqual(85);

    expect(await page.getByTestId('decision-boundary').locator('rect').count()).toBeGreaterThan(0);
    await page.close();
  });

  it.skipIf(skipForMissingBrowser)('refuses to train with an invalid learning rate and says why', async () => {
    const page = await openPlayground();
    await expect(page.getByTestId('error-message').count()).resolves.toBe(0);

    await page.getByTestId('lr-input').fill('0');
    await page.getByTestId('train-button').click();

    const message = page.getByTestId('error-message');
    await message.waitFor({ timeout: 5_000 });
    expect(await message.innerText()).toMatch(/learning rate must be greater than 0/i);
    expect(await page.getByTestId('lr-input').getAttribute('aria-invalid')).toBe('true');
    // Give a wrongly started run time to show itself, then check that none did.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('idle');
    expect(await page.getByTestId('cost-chart').getAttribute('data-point-count')).toBe('0');
    expect(await page.getByTestId('iteration-value').innerText()).toBe('—');
    await page.close();
  });
  it.skipIf(skipForMissingBrowser)('trains moons with Adam in mini-batches of 32: the cost falls and test accuracy shows', async () => {
    const page = await openPlayground();
    await page.getByTestId('dataset-select').selectOption('moons');
    // The catalogue's defaults for moons come with it; the plot shows 80% train and 20% hollow test points.
    expect(await page.getByTestId('noise-input').inputValue()).toBe('0.2');
    await page.locator('[data-testid="dataset-plot"] circle.point-test').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="dataset-plot"] circle.point-test').count()).toBe(60);
    expect(await page.locator('[data-testid="dataset-plot"] circle.point-train').count()).toBe(240);

    await page.getByTestId('optimizer-select').selectOption('adam');
    await page.getByTestId('batch-size-input').fill('32');
    await page.getByTestId('lr-input').fill('0.01');
    await page.getByTestId('hidden-input').fill('8');
    await page.getByTestId('iterations-input').fill('200');
    await page.getByTestId('train-button').click();

    const status = await finishedStatus(page);
    expect(status, await errorText(page)).toBe('done');

    const costs = await recordedCosts(page);
    expect(costs.length).toBeGreaterThanOrEqual(10);
    expect(costs[0]!.iteration).toBe(0);
    expect(costs.at(-1)!.iteration).toBe(200); // epochs
    expect(costs.at(-1)!.cost).toBeLessThan(0.8 * costs[0]!.cost);
    const testCosts = await recordedCosts(page, 'test');
    expect(testCosts.length).toBe(costs.length);
    expect(testCosts.at(-1)!.cost).toBeLessThan(testCosts[0]!.cost);

    expect(await page.getByTestId('epoch-value').innerText()).toBe('200');
    // 240 training examples in batches of 32: 8 updates per epoch.
    expect(await page.getByTestId('iteration-value').innerText()).toBe(String(200 * 8));
    const testAccuracyText = await page.getByTestId('test-accuracy-value').innerText();
    expect(percent(testAccuracyText), `test accuracy text was "${testAccuracyText}"`).toBeGreaterThanOrEqual(75);
    expect(percent(await page.getByTestId('accuracy-value').innerText())).toBeGreaterThanOrEqual(75);
    expect(Number(await page.getByTestId('test-cost-value').innerText())).toBeCloseTo(testCosts.at(-1)!.cost, 5);
    expect(await page.getByTestId('decision-boundary').locator('rect').count()).toBeGreaterThan(0);
    await page.close();
  });

  it.skipIf(skipForMissingBrowser)('shows core’s costRising warning for learning rate 1000 on the flower', async () => {
    const page = await openPlayground();
    await page.getByTestId('lr-input').fill('1000');
    await page.getByTestId('iterations-input').fill('2000');
    await page.getByTestId('train-button').click();

    const warning = page.locator('[data-testid="diagnostics-list"] li[data-code="costRising"]');
    await warning.waitFor({ timeout: 60_000 });
    expect(await warning.getAttribute('data-level')).toBe('warning');
    expect(await warning.innerText()).toMatch(/Warning/);
    expect(await warning.innerText()).toMatch(/learning rate 1000 is likely too high/);

    // A warning does not stop the run, and the page does not freeze: the run finishes.
    expect(await finishedStatus(page)).toBe('done');
    expect(await page.getByTestId('iteration-value').innerText()).toBe('2000');
    await page.close();
  });

  it.skipIf(skipForMissingBrowser)('shows a divergence as an error state, with core’s nonFinite diagnostic', async () => {
    const page = await openPlayground();
    await page.getByTestId('activation-select').selectOption('relu');
    await page.getByTestId('lr-input').fill('1000000');
    await page.getByTestId('iterations-input').fill('2000');
    await page.getByTestId('train-button').click();

    expect(await finishedStatus(page)).toBe('error');
    expect(await page.getByTestId('status').innerText()).toBe('Diverged');
    expect(await errorText(page)).toMatch(/Training diverged: .*NaN or Infinity.*learning rate 1000000 is likely too high/);
    const error = page.locator('[data-testid="diagnostics-list"] li[data-code="nonFinite"]');
    expect(await error.getAttribute('data-level')).toBe('error');
    expect((await recordedCosts(page)).length).toBeGreaterThan(0);
    // The page stays usable: the controls unlock and a sane run trains.
    await page.getByTestId('lr-input').fill('0.5');
    await page.getByTestId('iterations-input').fill('200');
    await page.getByTestId('train-button').click();
    expect(await finishedStatus(page)).toBe('done');
    expect(await page.locator('[data-testid="diagnostics-list"] li[data-code="nonFinite"]').count()).toBe(0);
    await page.close();
  });

  it.skipIf(skipForMissingBrowser)('rejects bad keep-prob, batch size and L2 inline and starts nothing', async () => {
    const page = await openPlayground();
    await page.getByTestId('keep-prob-input').fill('1.5');
    await page.getByTestId('batch-size-input').fill('0');
    await page.getByTestId('l2-input').fill('-1');
    await page.getByTestId('train-button').click();

    const inline = (field: string) => page.locator(`[data-testid="field-error"][data-field="${field}"]`);
    expect(await inline('keepProb').innerText()).toMatch(/Keep probability must be in \(0, 1\], got 1.5/);
    expect(await inline('batchSize').innerText()).toMatch(/Batch size must be from 1/);
    expect(await inline('l2').innerText()).toMatch(/L2 λ must be 0 or more/);
    for (const testId of ['keep-prob-input', 'batch-size-input', 'l2-input']) {
      expect(await page.getByTestId(testId).getAttribute('aria-invalid')).toBe('true');
    }
    await page.waitForTimeout(500);
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('idle');
    expect(await page.getByTestId('cost-chart').getAttribute('data-point-count')).toBe('0');

    // Emptying the batch size means the full batch again: valid.
    await page.getByTestId('batch-size-input').fill('');
    expect(await inline('batchSize').count()).toBe(0);
    await page.close();
  });

  it.skipIf(skipForMissingBrowser)('pauses, resumes and stops a run', async () => {
    const page = await openPlayground();
    await page.getByTestId('iterations-input').fill('1000000');
    await page.getByTestId('train-button').click();
    await page.locator('[data-testid="cost-chart"]:not([data-point-count="0"])').waitFor({ timeout: 30_000 });

    await page.getByTestId('pause-button').click();
    await page.locator('[data-testid="status"][data-status="paused"]').waitFor({ timeout: 5_000 });
    await page.waitForTimeout(300); // let a progress message already in flight arrive
    const pausedAt = await page.getByTestId('iteration-value').innerText();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('iteration-value').innerText()).toBe(pausedAt);

    await page.getByTestId('pause-button').click(); // Resume
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="iteration-value"]')?.textContent !== before,
      pausedAt,
      { timeout: 10_000 },
    );
    await page.getByTestId('stop-button').click();
    expect(await finishedStatus(page, 10_000)).toBe('stopped');
    expect(Number(await page.getByTestId('iteration-value').innerText())).toBeLessThan(1_000_000);
    expect(await page.getByTestId('decision-boundary').locator('rect').count()).toBeGreaterThan(0);
    await page.close();
  });
});
