import { formatAccuracy, formatCost, formatIteration } from '../format';
import { accuracy, currentCost, currentIteration, plannedIterations, status, type TrainingStatus } from '../state';

const STATUS_TEXT: Record<TrainingStatus, string> = {
  idle: 'Ready',
  training: 'Training…',
  done: 'Done',
  stopped: 'Stopped',
  error: 'Failed',
};

export function Stats() {
  return (
    <dl class="stats">
      <dt>Status</dt>
      <dd data-testid="status" data-status={status.value} aria-live="polite">
        {STATUS_TEXT[status.value]}
      </dd>
      <dt>Iteration</dt>
      <dd>
        <span data-testid="iteration-value">{formatIteration(currentIteration.value)}</span>
        <span class="muted"> / {plannedIterations.value}</span>
      </dd>
      <dt>Cost</dt>
      <dd data-testid="cost-value">{formatCost(currentCost.value)}</dd>
      <dt>Accuracy</dt>
      <dd data-testid="accuracy-value">{formatAccuracy(accuracy.value)}</dd>
    </dl>
  );
}
