// Each layer's gradient size over the run: ‖dW[l]‖_F of the last update at every cost-chart point
// (the worker reads them from core's Trainer.gradientNorms), one curve per layer on a log axis.
// Curves that fan out by orders of magnitude, the layers near the input lowest, are vanishing
// gradients; curves that climb are exploding ones.
import { costRange, integerTicks, logTicks } from '../format';
import { history } from '../state';
import { ChartFrame, useChartWidth } from './chart';

const HEIGHT = 170;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };
/** One colour per layer, from the input side to the output (6 hidden layers and the output at most). */
export const LAYER_COLORS = ['#8250df', '#0b5cad', '#1a7f37', '#bf8700', '#cf222e', '#57606a', '#1f2328'];

/**
 * Drawn from the chart points as they are when `version` (historyVersion, handed down by the math
 * panel at a bounded rate) changes: signals' components skip renders whose props are unchanged.
 */
export function GradientChart({ layers }: { layers: number; version: number }) {
  const { box, width } = useChartWidth();

  const points = history.points.filter((p) => p.gradientNorms !== undefined && p.gradientNorms.length === layers);
  const values: number[] = [];
  for (const p of points) for (const n of p.gradientNorms!) values.push(n);
  const range = costRange(values, true);
  const first = points.length > 0 ? points[0]!.epoch : 0;
  const last = points.length > 0 ? points[points.length - 1]!.epoch : 0;
  const xMax = Math.max(first + 10, last);
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const logMin = Math.log10(range.min);
  const logSpan = Math.log10(range.max) - logMin;
  const fy = (v: number) => PAD.top + plotH * (1 - (Math.log10(v) - logMin) / logSpan);
  const fx = (e: number) => PAD.left + (plotW * (e - first)) / (xMax - first);
  // About one vertex per pixel column, and always the latest point.
  const stride = Math.max(1, Math.ceil(points.length / plotW));
  const vertex = (epoch: number, v: number) => (v > 0 && Number.isFinite(v) ? `${fx(epoch).toFixed(1)},${fy(v).toFixed(1)} ` : '');
  const line = (l: number) => {
    let d = '';
    for (let k = 0; k < points.length; k += stride) d += vertex(points[k]!.epoch, points[k]!.gradientNorms![l - 1]!);
    const end = points[points.length - 1];
    if (end !== undefined && (points.length - 1) % stride !== 0) d += vertex(end.epoch, end.gradientNorms![l - 1]!);
    return d;
  };
  const latest = points[points.length - 1]?.gradientNorms;
  const ids = Array.from({ length: layers }, (_, k) => k + 1);

  return (
    <div class="gradient-chart">
      <div ref={box} class="chart-box">
        <svg data-testid="gradient-chart" width={width} height={HEIGHT} role="img" aria-label="The Frobenius norm of each layer's weight gradient by epoch, log scale">
          <ChartFrame
            width={width}
            height={HEIGHT}
            pad={PAD}
            yTicks={decades(logTicks(range.min, range.max))}
            fy={fy}
            xTicks={integerTicks(first, xMax, Math.max(2, Math.floor(plotW / 60)))}
            fx={fx}
          />
          {points.length > 0 &&
            ids.map((l) => <polyline key={l} data-testid={`gradient-line-${l}`} points={line(l)} class="gradient-line" style={{ stroke: LAYER_COLORS[(l - 1) % LAYER_COLORS.length] }} />)}
        </svg>
      </div>
      <ul class="gradient-legend" aria-label="Latest gradient norms">
        {ids.map((l) => (
          <li key={l} title={`‖dW${l}‖_F, the size of layer ${l}'s weight gradient in the last update`}>
            <span class="line-key" style={{ borderTopColor: LAYER_COLORS[(l - 1) % LAYER_COLORS.length] }} />
            ‖dW<sup>[{l}]</sup>‖ <span data-testid={`gradient-norm-${l}`}>{latest === undefined ? '–' : formatNorm(latest[l - 1]!)}</span>
          </li>
        ))}
      </ul>
      <p class="small-text muted">
        {points.length === 0
          ? 'Train a few steps: each layer’s ‖dW[l]‖ (Frobenius) appears here, by epoch, on a log scale.'
          : 'Log scale. Curves orders of magnitude apart, lowest near the input, are vanishing gradients; rising ones, exploding.'}
      </p>
    </div>
  );
}

/** At most about six labelled ticks: a deep sigmoid network's norms span a dozen decades. */
function decades(ticks: number[]): number[] {
  const every = Math.ceil(ticks.length / 6);
  return ticks.filter((_, k) => (ticks.length - 1 - k) % every === 0);
}

function formatNorm(v: number): string {
  return Number.isFinite(v) ? v.toExponential(2) : String(v);
}
