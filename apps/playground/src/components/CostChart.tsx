import { formatCost } from '../format';
import { plotFrame } from '../plotGrid';
import { costCeiling, costHistory, hasTestCosts, plannedSteps, runUnit } from '../state';

/**
 * Recorded cost against iteration (or epoch). The SVG works in data coordinates (x = step,
 * y = cost, flipped so cost rises upwards), so the polylines' points are the recorded values themselves.
 */
export function CostChart() {
  const history = costHistory.value;
  const ceiling = costCeiling.value;
  const { viewBox } = plotFrame({ xMin: 0, xMax: plannedSteps.value, yMin: 0, yMax: ceiling });
  const trainPoints = history.map((record) => `${record.step},${record.cost}`).join(' ');
  const testPoints = history
    .filter((record) => record.testCost !== undefined)
    .map((record) => `${record.step},${record.testCost}`)
    .join(' ');

  return (
    <figure class="chart">
      <figcaption>
        Cost <span class="legend legend-train">train</span>
        {hasTestCosts.value && <span class="legend legend-test">test</span>}
      </figcaption>
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
          aria-label={`Cost over ${history.length} recorded ${runUnit.value}s`}
        >
          <g transform="scale(1 -1)">
            <polyline
              data-testid="test-cost-line"
              points={testPoints}
              fill="none"
              class="cost-line cost-line-test"
              vector-effect="non-scaling-stroke"
            />
            <polyline
              data-testid="train-cost-line"
              points={trainPoints}
              fill="none"
              class="cost-line cost-line-train"
              vector-effect="non-scaling-stroke"
            />
          </g>
        </svg>
        <div class="x-axis">
          <span>0</span>
          <span>
            {runUnit.value} {plannedSteps.value}
          </span>
        </div>
      </div>
    </figure>
  );
}
