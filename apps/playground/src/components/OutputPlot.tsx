// The output over the input plane: a canvas heatmap (the worker's GRID_SIZE² values, put into a
// small image and scaled up smoothly), the data points on top, fixed axes in data units and a
// colour key. Hovering a unit in the network view shows that unit's map here instead, labelled.
// Painted at most once per animation frame, however many snapshots arrive.
// One file because the heatmap, the points, the axes and the key are painted onto one canvas from
// the same bounds and scale.
import { effect } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { activationScale, CLASS_COLORS, css, diverging, NEGATIVE, paintClasses, paintDiverging, pointDiverging, POSITIVE } from '../colors';
import { onNextFrame } from '../frame';
import { formatTick, niceTicks } from '../format';
import { GRID_SIZE, type DataPoints, type DrawnData, type ProblemType } from '../protocol';
import { data, drawn, hoveredUnit, inspectedPoint, settings, snapshot, topology } from '../state';
import { CheckField } from './fields';
import { Metrics } from './Metrics';
import { DrawLayer, DrawTools } from './DrawTool';
import { HeldFeatures } from './DataPanel';
import { revealMath } from './MathPanel';

/** Where the output sits on the diverging scale: P(class 1) around 0.5, a value around the targets' middle. */
export function outputScale(problem: ProblemType, points: DataPoints): { center: number; halfSpan: number } {
  if (problem === 'regression') {
    const half = (points.yMax - points.yMin) / 2;
    return { center: (points.yMin + points.yMax) / 2, halfSpan: half > 0 ? half : 1 };
  }
  return { center: 0.5, halfSpan: 0.5 };
}

/**
 * How far towards the full colour the output map goes at a certain prediction: a little short of
 * it, so a data point (always at full colour, with a dark rim) still reads as a filled disc on a
 * region of its own colour rather than as a hollow ring.
 */
const MAP_STRENGTH = 0.72;

/** Bands per side of the discretized regression map. */
const REGRESSION_LEVELS = 4;

function pointColor(problem: ProblemType, points: DataPoints, y: number): string {
  if (problem === 'multiclass') return css(CLASS_COLORS[Math.round(y) % CLASS_COLORS.length]!);
  if (problem === 'classification') return css(y >= 0.5 ? POSITIVE : NEGATIVE);
  const { center, halfSpan } = outputScale(problem, points);
  return css(pointDiverging((y - center) / halfSpan));
}

/**
 * Draws the data points onto a transparent layer: a training point is a disc of its class colour
 * (or value colour) with a dark rim, a test point (when shown) a square of its colour with a white
 * ring inside the dark rim. The shapes differ, so the two stay apart even where the colour is near
 * the background's (a regression value near the middle), and the key draws the same two marks.
 */
function drawPoints(layer: HTMLCanvasElement, points: DataPoints, problem: ProblemType, showTest: boolean, px: number, dpr: number, size: number): void {
  const context = layer.getContext('2d');
  if (context === null) return;
  context.clearRect(0, 0, px, px);
  const { xMin, xMax, yMin, yMax } = points.bounds;
  const sx = px / (xMax - xMin);
  const sy = px / (yMax - yMin);
  const r = Math.max(2, 3.6 * dpr * Math.min(1.15, size / 260));
  for (let k = 0; k < points.x1.length; k++) {
    const test = points.test[k] === 1;
    if (test && !showTest) continue;
    const x = (points.x1[k]! - xMin) * sx;
    const y = (yMax - points.x2[k]!) * sy;
    context.fillStyle = pointColor(problem, points, points.y[k]!);
    context.beginPath();
    if (test) {
      const h = r * 1.05;
      context.rect(x - h, y - h, 2 * h, 2 * h);
      context.fill();
      context.strokeStyle = '#fff';
      context.lineWidth = 1.4 * dpr;
      context.strokeRect(x - h + 0.7 * dpr, y - h + 0.7 * dpr, 2 * h - 1.4 * dpr, 2 * h - 1.4 * dpr);
      context.strokeStyle = 'rgba(20,20,20,0.9)';
      context.lineWidth = 1 * dpr;
      context.strokeRect(x - h, y - h, 2 * h, 2 * h);
    } else {
      context.arc(x, y, r, 0, 2 * Math.PI);
      context.fill();
      // A dark rim: the point stays visible on a region of its own colour, and near white.
      context.strokeStyle = 'rgba(20,20,20,0.75)';
      context.lineWidth = 1 * dpr;
      context.stroke();
    }
  }
}

/**
 * Rings the points drawn with the Draw tool on top of a dataset, so they stand apart from the
 * generated ones (what Erase and Clear remove). The worker appends them after the dataset's, in
 * order; a point is ringed only where the data there is the drawn point (a drawing newer than the
 * data waits for its data).
 */
function ringDrawn(layer: HTMLCanvasElement, points: DataPoints, own: DrawnData | null, showTest: boolean, px: number, dpr: number, size: number): void {
  const context = layer.getContext('2d');
  if (context === null || own === null || own.blank) return;
  const { xMin, xMax, yMin, yMax } = points.bounds;
  const r = Math.max(2, 3.6 * dpr * Math.min(1.15, size / 260)) + 2.2 * dpr;
  const first = points.x1.length - own.x1.length;
  context.strokeStyle = '#1f2328';
  context.lineWidth = 1.3 * dpr;
  for (let j = 0; j < own.x1.length; j++) {
    const k = first + j;
    if (k < 0 || points.x1[k] !== own.x1[j] || points.x2[k] !== own.x2[j] || (points.test[k] === 1 && !showTest)) continue;
    context.beginPath();
    context.arc(((points.x1[k]! - xMin) / (xMax - xMin)) * px, ((yMax - points.x2[k]!) / (yMax - yMin)) * px, r, 0, 2 * Math.PI);
    context.stroke();
  }
}

/** Plot pixels within which a click picks the nearest shown example instead of the plane position. */
const PICK_RADIUS_PX = 8;

/**
 * A click with the Draw tool off: the math panel follows the nearest shown example within
 * PICK_RADIUS_PX (sent with its own coordinates, so the worker knows it as that example), or else
 * the plane position under the pointer, and opens on it.
 */
export function inspectAt(event: MouseEvent): void {
  const points = data.peek();
  if (points === null) return;
  const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
  const { xMin, xMax, yMin, yMax } = points.bounds;
  const px = event.clientX - box.left;
  const py = event.clientY - box.top;
  const showTest = settings.peek().showTestData;
  let best = -1;
  let bestDistance = PICK_RADIUS_PX;
  for (let k = 0; k < points.x1.length; k++) {
    if (points.test[k] === 1 && !showTest) continue;
    const dx = ((points.x1[k]! - xMin) / (xMax - xMin)) * box.width - px;
    const dy = ((yMax - points.x2[k]!) / (yMax - yMin)) * box.height - py;
    const distance = Math.hypot(dx, dy);
    if (distance <= bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  inspectedPoint.value =
    best >= 0 ? { x1: points.x1[best]!, x2: points.x2[best]! } : { x1: xMin + (px / box.width) * (xMax - xMin), x2: yMax - (py / box.height) * (yMax - yMin) };
  revealMath();
}

/** The inspected point's marker: a ring with a dark and a white stroke, visible on any colour. */
function drawInspected(context: CanvasRenderingContext2D, point: { x1: number; x2: number } | null, points: DataPoints, px: number, dpr: number): void {
  if (point === null) return;
  const { xMin, xMax, yMin, yMax } = points.bounds;
  const x = ((point.x1 - xMin) / (xMax - xMin)) * px;
  const y = ((yMax - point.x2) / (yMax - yMin)) * px;
  for (const [color, width] of [['#fff', 4], ['#1f2328', 2]] as const) {
    context.strokeStyle = color;
    context.lineWidth = width * dpr;
    context.beginPath();
    context.arc(x, y, 8 * dpr, 0, 2 * Math.PI);
    context.stroke();
  }
}

export function OutputPlot() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState(300);

  useLayoutEffect(() => {
    const el = frame.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setSize(Math.max(120, Math.floor(el.clientWidth))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    if (el === null) return;
    const offscreen = document.createElement('canvas');
    offscreen.width = GRID_SIZE;
    offscreen.height = GRID_SIZE;
    const small = offscreen.getContext('2d');
    const context = el.getContext('2d');
    if (small === null || context === null) return;
    const image = small.createImageData(GRID_SIZE, GRID_SIZE);
    const layer = document.createElement('canvas');
    let pointsFor: DataPoints | null = null;
    let pointsKey = '';
    const paint = () => {
      const dpr = window.devicePixelRatio || 1;
      const px = Math.round(size * dpr);
      if (el.width !== px) {
        el.width = px;
        el.height = px;
        layer.width = px;
        layer.height = px;
        pointsFor = null;
      }
      const shot = snapshot.peek();
      const points = data.peek();
      const s = settings.peek();
      const hovered = hoveredUnit.peek();
      context.fillStyle = '#f6f6f4';
      context.fillRect(0, 0, px, px);
      if (shot === null || points === null) return;
      const neuron = hovered !== null ? shot.neurons[hovered.layer - 1]?.[hovered.unit - 1] : undefined;
      if (neuron !== undefined) {
        const { center, halfSpan } = activationScale(s.activations[hovered!.layer - 1] ?? 'tanh', neuron);
        paintDiverging(image.data, neuron, center, halfSpan);
      } else if (s.problem === 'multiclass') {
        paintClasses(image.data, shot.output, shot.confidence, points.classes, s.discretize, MAP_STRENGTH);
      } else if (s.problem === 'classification') {
        paintDiverging(image.data, shot.output, 0.5, 0.5, s.discretize ? 1 : 0, s.discretize ? 0.55 : MAP_STRENGTH);
      } else {
        const { center, halfSpan } = outputScale(s.problem, points);
        paintDiverging(image.data, shot.output, center, halfSpan, s.discretize ? REGRESSION_LEVELS : 0, MAP_STRENGTH);
      }
      small.putImageData(image, 0, 0);
      context.imageSmoothingEnabled = true;
      // Bilinear is smooth enough for a 48² grid, and far cheaper than 'high' on a CPU raster.
      context.imageSmoothingQuality = 'low';
      context.drawImage(offscreen, 0, 0, px, px);

      // The points change only with the data, the size and 'Show test data': drawn once into
      // their own layer, then copied over the map each frame.
      const key = `${px}|${s.showTestData}|${s.problem}`;
      if (pointsFor !== points || pointsKey !== key) {
        pointsFor = points;
        pointsKey = key;
        drawPoints(layer, points, s.problem, s.showTestData, px, dpr, size);
        ringDrawn(layer, points, drawn.peek(), s.showTestData, px, dpr, size);
      }
      context.drawImage(layer, 0, 0);
      drawInspected(context, inspectedPoint.peek(), points, px, dpr);
    };
    const stop = effect(() => {
      void snapshot.value;
      void data.value;
      void hoveredUnit.value;
      void inspectedPoint.value;
      const s = settings.value;
      void s.showTestData;
      void s.discretize;
      onNextFrame(paint);
    });
    return stop;
  }, [size]);

  const s = settings.value;
  const points = data.value;
  const hovered = hoveredUnit.value;
  const hiddenLayers = topology.value === null ? 0 : topology.value.layers.length - 2;
  const showingUnit = hovered !== null && hovered.layer <= hiddenLayers;
  const bounds = points?.bounds ?? { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const xTicks = niceTicks(bounds.xMin, bounds.xMax, 4);
  const yTicks = niceTicks(bounds.yMin, bounds.yMax, 4);
  const at = (v: number, lo: number, hi: number) => `${((v - lo) / (hi - lo)) * 100}%`;
  const color = (y: number) => (points === null ? '#8c959f' : pointColor(s.problem, points, y));

  return (
    <section class="panel plot-card" aria-label="Output">
      <div class="plot-head">
        <h2>Output</h2>
        <span class={`plot-caption ${showingUnit ? 'hover' : ''}`}>
          {showingUnit ? `Showing layer ${hovered.layer}, unit ${hovered.unit} (${hovered.how})` : PLOT_CAPTION[s.problem]}
        </span>
        <HeldFeatures points={points} />
      </div>
      <div class="plot-body">
        <div class="plot-area">
          <div class="y-ticks" aria-hidden="true">
            {yTicks.map((t) => (
              <span key={t} style={{ top: `calc(100% - ${at(t, bounds.yMin, bounds.yMax)})` }}>{formatTick(t)}</span>
            ))}
            <span class="axis-name">x₂</span>
          </div>
          <div class="plot-frame" ref={frame}>
            <canvas
              ref={canvas}
              data-testid="decision-boundary"
              onClick={inspectAt}
              title="Click a point (or anywhere) to follow it through the network in the math panel"
              role="img"
              aria-label={`The network's output over the plane (x₁ from ${formatTick(bounds.xMin)} to ${formatTick(bounds.xMax)}, x₂ from ${formatTick(bounds.yMin)} to ${formatTick(bounds.yMax)}) with the data points`}
              style={{ width: `${size}px`, height: `${size}px` }}
            />
            <DrawLayer bounds={bounds} color={color} />
          </div>
          <div class="x-ticks" aria-hidden="true">
            {xTicks.map((t) => (
              <span key={t} style={{ left: at(t, bounds.xMin, bounds.xMax) }}>{formatTick(t)}</span>
            ))}
            <span class="axis-name">x₁</span>
          </div>
        </div>
        <Metrics />
      </div>
      <DrawTools color={color} />
      <ColorKey problem={s.problem} points={points} showingUnit={showingUnit} />
    </section>
  );
}

/**
 * How the output plot draws: test points and the discretized map. A card of its own, so on a phone
 * the plot above stays in view (sticky) while these scroll with the other controls.
 */
export function PlotOptions() {
  const s = settings.value;
  return (
    <section class="panel plot-options" aria-label="Plot options">
        <CheckField
          label="Show test data"
          tip="Draw the held-out test examples too (white-ringed squares); the network never trains on them."
          checked={s.showTestData}
          onChange={(checked) => (settings.value = { ...settings.value, showTestData: checked })}
        />
        <CheckField
          label="Discretize output"
          tip="Colour each point of the plane by its predicted class (or value band) alone, without the shading by confidence."
          checked={s.discretize}
          onChange={(checked) => (settings.value = { ...settings.value, discretize: checked })}
        />
    </section>
  );
}

const PLOT_CAPTION: Record<ProblemType, string> = {
  classification: 'P(class 1) over the plane',
  multiclass: 'predicted class over the plane',
  regression: 'predicted value over the plane',
};

function ColorKey({ problem, points, showingUnit }: { problem: ProblemType; points: DataPoints | null; showingUnit: boolean }) {
  // The output map's scale stops at MAP_STRENGTH (see above); a unit's map goes to the full colours.
  const gradient = `linear-gradient(to right, ${css(diverging(-MAP_STRENGTH))}, ${css(diverging(0))}, ${css(diverging(MAP_STRENGTH))})`;
  const ownOnTop = (drawn.value?.x1.length ?? 0) > 0 && drawn.value?.blank === false;
  const markers = (
    <span class="key-points">
      <span class="dot" /> train <span class="square" /> test
      {ownOnTop && (
        <>
          {' '}
          <span class="drawn-ring" /> drawn
        </>
      )}
    </span>
  );
  if (showingUnit) {
    return (
      <div class="color-key" aria-label="Colour key">
        <span>−</span>
        <span class="bar" style={{ background: `linear-gradient(to right, ${css(NEGATIVE)}, ${css(diverging(0))}, ${css(POSITIVE)})` }} />
        <span>+</span>
        <span class="muted">the unit's activation (orange low, blue high)</span>
      </div>
    );
  }
  if (problem === 'multiclass') {
    const K = points?.classes ?? 3;
    return (
      <div class="color-key" aria-label="Colour key">
        {Array.from({ length: K }, (_, k) => (
          <span key={k} class="class-swatch">
            <span class="swatch" style={{ background: css(CLASS_COLORS[k % CLASS_COLORS.length]!) }} /> class {k}
          </span>
        ))}
        <span class="muted">paler = less sure</span>
        {markers}
      </div>
    );
  }
  if (problem === 'regression') {
    const lo = points?.yMin ?? -1;
    const hi = points?.yMax ?? 1;
    return (
      <div class="color-key" aria-label="Colour key">
        <span>{formatTick(lo)}</span>
        <span class="bar" style={{ background: gradient }} />
        <span>{formatTick(hi)}</span>
        <span class="muted">value (middle {formatTick((lo + hi) / 2)}: a grey point)</span>
        {markers}
      </div>
    );
  }
  return (
    <div class="color-key" aria-label="Colour key">
      <span>class 0</span>
      <span class="bar" style={{ background: gradient }} />
      <span>class 1</span>
      <span class="muted">white = unsure (P = 0.5)</span>
      {markers}
    </div>
  );
}
