// The Draw tool: your own points, drawn on the output plot. `DrawTools` is its row of buttons (Draw
// on or off, the class or value to draw, Erase, Clear); `DrawLayer` lies over the plot while the
// tool is on and turns clicks, drags and taps into points (a drag adds a spaced stroke; Erase
// removes drawn points under the pointer: only those, which the plot rings on top of a dataset,
// since the dataset's own points are the generator's). While the tool is off the layer is not there, so a
// click reaches the plot itself. The drawing is the page's list of points (state.ts `drawn`); the
// client sends it with every configure and the worker joins it to the data, so a new drawing is a
// new run at epoch 0 and it survives a change of the network, the learning rate or a reset.
import { useEffect, useRef, useState } from 'preact/hooks';
import { emptyDrawing, ERASER_RADIUS_PX, MAX_STROKE_POINTS, planeAt, pointsPerClass, STROKE_SPACING_PX, withoutPointsNear, withPoints, type PlanePoint } from '../drawing';
import { MAX_DRAWN_POINTS, type DataPoints, type PlotBounds } from '../protocol';
import { data, drawn, drawTool, settings, untrainable, uploaded } from '../state';

/** Why the tool is off limits for the current data, or null when points can be drawn. */
function drawingRefused(points: DataPoints | null): string | null {
  if (points === null) return 'The data is being built';
  if (points.columns !== undefined) return `Drawing needs data of two features: this data has ${points.columns.names.length}, and a point drawn on the plot would leave the others unknown`;
  return null;
}

/** Turns the tool off (Escape, or the Draw button). */
function leaveTool(): void {
  drawTool.value = { ...drawTool.value, on: false };
}

/** Over the plot while the tool is on: pointer positions become points of the chosen class, or erase. */
export function DrawLayer({ bounds, color }: { bounds: PlotBounds; color: (y: number) => string }) {
  const tool = drawTool.value;
  const layer = useRef<HTMLDivElement>(null);
  const [stroke, setStroke] = useState<{ points: PlanePoint[]; px: [number, number][] } | null>(null);
  const [pointer, setPointer] = useState<[number, number] | null>(null);
  const refused = drawingRefused(data.value);
  if (!tool.on || refused !== null) return null;

  const where = (event: PointerEvent) => {
    const rect = layer.current!.getBoundingClientRect();
    const px: [number, number] = [event.clientX - rect.left, event.clientY - rect.top];
    return { px, plane: planeAt(bounds, px[0] / rect.width, px[1] / rect.height), side: rect.width };
  };
  const erase = (event: PointerEvent) => {
    const current = drawn.value;
    if (current === null) return;
    const { plane, side } = where(event);
    const next = withoutPointsNear(current, plane, (ERASER_RADIUS_PX / side) * (bounds.xMax - bounds.xMin));
    if (next !== current) drawn.value = next;
  };
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.preventDefault();
    layer.current!.setPointerCapture(event.pointerId);
    if (tool.erase) return erase(event);
    const { px, plane } = where(event);
    setStroke({ points: [plane], px: [px] });
  };
  const onPointerMove = (event: PointerEvent) => {
    const { px, plane } = where(event);
    setPointer(px);
    if (event.buttons === 0) return;
    if (tool.erase) return erase(event);
    if (stroke === null || stroke.points.length >= MAX_STROKE_POINTS) return;
    const last = stroke.px[stroke.px.length - 1]!;
    if (Math.hypot(px[0] - last[0], px[1] - last[1]) < STROKE_SPACING_PX) return;
    setStroke({ points: [...stroke.points, plane], px: [...stroke.px, px] });
  };
  const finish = () => {
    if (stroke === null) return;
    drawn.value = withPoints(drawn.value, stroke.points, tool.value);
    setStroke(null);
  };
  return (
    <div
      class={`draw-layer ${tool.erase ? 'erasing' : ''}`}
      ref={layer}
      data-testid="draw-layer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={finish}
      onPointerCancel={finish}
      onPointerLeave={() => setPointer(null)}
    >
      <svg aria-hidden="true">
        {stroke?.px.map(([x, y], k) => (
          <circle key={k} cx={x} cy={y} r={4} fill={color(tool.value)} stroke="rgba(20,20,20,0.75)" />
        ))}
        {tool.erase && pointer !== null && <circle cx={pointer[0]} cy={pointer[1]} r={ERASER_RADIUS_PX} fill="rgba(255,255,255,0.35)" stroke="#1f2328" stroke-dasharray="3 2" />}
      </svg>
    </div>
  );
}

/** The tool's buttons: Draw (a toggle), one per class (or a value for regression), Erase, Clear; and why it cannot train yet. */
export function DrawTools({ color }: { color: (y: number) => string }) {
  const tool = drawTool.value;
  const points = data.value;
  const own = drawn.value;
  const refused = drawingRefused(points);
  const problem = settings.value.problem;
  const classes = points?.classes ?? 0;
  const names = uploaded.value?.classNames ?? [];
  const count = own?.x1.length ?? 0;
  const notice = untrainable.value;

  // Escape leaves the tool, wherever the focus is. Listening for the component's whole life (not
  // only while the tool is on) means an Escape pressed right after turning the tool on, before an
  // effect could run, is not lost.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && drawTool.value.on) leaveTool();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  // A class the data no longer has (fewer classes after a change) is drawn as class 0.
  useEffect(() => {
    if (problem !== 'regression' && tool.value >= Math.max(classes, 1)) drawTool.value = { ...tool, value: 0 };
  }, [problem, classes]);

  // With nothing (left) to erase, the pointer draws again: Erase is only offered while there are drawn points.
  useEffect(() => {
    if (count === 0 && tool.erase) drawTool.value = { ...drawTool.value, erase: false };
  }, [count, tool.erase]);

  const set = (patch: Partial<typeof tool>) => (drawTool.value = { ...drawTool.value, ...patch });
  const middle = points === null ? 0 : (points.yMin + points.yMax) / 2;
  return (
    <div class="draw-tools" role="toolbar" aria-label="Draw points">
      <button
        type="button"
        class="draw-toggle"
        aria-pressed={tool.on}
        disabled={refused !== null}
        title={refused ?? (tool.on ? 'Stop drawing (Escape): clicks on the plot no longer add points' : 'Draw your own points on the plot: click to add one, drag for a stroke; each drawing trains as new data from epoch 0')}
        onClick={() => (tool.on ? leaveTool() : set({ on: true, ...(problem === 'regression' && !tool.on ? { value: middle } : {}) }))}
      >
        ✎ Draw
      </button>
      {tool.on && problem !== 'regression' && (
        <span class="draw-classes" role="group" aria-label="Class to draw">
          {Array.from({ length: classes }, (_, k) => {
            const name = names[k] ?? `class ${k}`;
            const chosen = !tool.erase && tool.value === k;
            return (
              <button key={k} type="button" aria-pressed={chosen} title={`Draw points of ${name}`} onClick={() => set({ value: k, erase: false })}>
                <span class="swatch" style={{ background: color(k) }} aria-hidden="true" /> {name}
              </button>
            );
          })}
        </span>
      )}
      {tool.on && problem === 'regression' && (
        <label class="draw-value" title="The value (target y) of the points you draw">
          Value
          <input
            type="number"
            step="any"
            value={Number.isFinite(tool.value) ? tool.value : 0}
            onInput={(event) => {
              const value = Number(event.currentTarget.value);
              if (event.currentTarget.value !== '' && Number.isFinite(value)) set({ value, erase: false });
            }}
          />
          <span class="swatch" style={{ background: color(tool.value) }} aria-hidden="true" />
        </label>
      )}
      {tool.on && count > 0 && (
        <button
          type="button"
          aria-pressed={tool.erase}
          title={
            own?.blank === true
              ? 'Erase: click or drag over points to remove them'
              : "Erase: click or drag over the points you drew (the ringed ones) to remove them; the dataset's own points stay (Regenerate draws new ones)"
          }
          onClick={() => set({ erase: !tool.erase })}
        >
          Erase
        </button>
      )}
      {count > 0 && (
        <button
          type="button"
          title={own?.blank === true ? 'Remove every drawn point' : "Remove every point you drew; the dataset's own points stay"}
          onClick={() => (drawn.value = own?.blank === true ? emptyDrawing(true) : null)}
        >
          Clear
        </button>
      )}
      <span class="draw-status small-text muted" data-testid="draw-status">
        {drawStatus(tool.on, count, own?.blank === true, problem === 'regression' ? null : pointsPerClass(own, classes))}
      </span>
      {notice !== null && (
        <p class="small-text draw-notice" role="status" data-testid="draw-notice">
          {notice}.
        </p>
      )}
    </div>
  );
}

/** One line on the drawing: how many points (per class), where they go, and the limit when it is near. */
function drawStatus(on: boolean, count: number, blank: boolean, perClass: number[] | null): string {
  if (count === 0) return on ? (blank ? 'Click or drag on the blank plane to draw points' : 'Click or drag on the plot to add points to the data') : '';
  const split = perClass === null ? '' : ` (${perClass.join(' / ')})`;
  const full = count >= MAX_DRAWN_POINTS ? `, the most the tool keeps` : '';
  return `${count} drawn${split}${full}${blank ? ' on a blank plane' : ''}; not in the link`;
}
