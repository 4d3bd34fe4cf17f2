// The network, left to right: the input features (each a map of the feature over the plane, with
// its toggle), every hidden layer (its header with +/− and the activation; each unit a map of its
// activation) and the output. Links are SVG curves coloured by sign and sized by |w|.
//
// What changes every frame (the maps, the links' colours and widths) is painted imperatively from
// an effect, once per animation frame; Preact re-renders this tree only when the shape changes.
// Each link ends in a short straight "port" on the left edge of its target unit, one port per
// source unit: the port is the link's handle (data-testid link-L-I-J), unique to the link and never
// crossed by another, so it can be pointed at even where curves cross.
// One file because the layout (unit positions, ports), the Preact tree and the per-frame painter all
// read the same layout object; split, each would have to re-derive it.
import { effect, useSignal } from '@preact/signals';
import { ACTIVATIONS, FEATURE_TERMS, INITIALIZATIONS, featureLabel, type Activation, type Initialization } from '@ann/core/constants';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Client } from '../client';
import { activationScale, css, NEGATIVE, paintClassShare, paintDiverging, POSITIVE, signColor } from '../colors';
import { onNextFrame } from '../frame';
import { formatWeight } from '../format';
import { GRID_SIZE, type Snapshot } from '../protocol';
import { MAX_HIDDEN_LAYERS, MAX_UNITS, withActivation, withFeature, withLayerAdded, withLayerRemoved, withUnits } from '../settings';
import { candidateInputs, data, diagnostics, hoveredUnit, inputs, mathLayer, settings, snapshot, topology, updateSettings, uploaded } from '../state';
import { DiagnosticBadge } from './Diagnostics';
import { outputScale } from './OutputPlot';

const INPUT_SIZE = 34;
const INPUT_GAP = 8;
/** Room above the units for the layer headers: taller on a phone, whose buttons are 40 px tap targets. */
const HEADER_DESKTOP = 78;
const HEADER_PHONE = 112;
/** Two 40 px buttons, their 4 px gap and 6 px clear of the next header's (two hidden layers fit a 390 px phone). */
const MIN_PITCH_PHONE = 90;
/** A layer header's width: inside its column pitch, with room between neighbours. */
const headerWidth = (pitch: number) => Math.min(110, pitch - 10);
const LEFT_PAD = 64;
const RIGHT_PAD = 30;
const STUB = 7;
const BIAS = 9;
/** The invisible hit areas around a port (further left along its link) and a bias handle. */
const PORT_REACH = 14;
const BIAS_REACH = 24;

/** Unit size and gap for a layer of n units: wide layers get compact maps (and the view scrolls). */
function unitBox(n: number): { size: number; gap: number } {
  if (n <= 8) return { size: 40, gap: 10 };
  if (n <= 16) return { size: 26, gap: 6 };
  return { size: 18, gap: 4 };
}

interface UnitPos {
  x: number;
  y: number;
  size: number;
}

interface Layout {
  width: number;
  height: number;
  /** columns[0]: the active inputs (in topology order); columns[l]: layer l's units. */
  columns: UnitPos[][];
  /** Every feature term's position (active or not), for the toggles. */
  featureRows: UnitPos[];
  columnX: number[];
  /** Where the units start: the layer headers sit above. */
  header: number;
  /** Distance between columns: the layer headers fit inside it. */
  pitch: number;
}

/**
 * `inputTerms` are the rows of the input column (core's FEATURE_TERMS, or an upload's own columns
 * when the network takes them without expansion); `features` the active ones among them.
 */
function computeLayout(features: readonly string[], inputTerms: readonly string[], layers: readonly number[], available: number, availableHeight: number): Layout {
  const columnCount = layers.length;
  const HEADER = available < 600 ? HEADER_PHONE : HEADER_DESKTOP;
  // Small networks grow their unit maps (up to 1.5×) to fill the height the view has.
  const natural = Math.max(...layers.slice(1).map((n) => n * (unitBox(n).size + unitBox(n).gap) - unitBox(n).gap));
  // Not on a phone: there the view is as tall as its content, and measuring it would feed back.
  const zoom = available < 600 ? 1 : Math.max(1, Math.min(2, (availableHeight - HEADER - 24) / Math.max(1, natural)));
  const box = (n: number) => {
    const { size, gap } = unitBox(n);
    return { size: Math.round(size * zoom), gap: Math.round(gap * zoom) };
  };
  // A phone's headers hold two 40 px buttons side by side: columns closer than MIN_PITCH_PHONE would
  // make one layer's +/− overlap the next one's (the view scrolls across instead).
  const minPitch = available < 600 ? MIN_PITCH_PHONE : 84;
  const pitch = Math.max(minPitch, Math.min(290, (available - LEFT_PAD - RIGHT_PAD) / Math.max(1, columnCount - 1)));
  const width = LEFT_PAD + RIGHT_PAD + pitch * (columnCount - 1);
  const columnX = layers.map((_, c) => LEFT_PAD + c * pitch);
  const inputHeight = inputTerms.length * (INPUT_SIZE + INPUT_GAP) - INPUT_GAP;
  const heights = layers.map((n, c) => {
    if (c === 0) return inputHeight;
    const { size, gap } = box(n);
    return n * (size + gap) - gap;
  });
  const bodyHeight = Math.max(...heights) + 16;
  const height = HEADER + bodyHeight;
  const featureRows = inputTerms.map((_, t) => ({
    x: columnX[0]!,
    y: HEADER + (bodyHeight - inputHeight) / 2 + t * (INPUT_SIZE + INPUT_GAP) + INPUT_SIZE / 2,
    size: INPUT_SIZE,
  }));
  const columns: UnitPos[][] = layers.map((n, c) => {
    if (c === 0) return features.map((term) => featureRows[inputTerms.indexOf(term)]!);
    const { size, gap } = box(n);
    const top = HEADER + (bodyHeight - heights[c]!) / 2;
    return Array.from({ length: n }, (_, i) => ({ x: columnX[c]!, y: top + i * (size + gap) + size / 2, size }));
  });
  return { width, height, columns, featureRows, columnX, pitch, header: HEADER };
}

/** The curve of link (l, i, j) and its port: from unit j of column l-1 to port j of unit i of column l. */
function linkGeometry(layout: Layout, l: number, i: number, j: number): { curve: string; portX: number; portY: number; portWidth: number; spacing: number } {
  const src = layout.columns[l - 1]![j]!;
  const dst = layout.columns[l]![i]!;
  const nSrc = layout.columns[l - 1]!.length;
  const x0 = src.x + src.size / 2;
  const y0 = src.y;
  const x1 = dst.x - dst.size / 2 - STUB;
  const spacing = dst.size / nSrc;
  const y1 = dst.y - dst.size / 2 + spacing * (j + 0.5);
  const dx = (x1 - x0) * 0.5;
  const f = (v: number) => v.toFixed(1);
  return {
    curve: `M${f(x0)},${f(y0)} C${f(x0 + dx)},${f(y0)} ${f(x1 - dx)},${f(y1)} ${f(x1)},${f(y1)} h${STUB}`,
    portX: x1,
    portY: y1,
    portWidth: Math.max(1.5, Math.min(4, spacing - 0.8)),
    spacing,
  };
}

/** The toggles' names, as the page's contract spells them (core's featureLabel writes x₁·x₂, sin x₁). */
const FEATURE_NAMES: Record<string, string> = {
  x1: 'x₁',
  x2: 'x₂',
  'x1^2': 'x₁²',
  'x2^2': 'x₂²',
  'x1*x2': 'x₁x₂',
  'sin(x1)': 'sin(x₁)',
  'sin(x2)': 'sin(x₂)',
};

interface Target {
  parameter: 'W' | 'b';
  layer: number;
  /** 0-based, as the worker's edit takes them. */
  row: number;
  column: number;
}

function targetOf(element: Element | null): Target | null {
  const el = element?.closest('[data-param]');
  if (!el) return null;
  return {
    parameter: el.getAttribute('data-param') === 'b' ? 'b' : 'W',
    layer: Number(el.getAttribute('data-l')),
    row: Number(el.getAttribute('data-i')),
    column: Number(el.getAttribute('data-j') ?? 0),
  };
}

function valueOf(shot: Snapshot | null, t: Target): number | undefined {
  if (shot === null) return undefined;
  if (t.parameter === 'b') return shot.b[t.layer - 1]?.[t.row];
  const W = shot.W[t.layer - 1];
  const nIn = topology.value?.layers[t.layer - 1];
  if (W === undefined || nIn === undefined) return undefined;
  return W[t.row * nIn + t.column];
}

function describe(t: Target, value: number | undefined): string {
  const name = t.parameter === 'W' ? `W${t.layer}[${t.row + 1},${t.column + 1}]` : `b${t.layer}[${t.row + 1}]`;
  return value === undefined ? name : `${name} = ${formatWeight(value)}`;
}

/** A small canvas of one map (GRID_SIZE² cells), scaled up smoothly by CSS. */
function MapCanvas(props: { kind: 'input' | 'hidden' | 'output'; l: number; i: number }) {
  return <canvas class="map" width={GRID_SIZE} height={GRID_SIZE} data-kind={props.kind} data-l={props.l} data-i={props.i} aria-hidden="true" />;
}

const imageCache = new WeakMap<HTMLCanvasElement, { context: CanvasRenderingContext2D; image: ImageData }>();

function paintMap(canvas: HTMLCanvasElement, paint: (pixels: Uint8ClampedArray) => void): void {
  let entry = imageCache.get(canvas);
  if (entry === undefined) {
    const context = canvas.getContext('2d');
    if (context === null) return;
    entry = { context, image: context.createImageData(GRID_SIZE, GRID_SIZE) };
    imageCache.set(canvas, entry);
  }
  paint(entry.image.data);
  entry.context.putImageData(entry.image, 0, 0);
}

export function NetworkView({ client }: { client: Client }) {
  const s = settings.value;
  const topo = topology.value;
  const outputs = topo?.layers[topo.layers.length - 1] ?? (s.problem === 'multiclass' ? s.classes : 1);
  // Data of more than two features feeds its own columns to the network, without feature expansion.
  const rawColumns = data.value?.columns?.names ?? null;
  const inputTerms: readonly string[] = rawColumns ?? FEATURE_TERMS;
  const features = rawColumns ?? s.features;
  const plot = uploaded.value?.plot ?? [0, 1];
  const rawAxis = (t: number) => (t === plot[0] ? 'the plot\'s x₁' : t === plot[1] ? 'the plot\'s x₂' : 'held at its training mean in every map over the plane');
  const layers = [features.length, ...s.hidden, outputs];
  // Links exist once the worker's network has this shape (until then the units show, dimmed).
  const matches = topo !== null && topo.layers.length === layers.length && topo.layers.every((n, k) => n === layers[k]) && topo.features.join() === features.join();

  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(640);
  const [availableHeight, setAvailableHeight] = useState(400);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const measure = () => {
      setAvailable(el.clientWidth);
      setAvailableHeight(el.clientHeight);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  const layoutKey = `${inputTerms.join()}|${features.join()}|${layers.join()}|${available}|${availableHeight}`;
  const layout = useMemo(() => computeLayout(features, inputTerms, layers, available, availableHeight), [layoutKey]);

  const tip = useSignal<{ target: Target; x: number; y: number } | null>(null);
  const editing = useSignal<{ target: Target; value: string } | null>(null);

  // Paint every map and restyle every link and bias once per frame after a change.
  useEffect(() => {
    const root = content.current;
    if (root === null) return;
    // The input maps change only with the data and the features, not with each step.
    let paintedInputs: unknown = null;
    const paint = () => {
      const shot = snapshot.peek();
      const topoNow = topology.peek();
      const maps = inputs.peek();
      const candidates = candidateInputs.peek();
      const points = data.peek();
      const st = settings.peek();
      const live = topoNow !== null && topoNow.layers.length === layers.length;
      for (const canvas of root.querySelectorAll<HTMLCanvasElement>('canvas.map')) {
        const kind = canvas.dataset.kind;
        const l = Number(canvas.dataset.l);
        const i = Number(canvas.dataset.i);
        if (kind === 'input') {
          if (paintedInputs === maps) continue;
          // Every feature's map, switched on or not (the worker's candidates); the active ones
          // alone from an older worker answer.
          const index = topoNow?.features.indexOf(inputTerms[i]!) ?? -1;
          const values = candidates[i] ?? (index >= 0 ? maps[index] : undefined);
          paintMap(canvas, (px) => {
            if (values === undefined) return px.fill(235);
            const { halfSpan } = activationScale('linear', values);
            paintDiverging(px, values, 0, halfSpan);
          });
        } else if (kind === 'hidden') {
          const values = live ? shot?.neurons[l - 1]?.[i] : undefined;
          paintMap(canvas, (px) => {
            if (values === undefined) return px.fill(235);
            const { center, halfSpan } = activationScale(st.activations[l - 1] ?? 'tanh', values);
            paintDiverging(px, values, center, halfSpan);
          });
        } else {
          paintMap(canvas, (px) => {
            if (shot === null || points === null) return px.fill(235);
            if (st.problem === 'multiclass') {
              paintClassShare(px, shot.output, shot.confidence, points.classes, i);
            } else {
              const { center, halfSpan } = outputScale(st.problem, points);
              paintDiverging(px, shot.output, center, halfSpan);
            }
          });
        }
      }
      paintedInputs = maps;
      if (shot === null || !live) return;
      let largest = 0;
      for (const W of shot.W) for (const w of W) if (Number.isFinite(w)) largest = Math.max(largest, Math.abs(w));
      const scale = largest > 0 ? 1 / largest : 0;
      for (const path of root.querySelectorAll<SVGPathElement>('path.link')) {
        const l = Number(path.dataset.l);
        const i = Number(path.dataset.i);
        const j = Number(path.dataset.j);
        const nIn = topoNow!.layers[l - 1]!;
        const w = shot.W[l - 1]?.[i * nIn + j] ?? 0;
        const color = signColor(w);
        const width = (0.6 + 5 * Math.abs(w) * scale).toFixed(1);
        // Untouched attributes cost nothing to paint: set only what changed.
        if (path.getAttribute('stroke') !== color) {
          path.setAttribute('stroke', color);
          const port = path.parentElement?.querySelector('.port');
          if (port instanceof SVGElement) port.style.fill = color;
        }
        if (path.getAttribute('stroke-width') !== width) path.setAttribute('stroke-width', width);
      }
      for (const rect of root.querySelectorAll<SVGRectElement>('rect.bias')) {
        const l = Number(rect.dataset.l);
        const i = Number(rect.dataset.i);
        const color = signColor(shot.b[l - 1]?.[i] ?? 0);
        if (rect.style.fill !== color) rect.style.fill = color;
      }
    };
    // Subscribe to what the maps show; the paint itself runs in the next animation frame.
    const stop = effect(() => {
      void snapshot.value;
      void inputs.value;
      void candidateInputs.value;
      void topology.value;
      void settings.value.activations;
      onNextFrame(paint);
    });
    return stop;
  }, [layoutKey, matches]);

  const onOver = (event: PointerEvent) => {
    const el = event.target as Element;
    const unit = el.closest('[data-unit]');
    if (unit !== null) {
      const [l, i] = (unit.getAttribute('data-unit') ?? '').split('-').map(Number);
      hoveredUnit.value = { layer: l!, unit: i!, how: 'hovered' };
    }
    const target = targetOf(el);
    if (target !== null && content.current !== null) {
      const rect = content.current.getBoundingClientRect();
      tip.value = { target, x: event.clientX - rect.left + 12, y: event.clientY - rect.top + 12 };
    }
  };
  const onOut = (event: PointerEvent) => {
    const from = event.target as Element;
    const to = event.relatedTarget as Element | null;
    if (from.closest('[data-unit]') !== null && to?.closest('[data-unit]') !== from.closest('[data-unit]')) hoveredUnit.value = null;
    if (targetOf(from) !== null && targetOf(to) === null) tip.value = null;
  };
  /** The parameter handle to give the focus back to when a keyboard-opened editor closes. */
  const returnFocus = useRef<SVGElement | null>(null);

  const openEditor = (target: Target) => {
    const value = valueOf(snapshot.peek(), target);
    // Paused while editing, so the value typed is the one the network gets (and stays).
    client.pause();
    tip.value = null;
    editing.value = { target, value: value === undefined ? '0' : String(Number(value.toPrecision(6))) };
  };

  /**
   * Where the editor goes: under its parameter's handle, moved left as far as it must to stay
   * inside the visible part of the view (a phone's narrow screen, a scrolled wide network).
   * Recomputed on every render and resize, so it follows the handle when the layout changes.
   */
  const placeEditor = (target: Target, editorWidth: number): { x: number; y: number } => {
    const root = content.current;
    const view = scroller.current;
    const id = target.parameter === 'b' ? `bias-${target.layer}-${target.row + 1}` : `link-${target.layer}-${target.row + 1}-${target.column + 1}`;
    const handle = root?.querySelector(`[data-testid="${id}"]`);
    if (root === null || view === null || handle == null) return { x: 0, y: 0 };
    const box = handle.getBoundingClientRect();
    const origin = root.getBoundingClientRect();
    const visible = view.getBoundingClientRect();
    const left = Math.max(0, visible.left - origin.left + 4);
    const right = Math.min(visible.right, window.innerWidth) - origin.left - editorWidth - 4;
    return { x: Math.max(left, Math.min(box.left - origin.left - 8, right)), y: box.bottom - origin.top + 8 };
  };

  /** Where a handle sits inside the network's content box. */
  const handleBox = (el: Element) => {
    const box = el.getBoundingClientRect();
    const origin = content.current!.getBoundingClientRect();
    return { x: box.left - origin.left, y: box.bottom - origin.top };
  };

  const onClick = (event: MouseEvent) => {
    const el = event.target as Element;
    selectMathLayer(el);
    const target = targetOf(el);
    if (target === null || content.current === null || !matches) return;
    returnFocus.current = null;
    openEditor(target);
  };

  // Keyboard: the weights and biases are one Tab stop (a roving tabindex); the arrow keys move
  // between them, the focused one shows its value, and Enter opens its editor.
  const onKeyDown = (event: KeyboardEvent) => {
    const el = event.target as Element;
    if (el instanceof HTMLElement && el.hasAttribute('data-unit') && content.current !== null) {
      // The units are one Tab stop too: the arrow keys move between them (down a column, then on).
      const units = [...content.current.querySelectorAll<HTMLElement>('[data-unit]')];
      const at = units.indexOf(el);
      const step = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0 || at < 0) return;
      event.preventDefault();
      const next = units[(at + step + units.length) % units.length]!;
      el.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
      return;
    }
    if (!(el instanceof SVGElement) || el.getAttribute('data-param') === null || content.current === null) return;
    const handles = [...content.current.querySelectorAll<SVGElement>('.links [data-testid]')];
    const at = handles.indexOf(el);
    const step = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0 && at >= 0) {
      event.preventDefault();
      const next = handles[(at + step + handles.length) % handles.length]!;
      el.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const target = targetOf(el);
      if (target === null || !matches) return;
      returnFocus.current = el;
      openEditor(target);
    }
  };

  const onFocusIn = (event: FocusEvent) => {
    const el = event.target as Element;
    const unit = el instanceof HTMLElement ? el.getAttribute('data-unit') : null;
    if (unit !== null) {
      // A focused unit shows its map large in the output plot, as hovering it does.
      const [l, i] = unit.split('-').map(Number);
      hoveredUnit.value = { layer: l!, unit: i!, how: 'focused' };
      return;
    }
    const target = el instanceof SVGElement ? targetOf(el) : null;
    if (target === null || content.current === null) return;
    const { x, y } = handleBox(el);
    tip.value = { target, x: x + 10, y: y + 4 };
  };

  const onFocusOut = (event: FocusEvent) => {
    if ((event.target as Element).hasAttribute('data-unit') && hoveredUnit.peek()?.how === 'focused') hoveredUnit.value = null;
    if (targetOf(event.target as Element) !== null) tip.value = null;
  };

  const hiddenCount = s.hidden.length;
  const L = layers.length - 1;

  const svg = useMemo(() => {
    if (!matches) return null;
    const links: JSX.Element[] = [];
    for (let l = 1; l <= L; l++) {
      for (let i = 0; i < layers[l]!; i++) {
        for (let j = 0; j < layers[l - 1]!; j++) {
          const g = linkGeometry(layout, l, i, j);
          const attrs = { 'data-param': 'W', 'data-l': l, 'data-i': i, 'data-j': j };
          links.push(
            <g key={`${l}-${i}-${j}`}>
              <path class="link" d={g.curve} data-l={l} data-i={i} data-j={j} fill="none" stroke="#999" stroke-width="1" />
              <path class="link-hit" d={g.curve} fill="none" {...attrs} />
              {/* An invisible, larger target for a finger: the port's own band, reaching further left. */}
              <rect class="hit" x={g.portX - PORT_REACH} y={g.portY - g.spacing / 2} width={STUB + PORT_REACH} height={g.spacing} {...attrs} />
              {/* A rect, not a horizontal path: a path's zero-height box would count as invisible. */}
              <rect
                class="port"
                x={g.portX}
                y={g.portY - g.portWidth / 2}
                width={STUB}
                height={g.portWidth}
                data-testid={`link-${l}-${i + 1}-${j + 1}`}
                role="button"
                tabindex={l === 1 && i === 0 && j === 0 ? 0 : -1}
                aria-label={`Weight W${l}[${i + 1},${j + 1}] (arrow keys: other parameters, Enter: edit)`}
                {...attrs}
              />
            </g>,
          );
        }
      }
    }
    const biases: JSX.Element[] = [];
    for (let l = 1; l <= L; l++) {
      layout.columns[l]!.forEach((u, i) => {
        const bx = u.x + u.size / 2 - BIAS + 2;
        const by = u.y + u.size / 2 - BIAS + 2;
        // An invisible square around the handle, as large as a fingertip.
        biases.push(
          <rect
            key={`bh${l}-${i}`}
            class="hit"
            data-param="b"
            data-l={l}
            data-i={i}
            x={bx + BIAS / 2 - BIAS_REACH / 2}
            y={by + BIAS / 2 - BIAS_REACH / 2}
            width={BIAS_REACH}
            height={BIAS_REACH}
          />,
        );
        biases.push(
          <rect
            key={`b${l}-${i}`}
            class="bias"
            data-testid={`bias-${l}-${i + 1}`}
            role="button"
            tabindex={-1}
            aria-label={`Bias b${l}[${i + 1}] (arrow keys: other parameters, Enter: edit)`}
            data-param="b"
            data-l={l}
            data-i={i}
            x={bx}
            y={by}
            width={BIAS}
            height={BIAS}
            rx={2}
          />,
        );
      });
    }
    return (
      <svg class="links" width={layout.width} height={layout.height} aria-label="Weights and biases">
        {links}
        {biases}
      </svg>
    );
  }, [layoutKey, matches]);

  const outputLabel = s.problem === 'multiclass' ? 'Output (softmax)' : s.problem === 'regression' ? 'Output (linear)' : 'Output (sigmoid)';

  return (
    <section class={`panel network-panel ${matches ? '' : 'stale'}`} aria-label="Network">
      <div class="network-toolbar">
        <h2>Network</h2>
        <button type="button" class="small" aria-label="Add hidden layer" title="Add a hidden layer of 4 units before the output (up to 6 layers)." disabled={hiddenCount >= MAX_HIDDEN_LAYERS} onClick={() => updateSettings(withLayerAdded)}>
          + layer
        </button>
        <button type="button" class="small" aria-label="Remove hidden layer" title="Remove the last hidden layer (0 hidden layers is logistic/linear regression on the features)." disabled={hiddenCount === 0} onClick={() => updateSettings(withLayerRemoved)}>
          − layer
        </button>
        <span class="muted">
          {hiddenCount} hidden layer{hiddenCount === 1 ? '' : 's'}
        </span>
        {rawColumns !== null && (
          <span class="muted small-text" data-testid="no-expansion" title="Feature expansion reads two raw inputs (x₁, x₂); this data's columns are the inputs as they are.">
            {rawColumns.length} inputs: the data's columns (feature expansion needs two-feature data)
          </span>
        )}
        <InitField />
      </div>
      <div class="network-scroll" ref={scroller}>
        <div
          class="network"
          data-testid="network"
          ref={content}
          style={{ width: `${layout.width}px`, height: `${layout.height}px` }}
          onPointerOver={onOver}
          onPointerOut={onOut}
          onClick={onClick}
          onKeyDown={onKeyDown}
          onFocusIn={onFocusIn}
          onFocusOut={onFocusOut}
        >
          <div class="column-label" style={{ left: `${layout.columnX[0]! - 50}px`, width: '100px', top: `${layout.header - 18}px` }}>
            Features
          </div>
          {inputTerms.map((term, t) => {
            const row = layout.featureRows[t]!;
            if (rawColumns !== null) {
              return (
                <button
                  key={term}
                  type="button"
                  class="feature on raw"
                  aria-disabled="true"
                  title={`${term}: a column of the uploaded data, one of its ${rawColumns.length} inputs; ${rawAxis(t)}. Feature expansion (x₁², sin x₁, …) applies to two-feature data only.`}
                  style={{ left: `${row.x - LEFT_PAD + 4}px`, top: `${row.y - INPUT_SIZE / 2}px` }}
                >
                  <span class="feature-label">{term}</span>
                  <MapCanvas kind="input" l={0} i={t} />
                </button>
              );
            }
            const on = s.features.includes(term);
            const label = FEATURE_NAMES[term] ?? featureLabel(term);
            return (
              <button
                key={term}
                type="button"
                class={`feature ${on ? 'on' : 'off'}`}
                aria-pressed={on}
                title={`Feed ${label} to the network as an input (core's feature expansion). Click to turn it ${on ? 'off' : 'on'}.`}
                style={{ left: `${row.x - LEFT_PAD + 4}px`, top: `${row.y - INPUT_SIZE / 2}px` }}
                onClick={() => updateSettings((x) => withFeature(x, term, !on))}
              >
                <span class="feature-label">{label}</span>
                <MapCanvas kind="input" l={0} i={t} />
              </button>
            );
          })}
          {s.hidden.map((n, index) => {
            const l = index + 1;
            return (
              <LayerHeader
                key={`h${l}`}
                layer={l}
                units={n}
                activation={s.activations[index] ?? 'tanh'}
                x={layout.columnX[l]!}
                width={headerWidth(layout.pitch)}
              />
            );
          })}
          <div
            class="column-label"
            style={{ right: '2px', textAlign: 'right', whiteSpace: 'nowrap', top: `${layout.header - 18}px` }}
          >
            {outputLabel}
          </div>
          {layout.columns.slice(1).map((column, c) =>
            column.map((u, i) => {
              const l = c + 1;
              const isOutput = l === L;
              return (
                <div
                  key={`${l}-${i}`}
                  class={`unit ${isOutput ? 'output-unit' : ''}`}
                  data-testid={isOutput ? `output-${i + 1}` : `neuron-${l}-${i + 1}`}
                  data-unit={`${l}-${i + 1}`}
                  tabindex={l === 1 && i === 0 ? 0 : -1}
                  role="img"
                  aria-label={
                    isOutput
                      ? `Output unit ${i + 1}, shown large in the output plot while focused (arrow keys: other units)`
                      : `Layer ${l}, unit ${i + 1}: its activation over the plane, shown large in the output plot while focused (arrow keys: other units)`
                  }
                  title={
                    isOutput
                      ? `Output unit ${i + 1}: hover or focus to see it in the output plot; click for layer ${l}'s equations in the math panel`
                      : `Layer ${l}, unit ${i + 1}: its activation over the plane. Hover or focus to see it large; click for layer ${l}'s equations in the math panel.`
                  }
                  style={{ left: `${u.x - u.size / 2}px`, top: `${u.y - u.size / 2}px`, width: `${u.size}px`, height: `${u.size}px` }}
                >
                  <MapCanvas kind={isOutput ? 'output' : 'hidden'} l={l} i={i} />
                </div>
              );
            }),
          )}
          {svg}
          <Tooltip tip={tip.value} />
          {editing.value !== null && (
            <Editor
              {...editing.value}
              place={placeEditor}
              onDone={(value) => {
                const e = editing.value;
                editing.value = null;
                if (e !== null && value !== null) client.edit(e.target.layer, e.target.parameter, e.target.row, e.target.column, value);
                const back = returnFocus.current;
                returnFocus.current = null;
                if (back?.isConnected) back.focus();
              }}
            />
          )}
        </div>
      </div>
      <p class="legend muted">
        <span class="swatch" style={{ background: css(POSITIVE) }} /> positive weight <span class="swatch" style={{ background: css(NEGATIVE) }} /> negative
        weight · line width ∝ |w| · hover a link or the square bias handle for its value, click to edit it
      </p>
    </section>
  );
}

function Tooltip({ tip }: { tip: { target: Target; x: number; y: number } | null }) {
  if (tip === null) return null;
  // Read here, so only this small element re-renders with each snapshot while a tooltip shows.
  const text = describe(tip.target, valueOf(snapshot.value, tip.target));
  return (
    <div class="tooltip" role="tooltip" style={{ left: `${tip.x}px`, top: `${tip.y}px` }}>
      {text}
    </div>
  );
}

function Editor(props: { target: Target; value: string; place: (target: Target, width: number) => { x: number; y: number }; onDone: (value: number | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState('');
  // Uncontrolled: the prefill is set once, so a re-render (a resize, a snapshot) keeps what was typed.
  useEffect(() => {
    const el = input.current;
    if (el === null) return;
    el.value = props.value;
    el.focus();
    el.select();
  }, []);
  // Placed after every render and on every resize of the window, measured with its real width.
  useLayoutEffect(() => {
    const place = () => {
      const el = box.current;
      if (el === null) return;
      const { x, y } = props.place(props.target, el.offsetWidth);
      el.style.left = `${x}px`;
      el.style.top = `${y}px`;
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  });
  const label = props.target.parameter === 'W' ? 'Weight value' : 'Bias value';
  return (
    <div class="editor" ref={box} onClick={(event) => event.stopPropagation()}>
      <label>
        <span class="editor-name">{describe(props.target, undefined)}</span>
        <input
          ref={input}
          type="number"
          step="any"
          aria-label={label}
          aria-invalid={error !== ''}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              props.onDone(null);
            } else if (event.key === 'Enter') {
              event.preventDefault();
              const value = Number(event.currentTarget.value);
              if (event.currentTarget.value.trim() === '' || !Number.isFinite(value)) setError('Type a finite number.');
              else props.onDone(value);
            }
          }}
          onBlur={() => props.onDone(null)}
        />
      </label>
      <span class="editor-hint">{error || 'Enter applies · Esc cancels'}</span>
    </div>
  );
}

/** A click on a unit of layer l shows layer l's equations in the math panel. */
function selectMathLayer(el: Element): void {
  const unit = el.closest('[data-unit]');
  if (unit !== null) mathLayer.value = Number((unit.getAttribute('data-unit') ?? '').split('-')[0]);
}

function LayerHeader({ layer, units, activation, x, width }: { layer: number; units: number; activation: Activation; x: number; width: number }) {
  const deadKeys = diagnostics.value.filter((d) => d.layer === layer && ['deadRelu', 'saturatedUnits', 'vanishingGradients'].includes(d.code));
  return (
    <div class="layer-header" style={{ left: `${x - width / 2}px`, width: `${width}px` }}>
      <div class="layer-buttons">
        <button
          type="button"
          class="small"
          aria-label={`Remove neuron from layer ${layer}`}
          title={`Remove the last unit of layer ${layer}.`}
          disabled={units <= 1}
          onClick={() => updateSettings((s) => withUnits(s, layer, -1))}
        >
          −
        </button>
        <span class="units" title={`Layer ${layer} has ${units} unit${units === 1 ? '' : 's'}`}>
          {units}
        </span>
        <button
          type="button"
          class="small"
          aria-label={`Add neuron to layer ${layer}`}
          title={`Add a unit to layer ${layer} (up to ${MAX_UNITS}).`}
          disabled={units >= MAX_UNITS}
          onClick={() => updateSettings((s) => withUnits(s, layer, 1))}
        >
          +
        </button>
      </div>
      <select
        aria-label={`Activation of layer ${layer}`}
        title={`The function g[${layer}] each unit of layer ${layer} applies to its weighted sum z: A = g(Z).`}
        value={activation}
        onChange={(event) => updateSettings((s) => withActivation(s, layer, event.currentTarget.value as Activation))}
      >
        {ACTIVATIONS.map((a) => (
          <option key={a} value={a}>
            {ACTIVATION_LABELS[a] ?? a}
          </option>
        ))}
      </select>
      {deadKeys.map((d) => (
        <DiagnosticBadge key={d.key} entry={d} />
      ))}
    </div>
  );
}

const ACTIVATION_LABELS: Record<string, string> = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'ReLU', leakyRelu: 'Leaky ReLU', linear: 'Linear' };

const INIT_LABELS: Record<string, string> = { zeros: 'Zeros', xavier: 'Xavier', he: 'He' };
/** The scales of init 'random' offered (W = scale·randn): the course's 0.01 and C2W1's too-large 10 (a link may hold others). */
const RANDOM_SCALES = [0.01, 10];

/** The select's value for an initialization: 'random' carries its scale ('random:10'). */
function initChoice(init: Initialization, scale: number): string {
  return init === 'random' ? `random:${scale}` : init;
}

function InitField() {
  const s = settings.value;
  const badges = diagnostics.value.filter((d) => d.code === 'symmetricUnits' || d.code === 'vanishingGradients');
  return (
    <div class="field inline" title="How the initial weights are drawn: zeros (every unit stays identical), small random numbers, Xavier (scaled by 1/√n) or He (√(2/n), for ReLU).">
      <label for="init-select">Initialization</label>
      <select
        id="init-select"
        value={initChoice(s.init, s.initScale)}
        onChange={(event) => {
          const [init, scale] = event.currentTarget.value.split(':');
          updateSettings((x) => ({ ...x, init: init as Initialization, ...(scale === undefined ? {} : { initScale: Number(scale) }) }));
        }}
      >
        {INITIALIZATIONS.flatMap((name) =>
          name === 'random'
            ? [...new Set([...RANDOM_SCALES, s.initScale])].map((scale) => (
                <option key={`random:${scale}`} value={`random:${scale}`}>
                  Random (× {scale})
                </option>
              ))
            : [
                <option key={name} value={name}>
                  {INIT_LABELS[name] ?? name}
                </option>,
              ],
        )}
      </select>
      {badges.map((d) => (
        <DiagnosticBadge key={d.key} entry={d} />
      ))}
    </div>
  );
}

