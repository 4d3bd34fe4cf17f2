// The top bar: the run's buttons (Play/Pause, Step, Reset, New weights), the epoch, and the
// settings that can change while playing (learning rate, optimizer, regularization, dropout)
// and the speed (the problem type heads the data column). One row on a laptop: the optimizer's β's live in a
// small popover beside it, so choosing Adam does not make the bar wrap. On a phone the run
// buttons are a strip of their own that stays at the top of the screen (styles.css).
import { OPTIMIZERS, type OptimizerName } from '@ann/core/constants';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Client } from '../client';
import { formatChoice } from '../format';
import {
  BETA2S,
  BETAS,
  DROPOUTS,
  LEARNING_RATES,
  REGULARIZATION_RATES,
  STEPS_PER_FRAME,
} from '../settings';
import { diagnostics, settings, snapshot, status, updateSettings, type DiagnosticEntry } from '../state';
import { DiagnosticBadge } from './Diagnostics';
import { NumberSetting, SelectField, type NumberSettingProps } from './fields';

const OPTIMIZER_LABELS: Record<OptimizerName, string> = { gd: 'Gradient desc.', momentum: 'Momentum', rmsprop: 'RMSprop', adam: 'Adam' };

/** The L2 rate a switch from None to L2 starts at. */
const DEFAULT_L2 = 0.01;

type LiveNumberName = 'learningRate' | 'l2' | 'dropout' | 'stepsPerFrame' | 'beta' | 'beta1' | 'beta2';

/** The numeric settings of the bar, each a list to pick from. */
const LIVE_NUMBERS: Record<LiveNumberName, Omit<NumberSettingProps, 'value' | 'onChange' | 'children'>> = {
  learningRate: { label: 'Learning rate', tip: 'How big a step gradient descent takes: too small learns slowly, too large overshoots and diverges. Changes apply from the next step.', options: LEARNING_RATES },
  l2: { label: 'Regularization rate', tip: 'λ, the strength of the L2 penalty (0 turns it off).', options: REGULARIZATION_RATES },
  dropout: { label: 'Dropout', tip: 'The probability of switching off each hidden unit at each training step (keep-prob = 1 − dropout); it stops units relying on each other.', options: DROPOUTS },
  stepsPerFrame: { label: 'Steps per frame', tip: 'Training steps per animation frame while playing: 1 to watch slowly, 100 to train fast.', options: STEPS_PER_FRAME, format: String },
  beta1: { label: 'β1', tip: "Adam's decay of the running average of the gradients (its momentum).", options: BETAS },
  beta2: { label: 'β2', tip: "Adam's decay of the running average of the squared gradients.", options: BETA2S },
  beta: { label: 'β', tip: "How much of the running average carries over each step (momentum's velocity, RMSprop's squared gradients).", options: BETAS },
};

/** One of LIVE_NUMBERS, showing the current setting and changing it. */
function LiveNumber({ name, children }: { name: LiveNumberName; children?: ComponentChildren }) {
  return (
    <NumberSetting {...LIVE_NUMBERS[name]} value={settings.value[name]} onChange={(value) => updateSettings((x) => ({ ...x, [name]: value }))}>
      {children}
    </NumberSetting>
  );
}

/** One badge per code (a code raised for several layers is one problem at this control). */
function badges(entries: DiagnosticEntry[], codes: string[]) {
  const seen = new Set<string>();
  return entries
    .filter((d) => codes.includes(d.code) && !seen.has(d.code) && seen.add(d.code))
    .map((d) => <DiagnosticBadge key={d.key} entry={d} />);
}

function Epoch({ children }: { children?: ComponentChildren }) {
  const shot = snapshot.value;
  return (
    <div class="epoch" title="Steps taken since the last reset: epochs (passes over the training data), or iterations with the full batch.">
      <span class="epoch-label">Epoch</span>
      <span class="epoch-value" data-testid="epoch">
        {shot === null ? '' : String(shot.epoch)}
      </span>
      {children}
    </div>
  );
}

export function TopBar({ client }: { client: Client }) {
  const s = settings.value;
  const playing = status.value === 'playing';
  const entries = diagnostics.value;
  const set = (patch: Partial<typeof s>) => updateSettings((x) => ({ ...x, ...patch }));
  return (
    <header class="topbar">
      <div class="brand">
        <h1>ann playground</h1>
        <span class="muted">the course’s networks, live</span>
      </div>
      <div class="run-buttons" role="group" aria-label="Run">
        <button
          type="button"
          class={`play ${playing ? 'playing' : ''}`}
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause training (Space)' : 'Train continuously (Space)'}
          onClick={() => client.togglePlay()}
        >
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
            {playing ? <path d="M7 5h4v14H7zM13 5h4v14h-4z" fill="currentColor" /> : <path d="M8 5v14l11-7z" fill="currentColor" />}
          </svg>
        </button>
        <div class="run-small">
          <button type="button" title="Take one training step (one epoch, or one iteration with the full batch)." onClick={() => client.step()}>
            Step
          </button>
          <button type="button" title="Back to epoch 0 with the same initial weights and the same data." onClick={() => client.reset()}>
            Reset
          </button>
          <button type="button" title="Draw new initial weights (a new weight seed) and start again." onClick={() => client.newWeights()}>
            New weights
          </button>
        </div>
        <Epoch>
          <span class="badges">{badges(entries, ['stuckAtChance'])}</span>
        </Epoch>
      </div>
      <div class="live-controls">
        <LiveNumber name="learningRate">{badges(entries, ['costRising', 'nonFinite', 'explodingGradients', 'noProgress'])}</LiveNumber>
        <SelectField
          label="Optimizer"
          tip="The update rule: plain gradient descent, momentum (a running average of the gradients), RMSprop or Adam (both)."
          value={s.optimizer}
          choices={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] ?? o }))}
          onChange={(optimizer) => set({ optimizer })}
        />
        <OptimizerSettings />
        <SelectField
          label="Regularization"
          tip="L2 adds λ/(2m)·Σ‖W‖² to the cost, pulling the weights towards 0 so the network cannot memorize the noise."
          value={s.l2 > 0 ? 'l2' : 'none'}
          choices={[
            { value: 'none', label: 'None' },
            { value: 'l2', label: 'L2' },
          ]}
          onChange={(kind) => set({ l2: kind === 'l2' ? (s.l2 > 0 ? s.l2 : DEFAULT_L2) : 0 })}
        />
        <LiveNumber name="l2">{badges(entries, ['overfitting'])}</LiveNumber>
        <LiveNumber name="dropout" />
        <LiveNumber name="stepsPerFrame" />
      </div>
    </header>
  );
}

/**
 * The optimizer's decay rates (β for momentum and RMSprop, β1 and β2 for Adam) behind a small
 * button that says their values, opening a popover under it. Plain gradient descent has none.
 * The popover follows its button in the tab order; Escape or a click elsewhere closes it.
 */
function OptimizerSettings() {
  const s = settings.value;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (box.current !== null && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  if (s.optimizer === 'gd') return null;
  const adam = s.optimizer === 'adam';
  const names = adam ? 'β1 · β2' : 'β';
  const values = adam ? `${formatChoice(s.beta1)} · ${formatChoice(s.beta2)}` : formatChoice(s.beta);
  const summary = adam ? `β1 ${formatChoice(s.beta1)}, β2 ${formatChoice(s.beta2)}` : `β ${formatChoice(s.beta)}`;
  return (
    <div
      class="field optimizer-settings"
      ref={box}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <span class="field-label" aria-hidden="true">
        {names}
      </span>
      <button
        ref={toggle}
        type="button"
        class="popover-toggle"
        aria-expanded={open}
        aria-label={`Optimizer settings (${summary})`}
        title="The optimizer's decay rates: how much of its running averages carries over each step."
        onClick={() => setOpen(!open)}
      >
        {values} ▾
      </button>
      {open && (
        <div class="popover" role="group" aria-label="Optimizer settings">
          {adam ? (
            <>
              <LiveNumber name="beta1" />
              <LiveNumber name="beta2" />
            </>
          ) : (
            <LiveNumber name="beta" />
          )}
        </div>
      )}
    </div>
  );
}
