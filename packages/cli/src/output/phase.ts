import type { Io } from '../command';
import { formatDuration } from './format';
import { bar, percentLabel } from './progress-bar';
import { slowProgress } from './slow-progress';
import type { Phase, ProgressUnit } from './reporter';
import { colorEnabled, createStyle, terminalWidth, type Style } from './style';

/*
 * Progress of a phase outside the training steps (reading the data, the final evaluation), always
 * on stderr (never on stdout, which --json keeps for JSON). On a terminal it is one live line from
 * the first report, redrawn in place and erased when the phase ends (see renderPhase).
 * Elsewhere (a log file, a pipe) it is slowProgress's plain lines: none for a phase under a
 * second, then at most one a second.
 */

/** Starts a phase's progress for `label` (`reading train.csv`). */
export type PhaseFactory = (label: string, unit: ProgressUnit) => Phase;

/** Redraw a live line or bar at most this often (ms): drawing every step would cost more than a small step. */
export const REDRAW_MS = 100;

export const NO_PHASE: Phase = { update: () => {}, end: () => {} };

/** Phases on `io.stderr`: a live line when it is a terminal, plain lines after a second otherwise. */
export function stderrPhases(io: Io, env: Record<string, string | undefined>, now: () => number = () => performance.now()): PhaseFactory {
  const stream = io.stderr;
  if (stream.isTTY !== true) {
    return (label) => {
      const report = slowProgress((text) => stream.write(`${text}\n`), label, now);
      return { update: report, end: () => {} };
    };
  }
  const style = createStyle(colorEnabled(true, env));
  return (label, unit) => livePhase((text) => stream.write(text), label, unit, { width: terminalWidth(stream, env), style, now });
}

/** The live line of one phase, written through `write` (a terminal). */
export function livePhase(write: (text: string) => void, label: string, unit: ProgressUnit, display: { width: number; style: Style; now: () => number }): Phase {
  let lastDraw = -Infinity;
  let shown = false;
  let ended = false;
  // The rate is measured over the current pass (a CSV file's second pass, which parses, is slower).
  // The second starts where the first ended: at the report before the first one past half-way.
  let pass = { number: 1, time: display.now(), done: 0 };
  let previousTime = pass.time;
  return {
    update: (done, total) => {
      const time = display.now();
      const number = unit === 'bytes' && done > total / 2 ? 2 : 1;
      // (Back to the first pass when a caller reads the file again.)
      if (number !== pass.number) pass = number === 2 ? { number, time: previousTime, done: total / 2 } : { number, time, done: 0 };
      previousTime = time;
      // Redrawn at most every REDRAW_MS; a phase that ends at its first report draws nothing.
      if (ended || done >= total || time - lastDraw < REDRAW_MS) return;
      lastDraw = time;
      shown = true;
      const seconds = (time - pass.time) / 1000;
      const rate = seconds > 0 && done > pass.done ? (done - pass.done) / seconds : Number.NaN;
      write(`\r\x1b[2K${renderPhase(label, unit, { done, total, rate }, display.width - 1, display.style)}`);
    },
    end: () => {
      if (shown && !ended) write('\r\x1b[2K');
      ended = true;
    },
  };
}

/** Where a phase is: `done` of `total` (in its unit), and the units per second of the current pass. */
interface PhaseState {
  done: number;
  total: number;
  rate: number;
}

/**
 * `reading big.csv   72% ████████░░░  pass 2/2, 130.0/287.0 MB  54.1 MB/s  ETA 2.9s` or
 * `evaluating on the test set   40% ████░░░░░░  400.0k/1.00M examples  152.3k/s  ETA 3.9s` within
 * `width` columns: the bar shrinks, then goes, then the line is cut. A CSV file's first pass only
 * counts lines: it has no ETA, since the second pass's speed is not known yet.
 */
export function renderPhase(label: string, unit: ProgressUnit, state: PhaseState, width: number, style: Style): string {
  const { done, total, rate } = state;
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const secondPass = unit === 'bytes' && done > total / 2;
  const eta = unit === 'examples' || secondPass ? (total - done) / rate : Number.NaN;
  const parts = [
    unit === 'bytes' ? bytesRead(done, total) : `${count(done)}/${count(total)} examples`,
    Number.isFinite(rate) ? (unit === 'bytes' ? `${megabytes(rate)} MB/s` : `${count(rate)}/s`) : '',
    Number.isFinite(eta) ? `ETA ${formatDuration(eta)}` : '',
  ];
  const tail = parts.filter((part) => part !== '').join('  ');
  const head = `${label} ${percentLabel(fraction)}`;
  const room = width - head.length - tail.length - 3;
  if (room < 10) return `${head}  ${tail}`.slice(0, Math.max(0, width));
  return `${head} ${bar(fraction, room, style)}  ${tail}`;
}

/** `pass 1/2, 120.4/286.0 MB`: core counts each byte of a CSV file once per pass. */
function bytesRead(done: number, total: number): string {
  const size = total / 2;
  const pass = done <= size ? 1 : 2;
  return `pass ${pass}/2, ${megabytes(pass === 1 ? done : done - size)}/${megabytes(size)} MB`;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** `9,999`, `43.2k`, `1.00M`: short enough for an 80-column line. */
function count(value: number): string {
  if (value < 1e4) return Math.round(value).toLocaleString('en-US');
  if (value < 1e6) return `${(value / 1e3).toFixed(1)}k`;
  return `${(value / 1e6).toFixed(2)}M`;
}

/** Runs `work` with a phase's progress, ending the phase (erasing its live line) however work ends. */
export async function withPhase<T>(phase: Phase, work: (onProgress: (done: number, total: number) => void) => T | Promise<T>): Promise<T> {
  try {
    return await work((done, total) => phase.update(done, total));
  } finally {
    phase.end();
  }
}
