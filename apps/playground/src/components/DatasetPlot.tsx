import { datasetLabel } from '../config';
import { boundary, dataset, selectedDataset } from '../state';
import { plotFrame } from '../plotGrid';

const CLASS_NAMES = ['red', 'blue'];

/**
 * The dataset's points coloured by class (test points hollow), over the predicted class of a
 * coarse grid once the network has been evaluated.
 */
export function DatasetPlot() {
  const points = dataset.value;
  if (points === null) {
    return <p class="plot-placeholder">Loading the dataset…</p>;
  }
  const { viewBox, pointRadius, pointStroke } = plotFrame(points.bounds);
  const grid = boundary.value;
  const info = selectedDataset.value;
  const testCount = points.test.filter(Boolean).length;

  return (
    <figure class="plot">
      <figcaption>
        {info === undefined ? 'Dataset' : `${datasetLabel(info.name)} dataset`}
        {grid === null ? '' : ' and decision boundary'}
        <span class="muted">
          {' '}
          · {points.x.length - testCount} train (filled), {testCount} test (hollow)
        </span>
      </figcaption>
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
            <circle
              key={k}
              cx={x}
              cy={points.y[k]}
              r={pointRadius}
              stroke-width={pointStroke}
              class={`point point-${CLASS_NAMES[points.label[k]]} ${points.test[k] ? 'point-test' : 'point-train'}`}
            />
          ))}
        </g>
      </svg>
    </figure>
  );
}
