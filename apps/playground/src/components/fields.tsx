// Labelled controls bound to a signal, with the field's own validation message underneath.
import type { Signal } from '@preact/signals';
import type { FormErrors, FormField } from '../config';

interface FieldProps {
  field: FormField;
  label: string;
  testId: string;
  errors: FormErrors;
}

function FieldError({ field, errors }: { field: FormField; errors: FormErrors }) {
  const message = errors[field];
  if (message === undefined) return null;
  return (
    <span class="field-error" id={`${field}-error`} data-testid="field-error" data-field={field}>
      {message}
    </span>
  );
}

export function TextField({
  field,
  label,
  hint,
  testId,
  value,
  errors,
  disabled = false,
}: FieldProps & { hint: string; value: Signal<string>; disabled?: boolean }) {
  const invalid = errors[field] !== undefined;
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <input
        type="text"
        name={field}
        data-testid={testId}
        value={value.value}
        placeholder={hint}
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${field}-error` : undefined}
        spellcheck={false}
        autocomplete="off"
        onInput={(event) => (value.value = event.currentTarget.value)}
      />
      <FieldError field={field} errors={errors} />
    </label>
  );
}

export function SelectField({
  field,
  label,
  testId,
  value,
  errors,
  choices,
  onChange,
}: FieldProps & {
  value: Signal<string>;
  choices: readonly { value: string; label: string }[];
  /** Default: write the choice into `value`. */
  onChange?: (choice: string) => void;
}) {
  const invalid = errors[field] !== undefined;
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <select
        name={field}
        data-testid={testId}
        value={value.value}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${field}-error` : undefined}
        onChange={(event) => (onChange ?? ((choice: string) => (value.value = choice)))(event.currentTarget.value)}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldError field={field} errors={errors} />
    </label>
  );
}

export function CheckboxField({ field, label, testId, value }: Omit<FieldProps, 'errors'> & { value: Signal<boolean> }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <input
        type="checkbox"
        class="checkbox"
        name={field}
        data-testid={testId}
        checked={value.value}
        onChange={(event) => (value.value = event.currentTarget.checked)}
      />
    </label>
  );
}

/** The same text as label and value: for core's lists of names. */
export function namesAsChoices(names: readonly string[]): { value: string; label: string }[] {
  return names.map((name) => ({ value: name, label: name }));
}
