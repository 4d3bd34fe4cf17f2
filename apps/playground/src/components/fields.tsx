// Labelled native controls. Each label is the control's accessible name exactly ("Learning
// rate"), and its one-sentence explanation is both a hover tooltip (title) and the control's
// accessible description, so a screen reader hears it too.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { formatChoice } from '../format';
import { choicesWith } from '../settings';

export interface Choice<T extends string | number> {
  value: T;
  label: string;
}

interface SelectProps<T extends string | number> {
  label: string;
  tip: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
  disabled?: boolean;
  /** Shown right of the control (a diagnostic badge). */
  children?: ComponentChildren;
  class?: string;
}

export function SelectField<T extends string | number>({ label, tip, value, choices, onChange, disabled, children, class: cls }: SelectProps<T>) {
  const id = useId();
  const numeric = typeof value === 'number';
  return (
    <div class={`field ${cls ?? ''}`} title={tip}>
      <label for={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        disabled={disabled}
        aria-describedby={`${id}-tip`}
        onChange={(event) => {
          const raw = event.currentTarget.value;
          onChange((numeric ? Number(raw) : raw) as T);
        }}
      >
        {choices.map((choice) => (
          <option key={String(choice.value)} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
      <span id={`${id}-tip`} class="sr-only">
        {tip}
      </span>
      {children !== undefined && <span class="badges">{children}</span>}
    </div>
  );
}

interface RangeProps {
  label: string;
  tip: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** The value as it reads next to the slider ("80%"). */
  shown: string;
  onChange: (value: number) => void;
  /**
   * Greyed out and refusing changes, but still focusable (aria-disabled rather than disabled), so
   * Tab and a screen reader find it and hear why from the tip; `shown` should say it too.
   */
  disabled?: boolean;
}

export function RangeField({ label, tip, value, min, max, step, shown, onChange, disabled }: RangeProps) {
  const id = useId();
  return (
    <div class={`field range ${disabled ? 'disabled' : ''}`} title={tip}>
      <label for={id}>
        {label} <output for={id}>{shown}</output>
      </label>
      <input
        id={id}
        type="range"
        aria-label={label}
        aria-describedby={`${id}-tip`}
        min={min}
        max={max}
        step={step}
        value={value}
        aria-disabled={disabled ? 'true' : undefined}
        onInput={(event) => {
          if (disabled) event.currentTarget.value = String(value);
          else onChange(Number(event.currentTarget.value));
        }}
      />
      <span id={`${id}-tip`} class="sr-only">
        {tip}
      </span>
    </div>
  );
}

interface CheckProps {
  label: string;
  tip: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckField({ label, tip, checked, onChange }: CheckProps) {
  const id = useId();
  return (
    <div class="check" title={tip}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-tip`}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <span id={`${id}-tip`} class="sr-only">
        {tip}
      </span>
    </div>
  );
}

/** Numbers as select choices, labelled as they read (0.00001, not 1e-5). */
export function numberChoices(values: readonly number[], label: (value: number) => string): Choice<number>[] {
  return values.map((value) => ({ value, label: label(value) }));
}

export interface NumberSettingProps {
  label: string;
  tip: string;
  value: number;
  /** The values offered; a value a link brought that is not among them is added in order. */
  options: readonly number[];
  /** How a value reads in the list (default: as a decimal, 0.00001 rather than 1e-5). */
  format?: (value: number) => string;
  onChange: (value: number) => void;
  /** Shown right of the control (a diagnostic badge). */
  children?: ComponentChildren;
}

/** A numeric setting picked from a list: a SelectField over `options` (plus the current value). */
export function NumberSetting({ label, tip, value, options, format = formatChoice, onChange, children }: NumberSettingProps) {
  return (
    <SelectField label={label} tip={tip} value={value} choices={numberChoices(choicesWith(options, value), format)} onChange={onChange}>
      {children}
    </SelectField>
  );
}

/** A file's text, or the reason it could not be read ("Could not read data.csv: …"). */
export function readFile(file: File, onText: (text: string, fileName: string) => void, onError: (message: string) => void): void {
  void file.text().then(
    (text) => onText(text, file.name),
    (error: unknown) => onError(`Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}`),
  );
}

interface FileButtonProps {
  /** The button's text and the file input's accessible name. */
  label: string;
  tip: string;
  accept: string;
  onText: (text: string, fileName: string) => void;
  onError: (message: string) => void;
}

/** A button that opens the file picker and hands over the picked file's text; the same file can be picked again. */
export function FileButton({ label, tip, accept, onText, onError }: FileButtonProps) {
  return (
    <label class="file-button" title={tip}>
      <input
        type="file"
        accept={accept}
        aria-label={label}
        onChange={(event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          if (file !== undefined) readFile(file, onText, onError);
          input.value = '';
        }}
      />
      {label}
    </label>
  );
}
