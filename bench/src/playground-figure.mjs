// The playground's own figure: epochs per second of its default network while the page keeps
// drawing, measured in the built app (apps/playground/dist) as a user runs it: served as plain static
// files (no isolation headers), 1400×900, Play pressed, then the epoch counter and the animation
// frames counted over MEASURE_MS.
import { serveStatic } from './serve-static.mjs';

const WARM_UP_MS = 1_000;
const MEASURE_MS = 10_000;
/** The frame rate the page must keep for the figure to count (issue 15). */
export const MIN_FRAMES_PER_SECOND = 30;

/** The settings measured: the defaults, and the same network at the largest steps per frame the page accepts. */
const RUNS = [
  { settings: 'default settings (10 steps per frame)', hash: '' },
  { settings: 'default network, 1000 steps per frame (the maximum)', hash: '#stepsPerFrame=1000' },
];

/**
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<Array<{ settings: string, epochsPerSecond: number, framesPerSecond: number,
 *   medianFrameMs: number, p95FrameMs: number, seconds: number, epochs: number, keeps30fps: boolean }>>}
 */
export async function measurePlayground(browser, distDir, log) {
  const server = await serveStatic(distDir, { crossOriginIsolated: false });
  const runs = [];
  try {
    for (const { settings, hash } of RUNS) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      await page.goto(`${server.url}${hash}`);
      const play = page.getByRole('button', { name: 'Play', exact: true });
      await play.waitFor({ timeout: 30_000 });
      await page.getByTestId('epoch').waitFor();
      await play.click();
      await page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 5_000 });
      const measured = await page.evaluate(countFramesAndEpochs, { warmUpMs: WARM_UP_MS, measureMs: MEASURE_MS });
      await page.close();
      if (errors.length) throw new Error(`the playground logged errors: ${errors.join('; ')}`);
      const run = { settings, ...measured, keeps30fps: measured.framesPerSecond >= MIN_FRAMES_PER_SECOND };
      log(`playground, ${settings}: ${Math.round(run.epochsPerSecond)} epochs/s at ${run.framesPerSecond.toFixed(1)} frames/s`);
      runs.push(run);
    }
  } finally {
    await server.close();
  }
  return runs;
}

/* global document, requestAnimationFrame -- countFramesAndEpochs runs in the page */
/** In the page: animation frames and the epoch counter over `measureMs`, after `warmUpMs` of playing. */
function countFramesAndEpochs({ warmUpMs, measureMs }) {
  const epoch = () => Number(document.querySelector('[data-testid="epoch"]')?.textContent?.trim());
  return new Promise((resolve) => {
    const gaps = [];
    let start = -1;
    let first = -1;
    let last = -1;
    let firstEpoch = NaN;
    const tick = (now) => {
      if (start < 0) start = now;
      if (now - start >= warmUpMs) {
        if (first < 0) {
          first = now;
          firstEpoch = epoch();
        } else {
          gaps.push(now - last);
        }
        last = now;
      }
      if (now - start < warmUpMs + measureMs) {
        requestAnimationFrame(tick);
        return;
      }
      const seconds = (last - first) / 1000;
      const epochs = epoch() - firstEpoch;
      const sorted = [...gaps].sort((a, b) => a - b);
      resolve({
        seconds,
        epochs,
        epochsPerSecond: epochs / seconds,
        framesPerSecond: gaps.length / seconds,
        medianFrameMs: sorted[sorted.length >> 1],
        p95FrameMs: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))],
      });
    };
    requestAnimationFrame(tick);
  });
}
