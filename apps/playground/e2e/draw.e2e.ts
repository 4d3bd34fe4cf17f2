// End-to-end checks of drawing your own points and of CSVs with more than two features, against the
// built app: points drawn on a blank plane (clicks and drags, two classes) become the data and train;
// training is refused with what to draw until both classes have points; Erase and Clear remove
// points; the tool toggles with Enter and Space and Escape leaves it; a tap draws on a phone without
// scrolling the page; a 4-feature CSV trains on every column, plots a chosen pair with the others
// at their means, and exports a model with n_x = 4.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { button, canvasPixels, changedPixels, closeClean, frames, openPlayground, pause, PHONE, play, select, shownNumber, shownPercent, e2e, scratchFolder, snap, text, waitForEpoch, waitReady } from './harness';

const scratch = scratchFolder('draw');

/** The draw layer's box on the screen (it covers the plot while the tool is on). */
async function layerBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.getByTestId('draw-layer').boundingBox();
  expect(box, 'the draw layer is on the plot').not.toBeNull();
  return box!;
}

/** Clicks at fractions (fx, fy) of the plot. */
async function clickAt(page: Page, fx: number, fy: number): Promise<void> {
  const box = await layerBox(page);
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
}

/** Drags from (fx0, fy0) to (fx1, fy1), fractions of the plot, in small moves. */
async function dragAcross(page: Page, [fx0, fy0]: [number, number], [fx1, fy1]: [number, number]): Promise<void> {
  const box = await layerBox(page);
  await page.mouse.move(box.x + fx0 * box.width, box.y + fy0 * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + fx1 * box.width, box.y + fy1 * box.height, { steps: 25 });
  await page.mouse.up();
}

/** The number of drawn points the tool reports ("23 drawn (11 / 12) …"). */
async function drawnCount(page: Page): Promise<number> {
  const status = await text(page, 'draw-status');
  const match = /^(\d+) drawn/.exec(status);
  return match === null ? 0 : Number(match[1]);
}

/** Waits until the page has drawn a run of `count` points (the worker's ready for that drawing). */
async function waitForPoints(page: Page, count: number): Promise<void> {
  await page.waitForFunction((count) => document.querySelector('[data-testid="draw-status"]')?.textContent?.startsWith(`${count} drawn`) === true && document.querySelector('.is-configuring') === null, count, { timeout: 10_000 });
}

describe('draw your own points', () => {
  e2e('on a blank plane: refused until both classes have points, then clicks and drags of two classes train; erase, clear', async () => {
    const session = await openPlayground();
    const { page } = session;
    await button(page, 'Draw your own').click();
    await page.getByTestId('blank-plane').waitFor({ timeout: 10_000 });
    await page.getByTestId('draw-notice').getByText('Draw points of both classes to train: class 0 has none yet, class 1 has none yet.').waitFor({ timeout: 10_000 });
    expect(await button(page, '✎ Draw').getAttribute('aria-pressed')).toBe('true');
    expect(await text(page, 'train-cost')).toBe('—');
    await snap(page, 'draw-blank-empty');

    // Play is refused with the same words, and pauses.
    await button(page, 'Play').click();
    await page.getByTestId('diagnostics').getByText(/Draw points of both classes to train/).waitFor({ timeout: 10_000 });
    await button(page, 'Play').waitFor({ timeout: 5_000 });

    // Class 0: a few clicks and a stroke on the left; class 1: a stroke on the right.
    await button(page, 'class 0').click();
    for (const [fx, fy] of [[0.15, 0.2], [0.2, 0.5], [0.25, 0.8]] as [number, number][]) await clickAt(page, fx, fy);
    await dragAcross(page, [0.3, 0.15], [0.3, 0.85]);
    await page.getByTestId('draw-notice').getByText(/class 1 has none yet/).waitFor({ timeout: 10_000 });
    await button(page, 'class 1').click();
    await dragAcross(page, [0.7, 0.15], [0.75, 0.85]);
    await page.getByTestId('draw-notice').waitFor({ state: 'detached', timeout: 10_000 });
    await waitReady(page);
    const count = await drawnCount(page);
    // Three clicks, then two strokes of spaced points (12 px apart: several each, a bounded number).
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThanOrEqual(3 + 2 * 60);
    expect(await text(page, 'draw-status')).toMatch(/^\d+ drawn \(\d+ \/ \d+\) on a blank plane; not in the link$/);

    const firstCost = await shownNumber(page, 'train-cost');
    await play(page);
    await waitForEpoch(page, { above: 100 });
    await pause(page);
    expect(await shownNumber(page, 'train-cost')).toBeLessThan(firstCost);
    expect(await shownPercent(page, 'train-accuracy')).toBeGreaterThanOrEqual(95);
    await snap(page, 'draw-blank-trained');

    // Erase the three clicked points: the count drops, the run starts again on what is left.
    await button(page, 'Erase').click();
    await expect.poll(() => button(page, 'Erase').getAttribute('aria-pressed'), { timeout: 2_000 }).toBe('true');
    for (const [fx, fy] of [[0.15, 0.2], [0.2, 0.5], [0.25, 0.8]] as [number, number][]) await clickAt(page, fx, fy);
    await waitForPoints(page, count - 3);
    expect(await text(page, 'epoch')).toBe('0');

    // Export data writes the drawn points (the training and test sets together).
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export data').click()]);
    expect(download.suggestedFilename()).toBe('drawing-data.csv');
    const path = scratch('drawing.csv');
    await download.saveAs(path);
    const rows = readFileSync(path, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('x1,x2,y,set');
    expect(rows).toHaveLength(1 + count - 3);

    // A change of the network keeps the drawing; Clear removes every point.
    await button(page, 'Add hidden layer').click();
    await waitForPoints(page, count - 3);
    await button(page, 'Clear').click();
    await page.getByTestId('draw-notice').getByText(/class 0 has none yet, class 1 has none yet/).waitFor({ timeout: 10_000 });
    await closeClean(session);
  });

  e2e('on top of the dataset: drawn points join it; the keyboard toggles the tool, Escape leaves it', async () => {
    const session = await openPlayground();
    const { page } = session;
    const toggle = button(page, '✎ Draw');
    await toggle.focus();
    // The button re-renders after the key (a frame later): poll its state rather than read it once.
    const pressed = () => toggle.getAttribute('aria-pressed');
    await page.keyboard.press('Enter');
    await expect.poll(pressed, { timeout: 2_000 }).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(pressed, { timeout: 2_000 }).toBe('false');
    await page.getByTestId('draw-layer').waitFor({ state: 'detached', timeout: 2_000 });
    await toggle.focus();
    await page.keyboard.press(' ');
    await expect.poll(pressed, { timeout: 2_000 }).toBe('true');
    const before = (await page.evaluate(() => document.querySelector('[data-testid="decision-boundary"]')?.getAttribute('aria-label'))) ?? '';
    // Nothing drawn yet: nothing to erase, and the key has no mark for drawn points.
    expect(await button(page, 'Erase').count()).toBe(0);
    expect(await page.locator('.key-points .drawn-ring').count()).toBe(0);
    await button(page, 'class 1').click();
    await clickAt(page, 0.5, 0.5);
    await clickAt(page, 0.55, 0.5);
    await waitForPoints(page, 2);
    await waitReady(page);
    // The drawn points are ringed on the plot (the key says so), and Erase says it takes only those.
    await page.locator('.key-points .drawn-ring').waitFor({ timeout: 2_000 });
    expect(await button(page, 'Erase').getAttribute('title')).toContain("the dataset's own points stay");
    // The flower's 400 examples and the two drawn: Export data has 402 rows.
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export data').click()]);
    const path = scratch('flower.csv');
    await download.saveAs(path);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(1 + 402);
    expect(before).toContain('x₁ from');
    // Reset keeps the drawing; so does a new learning rate.
    await button(page, 'Reset').click();
    await waitReady(page);
    expect(await drawnCount(page)).toBe(2);
    await snap(page, 'draw-on-dataset');
    await closeClean(session);
  });

  e2e('on a phone: a tap draws a point, and a drag on the plot draws instead of scrolling the page', async () => {
    const session = await openPlayground({ viewport: PHONE });
    const { page } = session;
    await button(page, 'Draw your own').click();
    await page.getByTestId('blank-plane').waitFor({ timeout: 10_000 });
    await page.getByTestId('draw-layer').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('draw-layer').evaluate((el) => getComputedStyle(el).touchAction)).toBe('none');
    const size = await button(page, 'class 0').boundingBox();
    expect(size!.height).toBeGreaterThanOrEqual(40);
    const scrolled = await page.evaluate(() => window.scrollY);
    // A finger, through Chromium's touch emulation: a tap, then a drag down the plot (which would
    // scroll the page if the plot let the browser pan).
    const box = await layerBox(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    const at = (fx: number, fy: number) => [{ x: box.x + fx * box.width, y: box.y + fy * box.height }];
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', fx: number, fy: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : at(fx, fy) });
    await touch('touchStart', 0.3, 0.3);
    await touch('touchEnd', 0.3, 0.3);
    await waitForPoints(page, 1);
    await button(page, 'class 1').click();
    await touch('touchStart', 0.7, 0.2);
    for (let k = 1; k <= 10; k++) await touch('touchMove', 0.7, 0.2 + k * 0.06);
    await touch('touchEnd', 0.7, 0.8);
    await page.waitForFunction(() => /^([3-9]|1\d) drawn/.test(document.querySelector('[data-testid="draw-status"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await waitReady(page);
    await closeClean(session);
  });

  e2e('multi-class: one button per class in its colour; regression: a value to draw', async () => {
    const session = await openPlayground({ hash: 'problem=multiclass&dataset=blobs&classes=4' });
    const { page } = session;
    await button(page, 'Draw your own').click();
    await page.getByTestId('blank-plane').waitFor({ timeout: 10_000 });
    const corners: [number, number][] = [[0.2, 0.2], [0.8, 0.2], [0.2, 0.8], [0.8, 0.8]];
    for (let k = 0; k < 4; k++) {
      await button(page, `class ${k}`).click();
      const [fx, fy] = corners[k]!;
      for (const d of [-0.05, 0, 0.05]) await clickAt(page, fx + d, fy - d);
    }
    await waitForPoints(page, 12);
    expect(await text(page, 'draw-status')).toMatch(/^12 drawn \(3 \/ 3 \/ 3 \/ 3\)/);
    await page.getByTestId('draw-notice').waitFor({ state: 'detached', timeout: 10_000 });
    await play(page);
    await waitForEpoch(page, { above: 50 });
    await pause(page);
    await snap(page, 'draw-multiclass');
    await closeClean(session);

    const regression = await openPlayground({ hash: 'problem=regression&dataset=plane&learningRate=0.1' });
    const other = regression.page;
    await button(other, 'Draw your own').click();
    await other.getByTestId('blank-plane').waitFor({ timeout: 10_000 });
    const value = other.getByLabel('Value', { exact: true });
    for (const [v, fx] of [[-2, 0.2], [0, 0.5], [3, 0.8]] as [number, number][]) {
      await value.fill(String(v));
      await clickAt(other, fx, 0.5);
      await clickAt(other, fx, 0.3);
    }
    await waitForPoints(other, 6);
    await waitReady(other);
    const first = await shownNumber(other, 'train-cost');
    await play(other);
    await waitForEpoch(other, { above: 100 });
    await pause(other);
    expect(await shownNumber(other, 'train-cost')).toBeLessThan(first);
    await snap(other, 'draw-regression');
    await closeClean(regression);
  });
});

/** 120 examples of four features; the label is whether a + c is large. */
function wideCsv(): string {
  const lines = ['a,b,c,d,label'];
  for (let j = 0; j < 120; j++) {
    const a = Math.cos(j * 0.7);
    const c = Math.sin(j * 0.37);
    lines.push(`${a.toFixed(4)},${(3 + Math.sin(j * 1.3)).toFixed(4)},${c.toFixed(4)},${(-2 + 0.05 * j).toFixed(4)},${a + c > 0.2 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a CSV with more than two features', () => {
  e2e('trains every feature, plots a chosen pair with the others at their means, and exports n_x = 4', async () => {
    const session = await openPlayground({ hash: 'learningRate=0.3' });
    const { page } = session;
    const path = scratch('wide.csv');
    writeFileSync(path, wideCsv());
    await page.getByLabel('Upload data', { exact: true }).setInputFiles(path);
    await page.getByTestId('uploaded-data').getByText(/4 features \(a, b, c, d\), all trained/).waitFor({ timeout: 10_000 });
    await waitReady(page);
    expect(await text(page, 'held-features')).toBe('x₁ = a, x₂ = b; c, d held at their training means');
    expect(await text(page, 'no-expansion')).toContain('4 inputs');
    // The network view shows the four columns as its inputs, and Draw is off limits with the reason.
    for (const name of ['a', 'b', 'c', 'd']) await page.getByTestId('network').getByRole('button', { name, exact: true }).waitFor({ timeout: 5_000 });
    expect(await button(page, '✎ Draw').isDisabled()).toBe(true);
    expect(await button(page, '✎ Draw').getAttribute('title')).toMatch(/this data has 4/);

    const first = await shownNumber(page, 'train-cost');
    await play(page);
    await waitForEpoch(page, { above: 60 });
    const shownEpoch = await pause(page);
    const cost = await shownNumber(page, 'train-cost');
    expect(cost).toBeLessThan(first);

    // Another pair on the plot: the same network at the same epoch, seen on another plane.
    const before = await canvasPixels(page, 'decision-boundary');
    await select(page, 'Plot x₁').selectOption({ label: 'c' });
    await page.getByTestId('held-features').getByText('x₁ = c, x₂ = b; a, d held at their training means').waitFor({ timeout: 10_000 });
    await select(page, 'Plot x₂').selectOption({ label: 'a' });
    await page.getByTestId('held-features').getByText('x₁ = c, x₂ = a; b, d held at their training means').waitFor({ timeout: 10_000 });
    await frames(page, 3);
    expect(await text(page, 'epoch')).toBe(String(shownEpoch));
    expect(await shownNumber(page, 'train-cost')).toBe(cost);
    expect(changedPixels(before, await canvasPixels(page, 'decision-boundary'))).toBeGreaterThan(200);
    await play(page);
    await waitForEpoch(page, { above: shownEpoch + 20 });
    const trainedEpoch = await pause(page);
    await snap(page, 'wide-csv');

    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export model').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`epoch-${trainedEpoch}\\.json$`));
    const modelPath = scratch('wide-model.json');
    await download.saveAs(modelPath);
    const model = JSON.parse(readFileSync(modelPath, 'utf8')) as { architecture: { layers: number[] }; featureNames: string[] };
    expect(model.architecture.layers[0]).toBe(4);
    expect(model.featureNames).toEqual(['a', 'b', 'c', 'd']);

    // A file whose feature column is no number: its line and column, the wide data kept.
    writeFileSync(path, 'a,b,c,label\n1,2,3,x\n4,five,6,y\n');
    await page.getByLabel('Upload data', { exact: true }).setInputFiles(path);
    await page.getByTestId('data-notice').getByText(/^wide\.csv:3:3: 'five' is not a number \(column "b"\)/).waitFor({ timeout: 10_000 });
    expect(await text(page, 'held-features')).toBe('x₁ = c, x₂ = a; b, d held at their training means');
    await closeClean(session);
  });
});
