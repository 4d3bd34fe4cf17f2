/** Nothing is shown for a phase shorter than this (ms): a quick load stays silent. */
export const PROGRESS_DELAY_MS = 1000;

/** At most one line this often (ms) once shown. */
export const PROGRESS_EVERY_MS = 1000;

/**
 * Progress of a long silent phase (reading a large file, the final evaluation) as lines for
 * `write` (a phase's plain lines off a terminal, on stderr: never --json's stdout): `loading train.csv: 42%`.
 * The first line comes only after PROGRESS_DELAY_MS, then at most one per PROGRESS_EVERY_MS, and
 * a closing 100% line when anything was shown.
 */
export function slowProgress(write: (text: string) => void, label: string, now: () => number = () => performance.now()): (done: number, total: number) => void {
  const started = now();
  let last = -Infinity;
  let shown = false;
  return (done, total) => {
    const time = now();
    const finished = done >= total;
    if (time - started < PROGRESS_DELAY_MS || (!finished && time - last < PROGRESS_EVERY_MS) || (finished && !shown)) return;
    last = time;
    shown = true;
    write(`${label}: ${total > 0 ? Math.floor((100 * done) / total) : 100}%`);
  };
}
