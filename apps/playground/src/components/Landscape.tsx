// The loss landscape: the training cost J(θ* + α·d1 + β·d2) on a slice through the network's weights
// along two random, filter-normalised directions (Li et al., 2018), as filled contours with
// iso-lines and a colour key, and the training path projected onto the slice. The worker computes it
// on demand (worker/landscape.ts); this card asks for it, shows the progress and draws the map.
// One file: the card's request and progress state and the contour drawing work from the same
// map and its scales; the computation itself is the worker's.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Client } from '../client';
import { css } from '../colors';
import { formatCost, formatTick } from '../format';
import { bandColor, costScale, isoSegments, LANDSCAPE_BANDS, levelLabels, paintBands, type CostScale } from '../landscape-plot';
import type { LandscapeResult } from '../protocol';
import { landscapeMap, landscapeSeed, landscapeStatus, snapshot } from '../state';

/** The plot's frame inside the canvas, in CSS pixels: room for the tick labels on the left and below. */
const PAD = { left: 34, right: 8, top: 8, bottom: 30 };
const MAX_PLOT = 380;
const MIN_PLOT = 200;
const KEY_WIDTH = 74;

/** Where (α, β) and the grid's cells fall on the canvas, in device pixels. */
interface Frame {
  x0: number;
  y0: number;
  w: number;
  h: number;
  extent: number;
  n: number;
}

const xOf = (f: Frame, alpha: number) => f.x0 + ((alpha + f.extent) / (2 * f.extent)) * f.w;
const yOf = (f: Frame, beta: number) => f.y0 + ((f.extent - beta) / (2 * f.extent)) * f.h;

function drawMap(canvas: HTMLCanvasElement, map: LandscapeResult, scale: CostScale, cssSize: number): void {
  const dpr = window.devicePixelRatio || 1;
  const px = Math.round(cssSize * dpr);
  const height = Math.round((cssSize - PAD.left - PAD.right + PAD.top + PAD.bottom) * dpr);
  canvas.width = px;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const f: Frame = {
    x0: Math.round(PAD.left * dpr),
    y0: Math.round(PAD.top * dpr),
    w: px - Math.round((PAD.left + PAD.right) * dpr),
    h: px - Math.round((PAD.left + PAD.right) * dpr),
    extent: map.extent,
    n: map.size,
  };
  context.clearRect(0, 0, px, height);
  const positions = Float64Array.from(map.costs, (c) => scale.position(c));
  const image = context.createImageData(f.w, f.h);
  paintBands(image.data, f.w, f.h, positions, f.n);
  context.putImageData(image, f.x0, f.y0);

  // Iso-lines on the band boundaries (the bands' own edges, drawn smooth).
  context.lineWidth = Math.max(1, 0.8 * dpr);
  context.strokeStyle = 'rgba(0, 0, 0, 0.38)';
  context.beginPath();
  const gx = (x: number) => f.x0 + (x / (f.n - 1)) * f.w;
  const gy = (y: number) => f.y0 + (y / (f.n - 1)) * f.h;
  for (let k = 1; k < LANDSCAPE_BANDS; k++) {
    const s = isoSegments(positions, f.n, k / LANDSCAPE_BANDS);
    for (let q = 0; q < s.length; q += 4) {
      context.moveTo(gx(s[q]!), gy(s[q + 1]!));
      context.lineTo(gx(s[q + 2]!), gy(s[q + 3]!));
    }
  }
  context.stroke();

  drawPath(context, map, f, dpr);
  drawAxes(context, f, dpr, height);
}

/** The projected training path: a white line on a dark casing, its start ringed, θ* a red dot. */
function drawPath(context: CanvasRenderingContext2D, map: LandscapeResult, f: Frame, dpr: number): void {
  const { alpha, beta } = map.path;
  const count = alpha.length;
  context.save();
  context.beginPath();
  context.rect(f.x0, f.y0, f.w, f.h);
  context.clip();
  context.lineJoin = 'round';
  context.lineCap = 'round';
  const trace = () => {
    context.beginPath();
    for (let k = 0; k < count; k++) {
      const x = xOf(f, alpha[k]!);
      const y = yOf(f, beta[k]!);
      if (k === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    }
  };
  if (count > 1) {
    trace();
    context.strokeStyle = 'rgba(0, 0, 0, 0.7)';
    context.lineWidth = 4 * dpr;
    context.stroke();
    trace();
    context.strokeStyle = '#ffffff';
    context.lineWidth = 2 * dpr;
    context.stroke();
    // The start (epoch 0): a white ring.
    context.beginPath();
    context.arc(xOf(f, alpha[0]!), yOf(f, beta[0]!), 5 * dpr, 0, 2 * Math.PI);
    context.lineWidth = 2 * dpr;
    context.strokeStyle = 'rgba(0, 0, 0, 0.7)';
    context.fillStyle = 'rgba(255, 255, 255, 0.9)';
    context.fill();
    context.stroke();
  }
  // θ* (α = β = 0): the network now.
  context.beginPath();
  context.arc(xOf(f, 0), yOf(f, 0), 5 * dpr, 0, 2 * Math.PI);
  context.fillStyle = '#d1242f';
  context.fill();
  context.lineWidth = 2 * dpr;
  context.strokeStyle = '#ffffff';
  context.stroke();
  context.restore();
}

function drawAxes(context: CanvasRenderingContext2D, f: Frame, dpr: number, height: number): void {
  context.strokeStyle = '#8c959f';
  context.lineWidth = dpr;
  context.strokeRect(f.x0 + 0.5, f.y0 + 0.5, f.w - 1, f.h - 1);
  context.fillStyle = '#57606a';
  context.font = `${11 * dpr}px system-ui, sans-serif`;
  const ticks = [-f.extent, -f.extent / 2, 0, f.extent / 2, f.extent];
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const t of ticks) context.fillText(formatTick(Number(t.toPrecision(3))), xOf(f, t), f.y0 + f.h + 3 * dpr);
  context.fillText('α (along d1)', f.x0 + f.w / 2, height - 13 * dpr);
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const t of ticks) context.fillText(formatTick(Number(t.toPrecision(3))), f.x0 - 4 * dpr, yOf(f, t));
  context.save();
  context.translate(9 * dpr, f.y0 + f.h / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = 'center';
  context.fillText('β (d2)', 0, 0);
  context.restore();
}

/** The colour key: the bands from the lowest cost (bottom) to the highest, their boundaries labelled. */
function ColourKey({ scale, height }: { scale: CostScale; height: number }) {
  const top = PAD.top;
  const bar = 14;
  const band = height / LANDSCAPE_BANDS;
  const labelEvery = height < 260 ? 3 : 2;
  // The boundaries labelled (every second or third, and the top), in the digits they need.
  const labelled = scale.levels.flatMap((_, k) => (k % labelEvery === 0 || k === LANDSCAPE_BANDS ? [k] : []));
  const labels = levelLabels(labelled.map((k) => scale.levels[k]!));
  return (
    <svg class="landscape-key" width={KEY_WIDTH} height={height + PAD.top + PAD.bottom} role="img" aria-label={`Colour key: cost from ${formatCost(scale.min)} to ${formatCost(scale.max)}${scale.log ? ', logarithmic levels' : ''}`}>
      {Array.from({ length: LANDSCAPE_BANDS }, (_, b) => (
        <rect key={b} x={0} y={top + height - (b + 1) * band} width={bar} height={band + 0.5} fill={css(bandColor(b))} />
      ))}
      <rect x={0.5} y={top + 0.5} width={bar - 1} height={height - 1} class="frame" />
      {labelled.map((k, q) => (
        <text key={k} x={bar + 4} y={top + height - k * band + 3} class="tick">
          {labels[q]}
        </text>
      ))}
      <text x={0} y={height + PAD.top + 16} class="tick">
        J{scale.log ? ' (log levels)' : ''}
      </text>
    </svg>
  );
}

/** How faithful the projected path is, in words, from the share of its distance from θ* off the slice. */
function pathFidelity(residual: number): string {
  if (residual < 0.2) return 'the line is a faithful picture of it';
  if (residual < 0.6) return 'the line shows part of it';
  return 'the line is only its shadow on this slice (random directions are nearly orthogonal to the path)';
}

function Facts({ map }: { map: LandscapeResult }) {
  const count = map.path.alpha.length;
  const extent = formatTick(Number(map.extent.toPrecision(3)));
  return (
    <dl class="landscape-facts">
      <dt>At the centre, J(θ*)</dt>
      <dd>
        <span data-testid="landscape-center-cost">{formatCost(map.centerCost)}</span>{' '}
        <span class="small-text">
          {map.l2 > 0
            ? `= the train cost + the L2 term (λ/2m)·Σ‖W[l]‖², λ = ${map.l2} (included everywhere on the map)`
            : `= the train cost at epoch ${map.epoch}`}
        </span>
      </dd>
      <dt>On the slice</dt>
      <dd>
        {formatCost(map.minCost)} to {formatCost(map.maxCost)}
        {costScale(map.minCost, map.maxCost).log ? ' (levels spaced logarithmically)' : ''}
      </dd>
      <dt>Training path</dt>
      <dd title="Each recorded θ_t − θ* is projected onto span(d1, d2) by least squares; the residual is the part of it the slice cannot show.">
        {count === 1 ? (
          <>None yet: the network has not trained since epoch {map.epoch} (red dot). Train, then draw again.</>
        ) : (
          <>
            {count} points, epoch {map.path.epoch[0]} to {map.epoch} (white line, ring at the start, red dot: the network now).{' '}
            <span data-testid="landscape-residual">{(map.pathResidual * 100).toFixed(0)}%</span> of its distance from θ* lies off this slice:{' '}
            {pathFidelity(map.pathResidual)}.
          </>
        )}
      </dd>
      <dt>Directions</dt>
      <dd>
        θ* + α·d1 + β·d2 with α, β from −{extent} to {extent}; d1, d2 drawn from seed {map.seed}, each unit’s weights scaled to that unit’s norm
        (filter normalisation, Li et al. 2018), biases not moved.
      </dd>
      <dt>Computed</dt>
      <dd>
        {map.size} × {map.size} costs by core’s Network.cost on the {map.examples} training examples, {map.parameters} parameters.
      </dd>
    </dl>
  );
}

function Status() {
  const status = landscapeStatus.value;
  if (status.kind === 'running') {
    return (
      <p class="landscape-status" role="status">
        <progress max={status.total} value={status.done} aria-label="Computing the loss landscape" />
        <span>
          {status.done} of {status.total} costs
        </span>
      </p>
    );
  }
  if (status.kind === 'cancelled') {
    return (
      <p class="landscape-status small-text" role="status">
        Stopped: {status.reason}. Draw it again for the network as it is now.
      </p>
    );
  }
  if (status.kind === 'error') {
    return (
      <p class="landscape-status small-text tool-error" role="alert">
        {status.message}
      </p>
    );
  }
  return null;
}

export function Landscape({ client }: { client: Client }) {
  const map = landscapeMap.value;
  const status = landscapeStatus.value;
  const shot = snapshot.value;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(MAX_PLOT);
  const [hover, setHover] = useState<string | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const size = Math.max(MIN_PLOT, Math.min(MAX_PLOT, width - KEY_WIDTH - 8));
  const scale = map === null ? null : costScale(map.minCost, map.maxCost);
  useLayoutEffect(() => {
    if (map !== null && scale !== null && canvas.current !== null) drawMap(canvas.current, map, scale, size);
  }, [map, size]);

  const plotSize = size - PAD.left - PAD.right;
  const readout = (event: PointerEvent) => {
    if (map === null) return;
    const rect = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const u = (event.clientX - rect.left - PAD.left) / plotSize;
    const v = (event.clientY - rect.top - PAD.top) / plotSize;
    if (u < 0 || u > 1 || v < 0 || v > 1) return setHover(null);
    const n = map.size;
    const i = Math.round(u * (n - 1));
    const j = Math.round(v * (n - 1));
    const alpha = (map.extent * (2 * i - (n - 1))) / (n - 1);
    const beta = -(map.extent * (2 * j - (n - 1))) / (n - 1);
    setHover(`α = ${alpha.toFixed(2)}, β = ${beta.toFixed(2)}: J = ${formatCost(map.costs[j * n + i]!)}`);
  };
  const stale = map !== null && shot !== null && shot.epoch !== map.epoch;
  const state = status.kind === 'idle' ? (map === null ? 'idle' : 'done') : status.kind;
  return (
    <section
      class="panel landscape-card"
      aria-label="Loss landscape"
      data-testid="landscape"
      data-state={state}
      data-min-cost={map?.minCost}
      data-max-cost={map?.maxCost}
      data-center-cost={map?.centerCost}
      data-path-length={map?.path.alpha.length}
      data-epoch={map?.epoch}
      data-seed={map?.seed}
    >
      <div class="plot-head">
        <h2>Loss landscape</h2>
        <span class="plot-caption">the training cost around the network now, along two random directions, with the path training took</span>
      </div>
      <div class="landscape-actions">
        <button
          type="button"
          class="primary-action"
          title="Pause, then compute the training cost on a 31 × 31 grid around the current weights (in the worker; a second or two)"
          onClick={() => client.drawLandscape()}
        >
          Draw the loss landscape
        </button>
        <button type="button" title={`Draw it along two other random directions (now seed ${landscapeSeed.value})`} onClick={() => client.drawLandscape(true)}>
          New directions
        </button>
        <Status />
      </div>
      <div ref={box} class="landscape-body">
        {map === null ? (
          status.kind !== 'running' && (
            <p class="small-text landscape-empty">
              Draws the cost J(θ* + α·d1 + β·d2) around the current weights θ*: valleys are dark, ridges yellow. Train a little first, so the white line
              (the path training took) has somewhere to come from.
            </p>
          )
        ) : (
          <>
            <div class={`landscape-plot ${status.kind === 'running' ? 'is-updating' : ''}`}>
              <div class="landscape-figure">
                <canvas
                  ref={canvas}
                  style={{ width: `${size}px`, height: `${plotSize + PAD.top + PAD.bottom}px` }}
                  role="img"
                  aria-label={`Contour map of the training cost from ${formatCost(map.minCost)} to ${formatCost(map.maxCost)}, centre ${formatCost(map.centerCost)}, with the training path`}
                  onPointerMove={readout}
                  onPointerLeave={() => setHover(null)}
                />
                {scale !== null && <ColourKey scale={scale} height={plotSize} />}
              </div>
              <p class="small-text landscape-readout" aria-live="off">
                {hover ?? 'Point at the map to read the cost there.'}
              </p>
            </div>
            <div class="landscape-text">
              {map.directionsZero && (
                <p class="small-text landscape-stale" role="status">
                  Every weight is zero (zero initialization), so the filter-normalised directions are zero too: the slice is the single point θ*,
                  and the map is flat. Try He or random initialization.
                </p>
              )}
              {stale && (
                <p class="small-text landscape-stale" role="status">
                  Drawn at epoch {map.epoch}; the network is at epoch {shot.epoch} now. Draw again to see where it is.
                </p>
              )}
              <Facts map={map} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
