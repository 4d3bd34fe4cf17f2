// The cost chart: train and test cost per epoch, axes that follow the run (1-2-5 ticks), an
// optional log scale, and a y range that never lets a flat line lie on the frame.
import { costRange, integerTicks, logTicks, niceTicks } from '../format';
import { history, historyVersion, settings } from '../state';
import { ChartFrame, useChartWidth } from './chart';
import { CheckField } from './fields';

const HEIGHT = 150;
const PAD = { left: 40, right: 8, top: 8, bottom: 20 };

export function CostChart() {
  void historyVersion.value;
  const log = settings.value.logScale;
  const { box, width } = useChartWidth();

  const points = history.points;
  const last = points.length > 0 ? points[points.length - 1]!.epoch : 0;
  const first = points.length > 0 ? points[0]!.epoch : 0;
  const xMax = Math.max(first + 10, last);
  const values: number[] = [];
  for (const p of points) {
    values.push(p.trainCost);
    if (Number.isFinite(p.testCost)) values.push(p.testCost);
  }
  const range = costRange(values, log);
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const fy = log
    ? (v: number) => PAD.top + plotH * (1 - (Math.log10(v) - Math.log10(range.min)) / (Math.log10(range.max) - Math.log10(range.min)))
    : (v: number) => PAD.top + plotH * (1 - (v - range.min) / (range.max - range.min));
  const fx = (e: number) => PAD.left + (plotW * (e - first)) / (xMax - first);

  // At most about one vertex per pixel column: a long run draws as fast as a short one.
  const stride = Math.max(1, Math.ceil(points.length / plotW));
  const line = (pick: (p: (typeof points)[number]) => number) => {
    let d = '';
    for (let k = 0; k < points.length; k += stride) {
      const v = pick(points[k]!);
      if (!Number.isFinite(v) || (log && !(v > 0))) continue;
      d += `${fx(points[k]!.epoch).toFixed(1)},${fy(v).toFixed(1)} `;
    }
    const end = points[points.length - 1];
    if (end !== undefined && (points.length - 1) % stride !== 0) {
      const v = pick(end);
      if (Number.isFinite(v) && (!log || v > 0)) d += `${fx(end.epoch).toFixed(1)},${fy(v).toFixed(1)}`;
    }
    return d;
  };
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
        <svg data-testid="cost-chart" width={width} height={HEIGHT} role="img" aria-label="Train and test cost by epoch">
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
    </section>
  );
}
