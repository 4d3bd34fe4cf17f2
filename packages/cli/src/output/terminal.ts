import type { Io } from '../command';
import { renderBoundary } from './boundary';
import { renderChart } from './chart';
import { formatCost, formatDuration, formatHeader, formatWarning, percent } from './format';
import { resultLines } from './plain';
import { REDRAW_MS, type PhaseFactory } from './phase';
import { renderBar } from './progress-bar';
import type { CostRecord, RunDescription, TrainingOutcome, TrainingReporter } from './reporter';
import type { Style } from './style';
import { renderTable } from './table';

/**
 * On a terminal: the header, a progress bar with ETA redrawn in place (cost lines scroll above it),
 * then a cost chart, the decision boundary for 2-D classification data and a summary table.
 */
export function terminalReporter(io: Io, style: Style, width: number, phases: PhaseFactory, now: () => number = () => performance.now()): TrainingReporter {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  let run: RunDescription | undefined;
  let started = now();
  let lastDraw = -Infinity;
  let barShown = false;
  let lastRecord: CostRecord | undefined;
  /** The last step: updates taken in total (a resumed run's included), its epoch and cost. */
  let latest = { steps: 0, epoch: undefined as number | undefined, cost: undefined as number | undefined };

  const clearBar = () => {
    if (barShown) io.stdout.write('\r\x1b[2K');
    barShown = false;
  };
  const drawBar = () => {
    if (!run) return;
    const position =
      run.mode === 'iterations'
        ? `iteration ${latest.steps}/${run.total}`
        : `epoch ${Math.min(run.total, (latest.epoch ?? 0) + 1)}/${run.total}`;
    // The ETA counts only this session's steps: a resumed run's earlier steps took no time here.
    const resumedSteps = run.resumed?.steps ?? 0;
    io.stdout.write(
      `\r\x1b[2K${renderBar(
        {
          steps: latest.steps - resumedSteps,
          totalSteps: run.totalSteps - resumedSteps,
          position,
          ...(latest.cost !== undefined ? { cost: latest.cost } : {}),
          ...(lastRecord?.validation ? { validationAccuracy: lastRecord.validation.accuracy } : {}),
          elapsedSeconds: (now() - started) / 1000,
        },
        width - 1,
        style,
      )}`,
    );
    barShown = true;
    lastDraw = now();
  };

  return {
    start: (description) => {
      run = description;
      started = now();
      latest = { steps: description.resumed?.steps ?? 0, epoch: undefined, cost: undefined };
      out(style.bold(formatHeader(description)));
      drawBar();
    },
    progress: (record) => {
      lastRecord = record;
      clearBar();
      out(formatCost(record));
      drawBar();
    },
    step: (record) => {
      latest = { steps: record.steps, epoch: record.epoch, cost: record.cost };
      if (now() - lastDraw >= REDRAW_MS) drawBar();
    },
    warning: (warning) => {
      clearBar();
      io.stderr.write(`${style.yellow(style.bold('warning:'))}${formatWarning(warning).slice('warning:'.length)}\n`);
      drawBar();
    },
    notice: (text) => {
      clearBar();
      out(text);
    },
    phase: (label, unit) => {
      // The bar steps aside while the phase's progress (on stderr, often the same terminal) shows.
      clearBar();
      const phase = phases(label, unit);
      return {
        update: phase.update,
        end: () => {
          phase.end();
          drawBar();
        },
      };
    },
    finish: (outcome) => {
      drawBar();
      clearBar();
      const unit = run?.mode === 'epochs' ? 'steps' : 'iterations';
      const chart = renderChart(outcome.stepCosts, width, 8, style, unit);
      if (chart.length > 0) {
        out('');
        out(style.bold('Cost'));
        for (const text of chart) out(text);
      }
      if (outcome.boundary) {
        const pictureWidth = Math.max(20, Math.min(72, width - 4));
        out('');
        out(style.bold('Decision boundary') + style.dim(' (regions: predicted class; o, x, …: training examples by true class)'));
        for (const text of renderBoundary(outcome.boundary.X, outcome.boundary.Y, outcome.boundary.predict, pictureWidth, Math.round(pictureWidth / 3), style)) out(text);
      }
      out('');
      const rows: string[][] = [['network', run ? `[${run.layerSizes.join(', ')}] ${[...new Set(run.hidden)].join(',')}/${run.output}` : '']];
      rows.push(['parameters', String(outcome.parameterCount)]);
      rows.push(['updates', String(outcome.iterations) + (outcome.stopReason === 'earlyStopping' ? ' (stopped early)' : '')]);
      rows.push(['train cost', outcome.train.cost.toFixed(6)]);
      const scoreRows = (label: string, scores: TrainingOutcome['train']) => {
        if (scores.accuracy !== undefined) rows.push([`${label} accuracy`, style.green(percent(scores.accuracy))]);
        else rows.push([`${label} MSE / MAE / R²`, [scores.mse, scores.mae, scores.r2].map((v) => (v === undefined ? '–' : v.toPrecision(4))).join(' / ')]);
      };
      scoreRows('train', outcome.train);
      if (outcome.test) {
        rows.push(['test cost', outcome.test.cost.toFixed(6)]);
        scoreRows('test', outcome.test);
      }
      rows.push(['time', formatDuration(outcome.elapsedSeconds)]);
      if (outcome.model !== undefined) rows.push(['model', outcome.model]);
      for (const text of renderTable(rows)) out(text);
      // The plain result lines too, so scripts that grep a terminal log find the same text.
      for (const text of resultLines(outcome)) out(text);
    },
  };
}
