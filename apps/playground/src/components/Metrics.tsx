// Train and test cost (4 significant digits) and accuracy, from the latest snapshot.
import { formatAccuracy, formatCost } from '../format';
import { snapshot } from '../state';

export function Metrics() {
  const shot = snapshot.value;
  const cell = (label: string, testId: string, value: string, tip: string) => (
    <div class="metric" title={tip}>
      <span class="metric-label">{label}</span>
      <span class="metric-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  return (
    <div class="metrics" aria-live="off">
      {cell('Train cost', 'train-cost', shot === null ? '' : formatCost(shot.trainCost), 'The cost J on the training examples: what gradient descent lowers.')}
      {cell('Test cost', 'test-cost', shot === null ? '' : formatCost(shot.testCost), 'The same cost on the held-out test examples: how well the network generalizes.')}
      {cell('Train accuracy', 'train-accuracy', shot === null ? '' : formatAccuracy(shot.trainAccuracy), 'The share of training examples classified correctly (— for regression).')}
      {cell('Test accuracy', 'test-accuracy', shot === null ? '' : formatAccuracy(shot.testAccuracy), 'The share of test examples classified correctly (— for regression).')}
    </div>
  );
}
