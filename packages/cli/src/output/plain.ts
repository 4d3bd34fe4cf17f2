import type { Io } from '../command';
import { NO_PHASE, type PhaseFactory } from './phase';
import { formatCost, formatElapsed, formatHeader, formatScores, formatWarning } from './format';
import type { Scores, TrainingOutcome, TrainingReporter } from './reporter';

const line = (stream: { write(text: string): unknown }) => (text: string) => stream.write(`${text}\n`);

/** Plain log lines (not a terminal): the header, the course's cost lines, the result. Warnings on stderr. */
export function textReporter(io: Io, phases: PhaseFactory): TrainingReporter {
  const out = line(io.stdout);
  return {
    start: (run) => out(formatHeader(run)),
    progress: (record) => out(formatCost(record)),
    step: () => {},
    warning: (warning) => line(io.stderr)(formatWarning(warning)),
    notice: (text) => out(text),
    phase: phases,
    finish: (outcome) => {
      for (const text of resultLines(outcome)) out(text);
      if (outcome.model !== undefined) out(`Model saved to ${outcome.model}`);
      out(formatElapsed(outcome.elapsedSeconds));
    },
  };
}

/** `--quiet`: only the result lines on stdout; warnings still go to stderr. */
export function quietReporter(io: Io): TrainingReporter {
  const out = line(io.stdout);
  return {
    start: () => {},
    progress: () => {},
    step: () => {},
    warning: (warning) => line(io.stderr)(formatWarning(warning)),
    notice: (text) => line(io.stderr)(text),
    phase: () => NO_PHASE,
    finish: (outcome) => {
      for (const text of resultLines(outcome)) out(text);
    },
  };
}

/** The accuracy (or regression errors) on the training set, then on the test set. */
export function resultLines(outcome: TrainingOutcome): string[] {
  const lines = [formatScores(outcome.train, 'train')];
  if (outcome.test) lines.push(formatScores(outcome.test, 'test'));
  if (outcome.stopReason === 'earlyStopping') lines.push(`Stopped early after ${outcome.iterations} updates: the validation cost stopped improving`);
  return lines;
}

/**
 * `--json`: stdout holds only JSON Lines (progress, warning, result objects); anything for people
 * goes to stderr.
 */
export function jsonReporter(io: Io, phases: PhaseFactory): TrainingReporter {
  const out = (value: unknown) => io.stdout.write(`${JSON.stringify(value)}\n`);
  return {
    start: () => {},
    progress: (record) => {
      const where = record.epoch !== undefined ? { epoch: record.epoch } : { iteration: record.iteration };
      out({ type: 'progress', ...where, cost: record.cost, ...(record.validation ? { validation: jsonScores(record.validation) } : {}) });
    },
    step: () => {},
    warning: (warning) => out({ type: 'warning', ...warning }),
    notice: (text) => line(io.stderr)(text),
    phase: phases,
    finish: (outcome) => {
      out({
        type: 'result',
        train: jsonScores(outcome.train),
        ...(outcome.test ? { test: jsonScores(outcome.test) } : {}),
        ...(outcome.model !== undefined ? { model: outcome.model } : {}),
        stopReason: outcome.stopReason,
        iterations: outcome.iterations,
        elapsedSeconds: outcome.elapsedSeconds,
      });
    },
  };
}

/** Scores without the fields that do not apply (accuracy is NaN for regression: left out, not null). */
export function jsonScores(scores: Scores | { cost: number; accuracy: number }): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).filter(([, value]) => typeof value === 'number' && Number.isFinite(value)));
}
