// Core's diagnostics in plain words. The panel lists each once (with core's own message for the
// numbers behind it) and a dismiss button; a small badge next to the control most likely at
// fault points at it, e.g. "cost rising" beside the learning rate.
import { dismissDiagnostic, runError, urlNotices, type DiagnosticEntry } from '../state';

interface Plain {
  /** A few words for the badge. */
  short: string;
  /** What happened and what to try, for a learner. */
  words: (d: DiagnosticEntry) => string;
}

const layerName = (d: DiagnosticEntry) => (d.layer === undefined ? 'a layer' : `layer ${d.layer}`);

const PLAIN: Record<string, Plain> = {
  nonFinite: {
    short: 'diverged',
    words: () => 'The numbers blew up to infinity or NaN: training diverged and was paused. Lower the learning rate, then press Reset.',
  },
  costRising: {
    short: 'cost rising',
    words: () => 'The cost is going up instead of down: the steps overshoot. Try a smaller learning rate.',
  },
  explodingGradients: {
    short: 'huge gradients',
    words: (d) => `The gradients of ${layerName(d)} are huge, so each step jumps far. Try a smaller learning rate.`,
  },
  vanishingGradients: {
    short: 'vanishing gradients',
    words: () => 'The first layer’s gradients are tiny next to the last one’s, so the early layers barely learn. Try ReLU, fewer layers, or Xavier/He initialization.',
  },
  saturatedUnits: {
    short: 'saturated',
    words: (d) => `Almost every unit of ${layerName(d)} sits at its limit (flat part of the activation), where it hardly learns. Try a smaller learning rate or another initialization.`,
  },
  deadRelu: {
    short: 'dead units',
    words: (d) => `Most ReLU units of ${layerName(d)} output 0 for every example ("dead"), so they stop learning. Try Leaky ReLU or a smaller learning rate.`,
  },
  unnormalizedInputs: {
    short: 'inputs not normalized',
    words: () => 'The input features have very different scales, which makes gradient descent slow. Features of similar size train better.',
  },
  stuckAtChance: {
    short: 'stuck at chance',
    words: () => 'After many epochs the accuracy is no better than always guessing the biggest class: the network has not learned yet. Check the learning rate, the initialization and the features.',
  },
  symmetricUnits: {
    short: 'identical units',
    words: (d) => `Every unit of ${layerName(d)} computes the same thing, because they all started with the same weights. Pick a random initialization (Random, Xavier or He) — zeros never break the symmetry.`,
  },
  singleClass: {
    short: 'one class',
    words: () =>
      'Every training example has the same label, so the network can only learn to predict that one class: 100% accuracy means nothing here. Check the label column, or use data with examples of every class.',
  },
  fewExamples: {
    short: 'too few examples',
    words: () => 'There are very few training examples: a network fitted to a handful learns nothing that carries over to new points. Draw or upload more points, or raise the ratio of training data.',
  },
  vanishingInputs: {
    short: 'inputs all ≈ 0',
    words: () => 'Every input is so close to 0 that the network sees the same thing for every example and cannot tell them apart. Rescale the data’s columns: values around −1 to 1 train best.',
  },
  noProgress: {
    short: 'not learning',
    words: () => 'The weights have hardly moved since training started (or since the learning rate last changed): each step is far too small to change anything. Try a larger learning rate (0.001 to 1).',
  },
  overfitting: {
    short: 'overfitting',
    words: () => 'The test cost is rising while the train cost keeps falling: the network is memorizing the training data. Try L2 regularization, dropout, or a smaller network.',
  },
};

function plainOf(d: DiagnosticEntry): Plain {
  return PLAIN[d.code] ?? { short: d.code, words: () => d.message };
}

const entryId = (d: DiagnosticEntry) => `diag-${d.key.replace(/[^a-z0-9]/gi, '-')}`;

/** The badge beside a control: a short name, its full text on hover, pointing at the panel entry. */
export function DiagnosticBadge({ entry }: { entry: DiagnosticEntry }) {
  const plain = plainOf(entry);
  return (
    <span class={`badge ${entry.level}`} title={plain.words(entry)} aria-describedby={entryId(entry)}>
      ⚠ {plain.short}
    </span>
  );
}

export function Diagnostics({ entries }: { entries: DiagnosticEntry[] }) {
  const error = runError.value;
  const empty = entries.length === 0 && error === null;
  return (
    <section class="panel diagnostics" data-testid="diagnostics" aria-label="Diagnostics" aria-live="polite">
      <h2>Diagnostics</h2>
      {empty && <p class="muted">Nothing to report: core checks the data before training and watches the run for divergence, rising cost, dead or saturated units, symmetry, overfitting and weights that do not move.</p>}
      {error !== null && (
        <div class="diag error" role="alert">
          <span class="diag-text">
            {error.kind === 'divergence' ? 'Training diverged (the cost became infinite or NaN) and was paused. Lower the learning rate and press Reset.' : error.kind === 'settings' ? 'These settings were refused:' : 'Something failed:'}
            <span class="core-message">{error.message}</span>
          </span>
          <button type="button" class="small" aria-label="Dismiss the error" onClick={() => (runError.value = null)}>
            ✕
          </button>
        </div>
      )}
      {entries.map((d) => {
        const plain = plainOf(d);
        return (
          <div key={d.key} id={entryId(d)} class={`diag ${d.level}`}>
            <span class="diag-text">
              <strong>{plain.short[0]!.toUpperCase() + plain.short.slice(1)}</strong> (epoch {d.epoch ?? d.iteration}): {plain.words(d)}
              <span class="core-message" title="core's own message">{d.message}</span>
            </span>
            <button type="button" class="small" aria-label={`Dismiss: ${plain.short}`} onClick={() => dismissDiagnostic(d.key)}>
              ✕
            </button>
          </div>
        );
      })}
    </section>
  );
}

/** The link's refused values, one line each, under the top bar until dismissed. */
export function UrlNotices() {
  const notices = urlNotices.value;
  if (notices.length === 0) return null;
  return (
    <div class="notices" role="status">
      {notices.map((notice, k) => (
        <div key={notice} class="diag warning">
          <span class="diag-text">{notice}</span>
          <button type="button" class="small" aria-label="Dismiss the notice" onClick={() => (urlNotices.value = urlNotices.value.filter((_, i) => i !== k))}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
