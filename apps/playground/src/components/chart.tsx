// What the line charts (cost, gradient sizes) share: a width that follows their card, and the
// frame with its grid lines and tick labels. Each chart maps its own values to pixels.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatTick } from '../format';

/** Inner padding of a chart's SVG around its plot area, in pixels. */
export interface ChartPadding {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A ref for the chart's box and its current width (at least `min`), following resizes. */
export function useChartWidth(min = 160) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(320);
  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setWidth(Math.max(min, el.clientWidth)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [min]);
  return { box, width };
}

/** The horizontal grid lines with their labels on the left, the x labels below, and the frame. */
export function ChartFrame(props: { width: number; height: number; pad: ChartPadding; yTicks: number[]; fy: (v: number) => number; xTicks: number[]; fx: (v: number) => number }) {
  const { width, height, pad, yTicks, fy, xTicks, fx } = props;
  return (
    <>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={pad.left} x2={width - pad.right} y1={fy(t)} y2={fy(t)} class="grid" />
          <text x={pad.left - 4} y={fy(t) + 3} text-anchor="end" class="tick">
            {formatTick(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} x={fx(t)} y={height - 5} text-anchor="middle" class="tick">
          {formatTick(t)}
        </text>
      ))}
      <rect x={pad.left} y={pad.top} width={width - pad.left - pad.right} height={height - pad.top - pad.bottom} class="frame" />
    </>
  );
}
