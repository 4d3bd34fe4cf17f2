// End-to-end checks of the loss landscape (issue 11), against the built app: after some training,
// `Draw the loss landscape` computes the map in the worker (the page keeps painting meanwhile) and
// draws it; its centre is the train cost the page shows, its path runs from epoch 0 to now, and a
// change of the network stops a map in progress. Screenshots of the view, desktop and phone.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect } from 'vitest';
import { formatCost } from '../src/format';
import {
  button,
  canvasPixels,
  closeClean,
  distinctColours,
  openPlayground,
  pause,
  play,
  e2e,
  snap,
  stopHarness,
  text,
  waitForEpoch,
} from './harness';


afterAll(async () => {
  await stopHarness();
});

interface Shown {
  state: string;
  minCost: number;
  maxCost: number;
  centerCost: number;
  pathLength: number;
  epoch: number;
}

async function landscape(page: Page): Promise<Shown> {
  return page.getByTestId('landscape').evaluate((el) => {
    const number = (name: string) => Number(el.getAttribute(`data-${name}`));
    return {
      state: el.getAttribute('data-state') ?? '',
      minCost: number('min-cost'),
      maxCost: number('max-cost'),
      centerCost: number('center-cost'),
      pathLength: number('path-length'),
      epoch: number('epoch'),
    };
  });
}

async function waitForState(page: Page, state: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((state) => document.querySelector('[data-testid="landscape"]')?.getAttribute('data-state') === state, state, { timeout });
}

describe('the loss landscape', () => {
  e2e('is drawn after training: centre = the train cost shown, a path from epoch 0, a non-blank contour map', async () => {
    const session = await openPlayground();
    const { page } = session;
    await play(page);
    await waitForEpoch(page, { above: 150 });
    const trainedTo = await pause(page);
    expect(await landscape(page)).toMatchObject({ state: 'idle' });

    await button(page, 'Draw the loss landscape').click();
    // The progress shows while the worker computes (it may finish before a frame sees it).
    await page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="landscape"]')?.getAttribute('data-state');
      return state === 'running' || state === 'done';
    });
    await waitForState(page, 'done');
    const shown = await landscape(page);
    expect(shown.epoch).toBe(trainedTo);
    expect(Number.isFinite(shown.minCost) && Number.isFinite(shown.maxCost)).toBe(true);
    expect(shown.minCost).toBeLessThanOrEqual(shown.centerCost);
    expect(shown.maxCost).toBeGreaterThan(shown.centerCost);
    // θ* at the centre is the trained network: its cost is the train cost on the page (λ = 0 by default).
    expect(formatCost(shown.centerCost)).toBe(await text(page, 'train-cost'));
    expect(await text(page, 'landscape-center-cost')).toBe(await text(page, 'train-cost'));
    // Epoch 0 to now, at most PATH_CAP recorded points and θ* itself.
    expect(shown.pathLength).toBeGreaterThan(2);
    expect(shown.pathLength).toBeLessThanOrEqual(101);
    expect(await text(page, 'landscape-residual')).toMatch(/^\d+%$/);
    // A filled contour map: many colours (bands, iso-lines, the path), not a blank canvas.
    expect(distinctColours(await canvasPixels(page, 'landscape'))).toBeGreaterThan(8);

    await page.getByTestId('landscape').scrollIntoViewIfNeeded();
    await snap(page, 'landscape', async () => {
      await page.getByTestId('landscape').scrollIntoViewIfNeeded();
    });

    // New directions: another slice through the same θ* (same centre, another picture).
    const before = await canvasPixels(page, 'landscape');
    const seed = await page.getByTestId('landscape').getAttribute('data-seed');
    await button(page, 'New directions').click();
    await page.waitForFunction((seed) => {
      const el = document.querySelector('[data-testid="landscape"]');
      return el?.getAttribute('data-state') === 'done' && el.getAttribute('data-seed') !== seed;
    }, seed);
    const other = await landscape(page);
    expect(other.centerCost).toBe(shown.centerCost);
    expect(await canvasPixels(page, 'landscape')).not.toEqual(before);
    await closeClean(session);
  });

  e2e('keeps the page painting while it computes, and stops when the network changes', async () => {
    // The largest network the page builds, so the map takes a few seconds.
    const session = await openPlayground({ hash: 'hidden=32,32,32,32,32,32&activations=tanh,tanh,tanh,tanh,tanh,tanh&trainPercent=90' });
    const { page } = session;
    await button(page, 'Draw the loss landscape').click();
    await waitForState(page, 'running');
    // The page keeps painting while the worker computes: animation frames keep their pace (a
    // generous bound, as the machine may be loaded; a blocked page would show seconds).
    const intervals = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const times: number[] = [];
          const tick = (t: number) => {
            times.push(t);
            if (times.length > 30) resolve(times.slice(1).map((x, k) => x - times[k]!));
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
    );
    const median = [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)]!;
    expect(median).toBeLessThan(100);
    expect(await landscape(page)).toMatchObject({ state: 'running' });
    await button(page, 'Reset').click();
    await waitForState(page, 'cancelled');
    expect(await page.getByTestId('landscape').textContent()).toMatch(/Stopped: the network was reset/);
    // Drawn again, it completes for the reset network (epoch 0: the path is θ* alone).
    await button(page, 'Draw the loss landscape').click();
    await waitForState(page, 'done', 60_000);
    const shown = await landscape(page);
    expect(shown).toMatchObject({ epoch: 0, pathLength: 1 });
    expect(formatCost(shown.centerCost)).toBe(await text(page, 'train-cost'));
    await closeClean(session);
  });

  e2e('works for multi-class and regression too', async () => {
    for (const hash of ['problem=multiclass&dataset=spirals&classes=3', 'problem=regression&dataset=plane']) {
      const session = await openPlayground({ hash });
      const { page } = session;
      await play(page);
      await waitForEpoch(page, { above: 30 });
      await pause(page);
      await button(page, 'Draw the loss landscape').click();
      await waitForState(page, 'done');
      const shown = await landscape(page);
      expect(formatCost(shown.centerCost), hash).toBe(await text(page, 'train-cost'));
      expect(distinctColours(await canvasPixels(page, 'landscape')), hash).toBeGreaterThan(8);
      await closeClean(session);
    }
  });
});
