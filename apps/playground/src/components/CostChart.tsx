import { formatCost } from '../format';
import { plotFrame } from '../plotGrid';
import { costCeiling, costHistory, plannedIterations } from '../state';

/**
 * Recorded cost against iteration. The SVG works in data coordinates (x = iteration, y = cost,
 * flipped so cost rises upwards), so the polyline's points are the recorded values themselves.
 */
export function CostChart() {
  const history = costHistory.value;
  const ceiling = costCeiling.value;
  const { viewBox } = plotFrame({ xMin: 0, xMax: plannedIterations.value, yMin: 0, yMax: ceiling });
  const points = history.map((record) => `${record.iteration},${record.cost}`).join(' ');

  return (
    <figure class="chart">
      <figcaption>Cost</figcaption>
      <div class="chart-body">
        <div class="y-axis">
          <span>{formatCost(history.length > 0 ? ceiling : null)}</span>
          <span>0</span>
        </div>
        <svg
          class="cost-chart"
          data-testid="cost-chart"
          data-point-count={history.length}
          viewBox={viewBox}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Cost over ${history.length} recorded iterations`}
        >
          <g transform="scale(1 -1)">
            <polyline points={points} fill="none" class="cost-line" vector-effect="non-scaling-stroke" />
          </g>
        </svg>
        <div class="x-axis">
          <span>0</span>
          <span>iteration {plannedIterations.value}</span>
        </div>
      </div>
    </figure>
  );
}
