// End-to-end checks of issue 11's math panel, against the built app: a [2, 5, 3, 1] network shows
// the course's equations with its live shapes (W1 (5, 2), W2 (3, 5), W3 (1, 3), A1 (5, m) with m the
// flower's 320 training examples, or the batch size); a click on the output plot follows a point
// through every layer, and its output is the plot's own value there; an example shows its loss term
// and share of the cost; the gradient-size chart draws one curve per layer after some training; and
// Check gradients passes and shows in the panel.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { lessonById, lessonHash } from '../src/lessons';
import { GRID_SIZE } from '../src/protocol';
import { button, closeClean, e2e, frames, openPlayground, pause, PHONE, play, screenshotDir, snap, snapScrolledPhone, stopHarness, text, waitForEpoch } from './harness';

afterAll(stopHarness);

/** The network on the default flower (400 examples, 80% for training: m = 320). */
const NETWORK_HASH = 'hidden=5,3&activations=tanh,relu&init=he&learningRate=0.3';

async function openMath(page: Page): Promise<void> {
  await button(page, 'Show the math').click();
  await page.getByTestId('math-panel').waitFor({ timeout: 10_000 });
}

async function shapesOfLayer(page: Page, layer: number): Promise<string> {
  const panel = page.getByTestId('math-panel');
  await panel.getByRole('button', { name: new RegExp(`^Layer ${layer}\\b`) }).click();
  await page.waitForFunction((l) => document.querySelector(`[data-testid="math-panel"] .layer-picker button[aria-pressed="true"]`)?.textContent?.startsWith(`Layer ${l}`), layer);
  return (await panel.getByTestId('equation-shapes').allTextContents()).join('\n');
}

/** Clicks the centre of grid cell (row, column) of the output plot, where the map takes its value. */
async function clickCell(page: Page, row: number, column: number): Promise<void> {
  const canvas = page.getByTestId('decision-boundary');
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: ((column + 0.5) / GRID_SIZE) * box.width, y: ((row + 0.5) / GRID_SIZE) * box.height } });
}

/**
 * How much of the space under the sticky plot card the math panel fills, once its scrolling has
 * settled (0: out of sight; 1: it fills the screen under the plot), and whether its head is hidden behind the plot.
 */
async function mathInSight(page: Page): Promise<{ share: number; underPlot: boolean }> {
  let last = NaN;
  for (let k = 0; k < 120; k++) {
    await frames(page, 2);
    const y = await page.evaluate(() => window.scrollY);
    if (y === last) break;
    last = y;
  }
  return page.evaluate(() => {
    const panel = document.getElementById('math-panel')!.getBoundingClientRect();
    const plot = document.querySelector('.plot-card')!.getBoundingClientRect();
    const shown = Math.min(panel.bottom, innerHeight) - Math.max(panel.top, plot.bottom);
    return { share: Math.max(0, shown) / (innerHeight - plot.bottom), underPlot: panel.top >= plot.bottom - 1 };
  });
}

describe('the math panel', () => {
  e2e('on a phone, tapping a point or Show the math brings the panel up under the sticky plot', async () => {
    const session = await openPlayground({ viewport: PHONE });
    const { page } = session;
    // At the foot of the page, out of sight at first.
    expect((await mathInSight(page)).share).toBe(0);
    await clickCell(page, GRID_SIZE / 2, GRID_SIZE / 2);
    await page.getByTestId('math-panel').waitFor({ timeout: 10_000 });
    const tapped = await mathInSight(page);
    expect(tapped.underPlot).toBe(true);
    expect(tapped.share).toBeGreaterThan(0.9);
    await page.screenshot({ path: `${screenshotDir}/math-phone-tapped.png` });
    // The same from its own toggle, after scrolling back to the top.
    await button(page, 'Hide the math').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await button(page, 'Show the math').click();
    await page.getByTestId('math-panel').waitFor({ timeout: 10_000 });
    const toggled = await mathInSight(page);
    expect(toggled.underPlot).toBe(true);
    expect(toggled.share).toBeGreaterThan(0.9);
    await closeClean(session);
  });

  e2e('shows the forward and backward equations of a [2, 5, 3, 1] network with its live shapes, layer by layer', async () => {
    const session = await openPlayground({ hash: NETWORK_HASH });
    const { page } = session;
    await openMath(page);
    const layer1 = await shapesOfLayer(page, 1);
    expect(layer1).toContain('Z1 (5, 320) = W1 (5, 2) · X = A0 (2, 320) + b1 (5, 1)');
    expect(layer1).toContain('dW1 (5, 2) = dZ1 (5, 320) · A0ᵀ (320, 2)');
    const layer2 = await shapesOfLayer(page, 2);
    expect(layer2).toContain('Z2 (3, 320) = W2 (3, 5) · A1 (5, 320) + b2 (3, 1)');
    expect(layer2).toContain('A2 (3, 320) = relu(Z2)');
    expect(layer2).toContain('dA1 (5, 320) = W2ᵀ (5, 3) · dZ2 (3, 320)');
    expect(layer2).toContain('db2 (3, 1)');
    const layer3 = await shapesOfLayer(page, 3);
    expect(layer3).toContain('W3 (1, 3)');
    expect(layer3).toContain('dZ3 (1, 320) = (A3 (1, 320) − Y (1, 320)) / 320');
    expect(layer3).toContain('α = 0.3');
    // A click on a unit of the network view selects its layer.
    await page.getByTestId('neuron-2-1').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="math-panel"] .layer-picker button[aria-pressed="true"]')?.textContent === 'Layer 2');
    await closeClean(session);
  });

  e2e('takes m from the batch in use and shows the optimizer’s update: Adam with mini-batches of 32, and L2', async () => {
    const session = await openPlayground({ hash: `${NETWORK_HASH}&batchSize=32&optimizer=adam&l2=0.1` });
    const { page } = session;
    await openMath(page);
    const shapes = await shapesOfLayer(page, 2);
    expect(shapes).toContain('W2 (3, 5) · A1 (5, 32)');
    expect(shapes).toContain('v_dW2 (3, 5), β1 = 0.9');
    expect(shapes).toContain('s_dW2 (3, 5), β2 = 0.999');
    expect(shapes).toContain('+ (0.1/32)·W2');
    expect(await page.getByTestId('math-panel').textContent()).toContain('mini-batches of m = 32 (10 per epoch over 320 training examples)');
    await closeClean(session);
  });

  e2e('follows a clicked point through every layer (its output is the plot’s value there), an example with its share of the cost, and draws each layer’s gradient size', async () => {
    const session = await openPlayground({ hash: `${NETWORK_HASH}&stepsPerFrame=2` });
    const { page } = session;
    await openMath(page);
    await play(page);
    await waitForEpoch(page, { above: 40 });
    await pause(page);

    // A cell away from the examples: a click within a few pixels of one picks the example instead.
    let plane = false;
    for (const [row, column] of [[2, 2], [45, 45], [2, 45], [45, 2], [24, 2], [2, 24]] as const) {
      await clickCell(page, row, column);
      await page.getByTestId('trace-point').waitFor({ timeout: 5_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid="trace-layer-2"] tbody')?.children.length === 3);
      if ((await text(page, 'trace-point')).startsWith('A position on the plane')) {
        plane = true;
        break;
      }
    }
    expect(plane, 'a plot cell away from every example').toBe(true);
    for (const [layer, units] of [[1, 5], [2, 3], [3, 1]] as const) {
      expect(await page.getByTestId(`trace-layer-${layer}`).locator('tbody tr').count()).toBe(units);
    }
    const output = Number(await text(page, 'trace-output'));
    const plotted = Number(await text(page, 'plot-value'));
    expect(output).toBeGreaterThan(0);
    expect(output).toBeLessThan(1);
    expect(Math.abs(output - plotted)).toBeLessThan(1e-5);

    // The keyboard's way to an example: its label, loss term and share loss/m of its set's cost.
    await button(page, 'Next example ›').click();
    await page.getByTestId('trace-loss').waitFor({ timeout: 5_000 });
    const point = await text(page, 'trace-point');
    expect(point).toMatch(/^(Training|Test) example #1 at/);
    const loss = await text(page, 'trace-loss');
    const [, lossTerm, m, share] = /= (\d[\d.e-]*\d)\s*\/\s*(\d+) =\s*(\d[\d.e-]*\d)/.exec(loss) ?? [];
    expect(Number(m)).toBe(point.startsWith('Training') ? 320 : 80);
    expect(Number(share)).toBeCloseTo(Number(lossTerm) / Number(m), 8);

    // One curve per layer, with a vertex per recorded epoch.
    for (const l of [1, 2, 3]) {
      const vertices = ((await page.getByTestId(`gradient-line-${l}`).getAttribute('points')) ?? '').trim().split(/\s+/).length;
      expect(vertices, `layer ${l}'s curve`).toBeGreaterThan(10);
    }
    await page.getByTestId('math-panel').scrollIntoViewIfNeeded();
    await snap(page, 'math-panel');
    await snapScrolledPhone(page, 'math-panel', 'point-trace');
    await closeClean(session);
  });

  e2e('the deep sigmoid lesson’s gradient chart shows vanishing gradients: layer 1’s many orders of magnitude below the output’s', async () => {
    const session = await openPlayground({ hash: lessonHash(lessonById('vanishing')!) });
    const { page } = session;
    await openMath(page);
    // The first epochs show it best: later the output settles on the mean and every gradient is rounding noise.
    for (let k = 0; k < 3; k++) await button(page, 'Step').click();
    await waitForEpoch(page, { equal: 3 });
    await page.getByTestId('gradient-line-7').waitFor();
    const norm = async (l: number) => Number(await text(page, `gradient-norm-${l}`));
    expect(await norm(1)).toBeLessThan((await norm(7)) * 1e-6);
    expect(await norm(4)).toBeLessThan((await norm(7)) * 1e-3);
    await page.getByTestId('gradient-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/math-vanishing-desktop.png` });
    await closeClean(session);
  });

  e2e('Check gradients passes, and the panel shows the selected layer’s result', async () => {
    const session = await openPlayground({ hash: 'hidden=5,3&activations=tanh,tanh&init=xavier' });
    const { page } = session;
    await openMath(page);
    await shapesOfLayer(page, 2);
    await button(page, 'Check gradients').click();
    await page.waitForFunction(() => /passed|failed/.test(document.querySelector('[data-testid="gradcheck-result"]')?.textContent ?? ''), undefined, { timeout: 20_000 });
    expect(await text(page, 'gradcheck-result')).toContain('passed');
    expect(await text(page, 'math-gradcheck')).toMatch(/layer 2’s backpropagated dW2, db2 .* passed/);
    await closeClean(session);
  });
});
