import { formatAccuracy, formatCost, formatIteration } from '../format';
import {
  currentEpoch,
  currentIteration,
  latestRecord,
  plannedSteps,
  runError,
  runUnit,
  status,
  testAccuracy,
  trainAccuracy,
  type TrainingStatus,
} from '../state';

const STATUS_TEXT: Record<TrainingStatus, string> = {
  idle: 'Ready',
  training: 'Training…',
  paused: 'Paused',
  done: 'Done',
  stopped: 'Stopped',
  error: 'Failed',
};

export function Stats() {
  const byEpoch = runUnit.value === 'epoch';
  const latest = latestRecord.value;
  const diverged = status.value === 'error' && runError.value?.kind === 'divergence';
  return (
    <dl class="stats">
      <dt>Status</dt>
      <dd data-testid="status" data-status={status.value} aria-live="polite" class={status.value === 'error' ? 'status-error' : ''}>
        {diverged ? 'Diverged' : STATUS_TEXT[status.value]}
      </dd>
      <dt>Iteration</dt>
      <dd>
        <span data-testid="iteration-value">{formatIteration(currentIteration.value)}</span>
        {!byEpoch && <span class="muted"> / {plannedSteps.value}</span>}
      </dd>
      {byEpoch && (
        <>
          <dt>Epoch</dt>
          <dd>
            <span data-testid="epoch-value">{formatIteration(currentEpoch.value)}</span>
            <span class="muted"> / {plannedSteps.value}</span>
          </dd>
        </>
      )}
      <dt>Cost</dt>
      <dd data-testid="cost-value">{formatCost(latest?.cost ?? null)}</dd>
      <dt>Test cost</dt>
      <dd data-testid="test-cost-value">{formatCost(latest?.testCost ?? null)}</dd>
      <dt>Accuracy</dt>
      <dd data-testid="accuracy-value">{formatAccuracy(trainAccuracy.value)}</dd>
      <dt>Test accuracy</dt>
      <dd data-testid="test-accuracy-value">{formatAccuracy(testAccuracy.value)}</dd>
    </dl>
  );
}
