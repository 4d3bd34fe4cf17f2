import type { Signal } from '@preact/signals';
import { HIDDEN_ACTIVATIONS, type FormErrors, type FormField } from '../config';
import { form, isTraining, parsedForm, runError } from '../state';
import { startTraining, stopTraining } from '../trainer';

interface TextFieldProps {
  field: Exclude<FormField, 'activation'>;
  label: string;
  hint: string;
  testId: string;
  value: Signal<string>;
  errors: FormErrors;
}

function TextField({ field, label, hint, testId, value, errors }: TextFieldProps) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <input
        type="text"
        name={field}
        data-testid={testId}
        value={value.value}
        placeholder={hint}
        aria-invalid={errors[field] !== undefined}
        spellcheck={false}
        autocomplete="off"
        onInput={(event) => (value.value = event.currentTarget.value)}
      />
    </label>
  );
}

export function Controls() {
  const parsed = parsedForm.value;
  const errors: FormErrors = parsed.ok ? {} : parsed.errors;
  const messages = [...Object.values(errors), ...(runError.value === null ? [] : [runError.value])];
  const training = isTraining.value;

  return (
    <form
      class="controls"
      onSubmit={(event) => {
        event.preventDefault();
        startTraining();
      }}
    >
      <fieldset disabled={training}>
        <legend>Network</legend>
        <TextField
          field="hiddenLayers"
          label="Hidden layer sizes"
          hint="e.g. 4 or 8,8"
          testId="hidden-input"
          value={form.hiddenLayers}
          errors={errors}
        />
        <label class="field">
          <span class="field-label">Hidden activation</span>
          <select
            name="activation"
            data-testid="activation-select"
            value={form.activation.value}
            aria-invalid={errors.activation !== undefined}
            onChange={(event) => (form.activation.value = event.currentTarget.value)}
          >
            {HIDDEN_ACTIVATIONS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <TextField
          field="learningRate"
          label="Learning rate"
          hint="e.g. 1.2"
          testId="lr-input"
          value={form.learningRate}
          errors={errors}
        />
        <TextField
          field="iterations"
          label="Iterations"
          hint="e.g. 10000"
          testId="iterations-input"
          value={form.iterations}
          errors={errors}
        />
        <TextField field="seed" label="Seed" hint="e.g. 2" testId="seed-input" value={form.seed} errors={errors} />
      </fieldset>

      {messages.length > 0 && (
        <ul class="error-message" data-testid="error-message" role="alert">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}

      <div class="buttons">
        <button type="submit" data-testid="train-button" disabled={training}>
          Train
        </button>
        <button type="button" data-testid="stop-button" disabled={!training} onClick={stopTraining}>
          Stop
        </button>
      </div>
    </form>
  );
}
