// The math panel's card: a toggle, and while open the content (MathBody, its own chunk, loaded on
// the first opening so the page's first script does not carry it). Closed, it costs nothing: the
// worker computes the panel's report only while it is open.
import { effect } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { MathReport, Snapshot } from '../protocol';
import { historyVersion, mathOpen, mathReport, snapshot, topology } from '../state';

type Body = typeof import('./MathBody').MathBody;
let loading: Promise<Body> | null = null;

/**
 * Shortest time between two refreshes of the card while training. Each refresh lays out and
 * paints a large card; numbers changing faster than this cannot be read anyway, and at 60 per
 * second the card alone slowed the page's frames two- to threefold on a loaded machine.
 */
export const MATH_REFRESH_MS = 150;

/**
 * The report, its snapshot and the chart points' version, taken from the signals at most every
 * MATH_REFRESH_MS (the first at once).
 */
function useShownReport(open: boolean): { report: MathReport | null; shot: Snapshot | null; version: number } {
  const [shown, setShown] = useState(() => ({ report: mathReport.peek(), shot: snapshot.peek(), version: historyVersion.peek() }));
  useEffect(() => {
    // Closed, the card shows no numbers: nothing to follow.
    if (!open) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = -Infinity;
    const take = () => {
      timer = null;
      last = performance.now();
      setShown({ report: mathReport.peek(), shot: snapshot.peek(), version: historyVersion.peek() });
    };
    const stop = effect(() => {
      void mathReport.value;
      void historyVersion.value;
      if (timer === null) timer = setTimeout(take, Math.max(0, last + MATH_REFRESH_MS - performance.now()));
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [open]);
  return shown;
}

/** The layout where the cards stand in one column (styles.css's phone rules). */
const ONE_COLUMN = '(max-width: 640px)';

/**
 * Opens the panel. In the phone's one column it sits at the foot of a long page, where opening it
 * (or tapping a point to follow) would show nothing: there it is also scrolled up to just under
 * the sticky plot card, so the tap visibly leads somewhere and the plot stays in reach.
 */
export function revealMath(): void {
  mathOpen.value = true;
  if (!window.matchMedia(ONE_COLUMN).matches) return;
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  // After the render that opens it.
  requestAnimationFrame(() => {
    const panel = document.getElementById('math-panel');
    if (panel === null) return;
    const under = document.querySelector('.plot-card')?.getBoundingClientRect().bottom ?? 0;
    window.scrollTo({ top: window.scrollY + panel.getBoundingClientRect().top - under - 6, behavior: smooth ? 'smooth' : 'auto' });
  });
}

export function MathPanel() {
  const open = mathOpen.value;
  const { report, shot, version } = useShownReport(open);
  const L = topology.value === null ? 0 : topology.value.layers.length - 1;
  const [body, setBody] = useState<{ Body: Body } | { error: string } | null>(null);
  useEffect(() => {
    if (!open || body !== null) return;
    loading ??= import('./MathBody').then((module) => module.MathBody);
    loading.then(
      (Body) => setBody({ Body }),
      (error: unknown) => {
        loading = null;
        setBody({ error: `The math panel could not load: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
  }, [open, body]);
  let content = null;
  if (open) {
    if (body !== null && 'error' in body) content = <p class="small-text tool-error" role="alert">{body.error}</p>;
    else if (body === null || report === null || report.layers.length !== L) content = <p class="small-text muted">Computing…</p>;
    else content = <body.Body report={report} shot={shot} version={version} />;
  }
  return (
    <section class="panel math-panel" id="math-panel" aria-label="The math">
      <div class="plot-head">
        <h2>The math</h2>
        <span class="plot-caption">the course’s equations with this network’s shapes</span>
        <button
          type="button"
          class="math-toggle"
          aria-expanded={open}
          onClick={() => {
            if (body !== null && 'error' in body) setBody(null);
            if (open) mathOpen.value = false;
            else revealMath();
          }}
          title="The forward and backward equations of a layer with live shapes, one point through the network, and each layer’s gradient size"
        >
          {open ? 'Hide the math' : 'Show the math'}
        </button>
      </div>
      {content}
    </section>
  );
}
