import { plotFrame } from '../plotGrid';
import { boundary, dataset } from '../state';

const CLASS_NAMES = ['red', 'blue'];

/** The dataset's points coloured by class, over the predicted class of a coarse grid once trained. */
export function DatasetPlot() {
  const points = dataset.value;
  if (points === null) {
    return <p class="plot-placeholder">Loading the dataset…</p>;
  }
  const { viewBox, pointRadius } = plotFrame(points.bounds);
  const grid = boundary.value;

  return (
    <figure class="plot">
      <figcaption>Planar flower dataset{grid === null ? '' : ' and decision boundary'}</figcaption>
      <svg data-testid="dataset-plot" viewBox={viewBox} role="img" aria-label="Dataset points coloured by class">
        <g transform="scale(1 -1)">
          {grid !== null && (
            <g data-testid="decision-boundary" shape-rendering="crispEdges">
              {grid.cells.map((cell, k) => (
                <rect
                  key={k}
                  x={cell.x}
                  y={cell.y}
                  width={grid.cellWidth}
                  height={grid.cellHeight}
                  class={`cell cell-${CLASS_NAMES[cell.label]}`}
                />
              ))}
            </g>
          )}
          {points.x.map((x, k) => (
            <circle key={k} cx={x} cy={points.y[k]} r={pointRadius} class={`point point-${CLASS_NAMES[points.label[k]]}`} />
          ))}
        </g>
      </svg>
    </figure>
  );
}
