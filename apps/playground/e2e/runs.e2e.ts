// End-to-end checks of issue 11's saved runs, against the built app: two runs trained and saved
// are listed in data-testid="runs" after a reload, both drawn over the cost chart (the axes taking
// them in), one restored (the URL becomes its settings), one deleted and brought back with Undo,
// and all cleared, which a reload keeps. Damaged stored data shows a notice, not a broken page.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { RUNS_STORAGE_KEY } from '../src/runs';
import { decodeSettings, encodeSettings } from '../src/settings';
import { join } from 'node:path';
import { button, canvasPixels, changedPixels, closeClean, DESKTOP, distinctColours, openPlayground, pause, play, PHONE, screenshotDir, e2e, snap, stopHarness, waitForEpoch, waitReady } from './harness';

afterAll(stopHarness);


const HASH_A = 'learningRate=0.3';
const HASH_B = 'hidden=5,2&activations=tanh,tanh';
const NAME_A = 'lr 0.3';
const NAME_B = '[5, 2]';

const runs = (page: Page) => page.getByTestId('runs');
const rows = (page: Page) => runs(page).getByTestId('run-row');
const row = (page: Page, name: string) => rows(page).filter({ has: page.getByRole('textbox', { name: `Name of the run ${name}`, exact: true }) });

/** Trains the page's run past `epochs`, pauses, and presses Save run. */
async function trainAndSave(page: Page, epochs: number): Promise<number> {
  await play(page);
  await waitForEpoch(page, { above: epochs });
  const epoch = await pause(page);
  await button(page, 'Save run').click();
  await page.getByTestId('runs-notice').getByText(/^Saved “/).waitFor({ timeout: 5_000 });
  return epoch;
}

/** The stored runs, as the page wrote them. */
async function storedRuns(page: Page): Promise<{ id: string; hash: string; epoch: number }[]> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{"runs":[]}').runs, RUNS_STORAGE_KEY);
}

interface DrawnSeries {
  run: string;
  series: 'train' | 'test';
  vertices: number;
  xMin: number | null;
  xMax: number | null;
}

/** What the overlay canvas drew, as it reports it (data-series): per run and series, vertices and x extent. */
async function drawnSeries(page: Page): Promise<DrawnSeries[]> {
  return JSON.parse((await page.getByTestId('cost-overlays').getAttribute('data-series')) ?? '[]');
}

describe('saved runs', () => {
  e2e('two runs saved, kept across a reload, overlaid, restored, deleted with Undo, and cleared', async () => {
    const session = await openPlayground({ hash: HASH_A });
    const { page } = session;
    await expect(runs(page).getByText(/No saved runs yet/).isVisible()).resolves.toBe(true);
    const epochA = await trainAndSave(page, 150);

    // The second run: another network, as opening its link.
    await page.evaluate((hash) => (location.hash = hash), HASH_B);
    await waitReady(page);
    const epochB = await trainAndSave(page, 120);
    expect(await rows(page).count()).toBe(2);

    await page.reload();
    await waitReady(page);
    expect(await rows(page).count()).toBe(2);
    await row(page, NAME_A).waitFor();
    await row(page, NAME_B).waitFor();
    expect(await row(page, NAME_A).locator('td').nth(1).textContent()).toBe(String(epochA));
    expect(await row(page, NAME_B).locator('td').nth(1).textContent()).toBe(String(epochB));
    const stored = await storedRuns(page);
    const idOf = (hash: string) => stored.find((r) => r.hash === encodeSettings(decodeSettings(hash).settings))!.id;
    const [idA, idB] = [idOf(HASH_A), idOf(HASH_B)];

    // Both drawn over the chart, in their colours, with a legend.
    const blank = await canvasPixels(page, 'cost-overlays');
    await page.getByRole('checkbox', { name: `Show ${NAME_A} on the cost chart`, exact: true }).check();
    await page.getByRole('checkbox', { name: `Show ${NAME_B} on the cost chart`, exact: true }).check();
    const chart = page.getByTestId('cost-chart');
    await page.waitForFunction(() => document.querySelector('[data-testid="cost-chart"]')?.getAttribute('data-overlays')?.split(' ').length === 2);
    expect((await chart.getAttribute('data-overlays'))!.split(' ').sort()).toEqual([idA, idB].sort());
    const drawn = await drawnSeries(page);
    for (const id of [idA, idB]) {
      for (const name of ['train', 'test'] as const) {
        expect(drawn.find((d) => d.run === id && d.series === name)?.vertices, `${id} ${name}`).toBeGreaterThan(5);
      }
    }
    // The lines are on the canvas (it was blank before), in more than one colour.
    const painted = await canvasPixels(page, 'cost-overlays');
    expect(changedPixels(blank, painted)).toBeGreaterThan(50);
    expect(distinctColours(painted)).toBeGreaterThan(2);
    // The new run is at epoch 0: the x axis is the longer saved run's, whose curve ends at the frame's right edge.
    const frame = await chart.locator('rect.frame').evaluate((r) => ({ x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')) }));
    const longer = epochA >= epochB ? idA : idB;
    expect(drawn.find((d) => d.run === longer && d.series === 'train')!.xMax).toBeCloseTo(frame.x + frame.width, 0);
    expect(await page.getByTestId('cost-overlay-legend').getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining([NAME_A, NAME_B]));
    expect(await page.getByTestId('cost-overlay-legend').getByRole('listitem').count()).toBe(2);
    expect(await chart.getAttribute('aria-label')).toContain('2 saved runs overlaid');
    // The layout: the canvas lies exactly under the chart's svg, and the card spans the workspace.
    const [canvasBox, svgBox, cardBox] = await Promise.all([page.getByTestId('cost-overlays').boundingBox(), chart.boundingBox(), page.getByRole('region', { name: 'Runs', exact: true }).boundingBox()]);
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(canvasBox![key] - svgBox![key]), key).toBeLessThan(1);
    expect(cardBox!.width).toBeGreaterThan(DESKTOP.width - 40);
    await snap(page, 'runs');

    // Restore A: the page takes its settings, as opening its link.
    await row(page, NAME_A).getByRole('button', { name: 'Restore', exact: true }).click();
    const hashA = stored.find((r) => r.id === idA)!.hash;
    await page.waitForFunction((hash) => location.hash.slice(1) === hash, hashA, { timeout: 5_000 });
    await waitReady(page);
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('learningRate')).toBe('0.3');
    expect(await page.getByRole('combobox', { name: 'Learning rate', exact: true }).inputValue()).toBe('0.3');

    // Delete B, Undo, then Clear all (which a reload keeps).
    await row(page, NAME_B).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByTestId('runs-notice').getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => rows(page).count()).toBe(2);
    await button(page, 'Clear all').click();
    await expect.poll(() => rows(page).count()).toBe(0);
    expect(await storedRuns(page)).toEqual([]);
    expect(await chart.getAttribute('data-overlays')).toBe('');
    await page.reload();
    await waitReady(page);
    expect(await rows(page).count()).toBe(0);
    await closeClean(session);
  });

  e2e('damaged stored runs: a notice, an empty list, and the page trains as usual', async () => {
    const session = await openPlayground({
      initScript: () => {
        if (sessionStorage.getItem('seeded') === null) {
          localStorage.setItem('ann.playground.runs', '{"version":1,"runs":[{"id":');
          sessionStorage.setItem('seeded', '1');
        }
      },
    });
    const { page } = session;
    await page.getByTestId('runs-notice').getByText(/could not be read/).waitFor({ timeout: 5_000 });
    expect(await rows(page).count()).toBe(0);
    await trainAndSave(page, 20);
    expect(await rows(page).count()).toBe(1);
    await closeClean(session);
  });

  e2e('the Runs card fits a phone, and sorts there from a list', async () => {
    const session = await openPlayground({ viewport: PHONE, hash: HASH_B });
    const { page } = session;
    await trainAndSave(page, 30);
    await page.evaluate((hash) => (location.hash = hash), HASH_A);
    await waitReady(page);
    await trainAndSave(page, 30);
    const sortBy = page.getByRole('combobox', { name: 'Sort by', exact: true });
    for (const [column, label] of [['trainCost', 'Train cost'], ['testCost', 'Test cost']] as const) {
      await sortBy.selectOption(column);
      const shown = (await rows(page).locator(`td[data-label="${label}"]`).allTextContents()).map(Number);
      expect(shown).toHaveLength(2);
      expect(shown[0]!).toBeLessThanOrEqual(shown[1]!);
    }
    const card = page.getByRole('region', { name: 'Runs', exact: true });
    const box = await card.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    for (const name of ['Restore', 'Delete']) {
      const target = await row(page, NAME_B).getByRole('button', { name, exact: true }).boundingBox();
      expect(target!.height).toBeGreaterThanOrEqual(40);
    }
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'runs-card-phone.png') });
    await closeClean(session);
  });
});
