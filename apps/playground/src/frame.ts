// Coalesces drawing: every view asks to be painted with `onNextFrame`, and all requests made before
// the next animation frame run once in it. However many snapshots arrive in between, each canvas
// is painted at most once per frame.
const queued = new Set<() => void>();
let handle: number | null = null;

function flush(): void {
  handle = null;
  const jobs = [...queued];
  queued.clear();
  for (const job of jobs) job();
}

export function onNextFrame(job: () => void): void {
  queued.add(job);
  if (handle === null) handle = requestAnimationFrame(flush);
}

export function cancelFrameJob(job: () => void): void {
  queued.delete(job);
}
