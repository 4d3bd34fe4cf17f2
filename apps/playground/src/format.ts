// How numbers read on the page.

export function formatCost(cost: number | null): string {
  return cost === null ? '—' : cost.toFixed(6);
}

export function formatIteration(iteration: number | null): string {
  return iteration === null ? '—' : String(iteration);
}

/** Accuracy is a fraction in [0, 1]; the page shows it as a percentage. */
export function formatAccuracy(accuracy: number | null): string {
  return accuracy === null ? '—' : `${(accuracy * 100).toFixed(1)}%`;
}
