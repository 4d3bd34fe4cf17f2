// The cost chart: train and test cost per epoch, axes that follow the run (1-2-5 ticks), an
// optional log scale, and a y range that never lets a flat line lie on the frame. Saved runs the
// Runs card shows are drawn over it, thinner and dashed in their colour, with a legend; the axes
// take them in, so a short new run can be held against a long saved one.
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { costRange, integerTicks, logTicks, niceTicks } from '../format';
import { RUN_COLORS, type SavedRun } from '../runs';
import { displayName } from '../saved-runs';
import { history, historyVersion, savedRuns, settings } from '../state';
import { ChartFrame, useChartWidth } from './chart';
import { CheckField } from './fields';

const HEIGHT = 150;
const PAD = { left: 40, right: 8, top: 8, bottom: 20 };

/**
 * A line's vertices in pixels, flat [x0, y0, x1, y1, ...], for `count` samples: every `stride`-th
 * and the last; samples that are not finite (or not positive on a log axis) are left out.
 */
function vertices(
  count: number,
  epochAt: (k: number) => number,
  valueAt: (k: number) => number,
  fx: (epoch: number) => number,
  fy: (value: number) => number,
  log: boolean,
  stride = 1,
): number[] {
  const xy: number[] = [];
  const add = (k: number) => {
    const v = valueAt(k);
    if (!Number.isFinite(v) || (log && !(v > 0))) return;
    xy.push(fx(epochAt(k)), fy(v));
  };
  for (let k = 0; k < count; k += stride) add(k);
  if (count > 0 && (count - 1) % stride !== 0) add(count - 1);
  return xy;
}

/** Vertices as an SVG polyline's points attribute. */
function svgPoints(xy: readonly number[]): string {
  let d = '';
  for (let k = 0; k < xy.length; k += 2) d += `${xy[k]!.toFixed(1)},${xy[k + 1]!.toFixed(1)} `;
  return d;
}

/** A saved run's train and test curves in pixels (computed once per axes, not per frame). */
interface OverlayLine {
  run: SavedRun;
  color: string;
  train: number[];
  test: number[];
}

/** How the overlays are stroked: thinner than the current run's lines, train dashed and test dotted. */
const OVERLAY_STROKES = {
  train: { width: 1.3, dash: [6, 3], alpha: 1 },
  test: { width: 1.1, dash: [1.5, 2.5], alpha: 0.85 },
} as const;

/**
 * Paints the overlays into the canvas under the chart's svg. A canvas keeps its pixels until it is
 * painted again (only when the runs or the axes change), where 40 dashed svg lines would be drawn
 * again with every frame's new point of the current run.
 */
function paintOverlays(canvas: HTMLCanvasElement, lines: readonly OverlayLine[], width: number, height: number): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext('2d');
  if (context === null) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.lineJoin = 'round';
  for (const line of lines) {
    for (const series of ['test', 'train'] as const) {
      const xy = line[series];
      const stroke = OVERLAY_STROKES[series];
      context.strokeStyle = line.color;
      context.globalAlpha = stroke.alpha;
      context.lineWidth = stroke.width;
      context.setLineDash([...stroke.dash]);
      context.beginPath();
      for (let k = 0; k < xy.length; k += 2) {
        if (k === 0) context.moveTo(xy[k]!, xy[k + 1]!);
        else context.lineTo(xy[k]!, xy[k + 1]!);
      }
      context.stroke();
    }
  }
  context.globalAlpha = 1;
}

/** What the overlay canvas drew, for tests and tools: per run and series, its vertex count and x extent. */
function drawnSeries(lines: readonly OverlayLine[]): string {
  const series = lines.flatMap(({ run, train, test }) =>
    (
      [
        ['train', train],
        ['test', test],
      ] as const
    ).map(([name, xy]) => {
      const xs = xy.filter((_, k) => k % 2 === 0);
      return { run: run.id, series: name, vertices: xs.length, xMin: xs.length > 0 ? Math.min(...xs) : null, xMax: xs.length > 0 ? Math.max(...xs) : null };
    }),
  );
  return JSON.stringify(series);
}

export function CostChart() {
  void historyVersion.value;
  const log = settings.value.logScale;
  const { box, width } = useChartWidth();

  const points = history.points;
  const overlays = savedRuns.value.filter((r) => r.overlay && r.curve.epoch.length > 0);
  let first = points.length > 0 ? points[0]!.epoch : 0;
  let last = points.length > 0 ? points[points.length - 1]!.epoch : 0;
  const values: number[] = [];
  for (const p of points) {
    values.push(p.trainCost);
    if (Number.isFinite(p.testCost)) values.push(p.testCost);
  }
  for (const run of overlays) {
    const epochs = run.curve.epoch;
    first = Math.min(first, epochs[0]!);
    last = Math.max(last, epochs[epochs.length - 1]!);
    values.push(...run.curve.train, ...run.curve.test);
  }
  const xMax = Math.max(first + 10, last);
  const range = costRange(values, log);
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const fy = log
    ? (v: number) => PAD.top + plotH * (1 - (Math.log10(v) - Math.log10(range.min)) / (Math.log10(range.max) - Math.log10(range.min)))
    : (v: number) => PAD.top + plotH * (1 - (v - range.min) / (range.max - range.min));
  const fx = (e: number) => PAD.left + (plotW * (e - first)) / (xMax - first);

  // At most about one vertex per pixel column: a long run draws as fast as a short one.
  const stride = Math.max(1, Math.ceil(points.length / plotW));
  const line = (pick: (p: (typeof points)[number]) => number) =>
    svgPoints(vertices(points.length, (k) => points[k]!.epoch, (k) => pick(points[k]!), fx, fy, log, stride));
  // The overlays change only when the axes or the runs do, not with every training frame.
  const overlayLines = useMemo<OverlayLine[]>(
    () =>
      overlays.map((run) => {
        const { epoch, train, test } = run.curve;
        return {
          run,
          color: RUN_COLORS[run.color] ?? RUN_COLORS[0]!,
          train: vertices(epoch.length, (k) => epoch[k]!, (k) => train[k]!, fx, fy, log),
          test: vertices(epoch.length, (k) => epoch[k]!, (k) => test[k]!, fx, fy, log),
        };
      }),
    // fx and fy are functions of exactly these values.
    [savedRuns.value, width, log, first, xMax, range.min, range.max],
  );
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    if (overlayCanvas.current !== null) paintOverlays(overlayCanvas.current, overlayLines, width, HEIGHT);
  }, [overlayLines, width]);
  const series = useMemo(() => drawnSeries(overlayLines), [overlayLines]);
  const lastPoint = points[points.length - 1];
  const yTicks = log ? logTicks(range.min, range.max) : niceTicks(range.min, range.max, 4);
  const xTicks = integerTicks(first, xMax, Math.max(2, Math.floor(plotW / 60)));

  return (
    <section class="panel chart-card" aria-label="Cost chart">
      <div class="plot-head">
        <h2>Cost</h2>
        <span class="plot-caption">by epoch</span>
        <span class="chart-legend">
          <span class="line-key train" /> train <span class="line-key test" /> test
        </span>
        <CheckField
          label="Log scale"
          tip="Plot the cost on a logarithmic axis, so slow late progress stays visible."
          checked={log}
          onChange={(checked) => (settings.value = { ...settings.value, logScale: checked })}
        />
      </div>
      <div ref={box} class="chart-box">
        {/* The saved runs, painted under the chart's svg (which has no background). */}
        <canvas ref={overlayCanvas} class="overlay-layer" aria-hidden="true" data-testid="cost-overlays" data-series={series} />
        <svg
          data-testid="cost-chart"
          data-overlays={overlayLines.map((o) => o.run.id).join(' ')}
          width={width}
          height={HEIGHT}
          role="img"
          aria-label={`Train and test cost by epoch${overlayLines.length > 0 ? `, with ${overlayLines.length} saved run${overlayLines.length === 1 ? '' : 's'} overlaid: ${overlayLines.map((o) => displayName(o.run)).join('; ')}` : ''}`}
        >
          <ChartFrame width={width} height={HEIGHT} pad={PAD} yTicks={yTicks} fy={fy} xTicks={xTicks} fx={fx} />
          <polyline points={line((p) => p.testCost)} class="cost test" />
          <polyline points={line((p) => p.trainCost)} class="cost train" />
          {/* The latest costs as dots: visible from the very first point, before there is a line. */}
          {lastPoint !== undefined && Number.isFinite(lastPoint.testCost) && (!log || lastPoint.testCost > 0) && (
            <circle cx={fx(lastPoint.epoch)} cy={fy(lastPoint.testCost)} r={2.5} class="cost-dot test" />
          )}
          {lastPoint !== undefined && Number.isFinite(lastPoint.trainCost) && (!log || lastPoint.trainCost > 0) && (
            <circle cx={fx(lastPoint.epoch)} cy={fy(lastPoint.trainCost)} r={2.5} class="cost-dot train" />
          )}
        </svg>
      </div>
      {overlayLines.length > 0 && (
        <ul class="overlay-legend" aria-label="Saved runs on the chart" data-testid="cost-overlay-legend">
          <li class="overlay-legend-note" aria-hidden="true">
            saved (train dashed, test dotted):
          </li>
          {overlayLines.map(({ run }) => (
            <li key={run.id} style={{ '--run-color': RUN_COLORS[run.color] ?? RUN_COLORS[0] }} title={`${displayName(run)}: train cost dashed, test cost dotted (epoch ${run.epoch})`}>
              <span class="line-key overlay-key" />
              {displayName(run)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
