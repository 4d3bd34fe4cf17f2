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

/** The polyline is drawn in data coordinates, so its points are the recorded (iteration, cost) pairs. */
async function recordedCosts(page: Page): Promise<{ iteration: number; cost: number }[]> {
  const points = (await page.getByTestId('cost-chart').locator('polyline').getAttribute('points')) ?? '';
  return points
    .trim()
    .split(/\s+/)
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [iteration, cost] = pair.split(',').map(Number);
      return { iteration: iteration!, cost: cost! };
    });
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
});
