import {
  DATASET_CHOICES,
  HIDDEN_ACTIVATIONS,
  INITIALIZATIONS,
  OPTIMIZERS,
  datasetLabel,
  hasNoise,
  type FormErrors,
} from '../config';
import { form, isRunning, parsedForm, runError, selectDataset, selectedDataset, status, stepUnit, trainRefused } from '../state';
import { pauseTraining, resumeTraining, startTraining, stopTraining } from '../trainer';
import { CheckboxField, SelectField, TextField, namesAsChoices } from './fields';

const DATASET_OPTIONS = DATASET_CHOICES.map((info) => ({ value: info.name, label: datasetLabel(info.name) }));

export function Controls() {
  const parsed = parsedForm.value;
  const errors: FormErrors = parsed.ok ? {} : parsed.errors;
  // Each field shows its own message as you type; Train with an invalid form lists them all here too.
  const messages = [
    ...(trainRefused.value ? Object.values(errors) : []),
    ...(runError.value === null ? [] : [runError.value.message]),
  ];
  const running = isRunning.value;
  const paused = status.value === 'paused';
  const info = selectedDataset.value;
  const noisy = info !== undefined && hasNoise(info);
  const steps = stepUnit.value === 'iteration' ? 'Iterations' : 'Epochs';

  return (
    <form
      class="controls"
      onSubmit={(event) => {
        event.preventDefault();
        startTraining();
      }}
    >
      <fieldset disabled={running}>
        <legend>Data</legend>
        <SelectField
          field="dataset"
          label="Dataset"
          testId="dataset-select"
          value={form.dataset}
          errors={errors}
          choices={DATASET_OPTIONS}
          onChange={selectDataset}
        />
        {info !== undefined && <p class="hint">{info.description}</p>}
        <TextField
          field="noise"
          label="Noise"
          hint={noisy ? 'e.g. 0.2' : 'fixed for this dataset'}
          testId="noise-input"
          value={form.noise}
          errors={errors}
          disabled={!noisy}
        />
        <TextField field="dataSeed" label="Data seed" hint="e.g. 1" testId="data-seed-input" value={form.dataSeed} errors={errors} />
        <TextField
          field="testPercent"
          label="Test split %"
          hint="e.g. 20 (0 for none)"
          testId="test-split-input"
          value={form.testPercent}
          errors={errors}
        />
      </fieldset>

      <fieldset disabled={running}>
        <legend>Network</legend>
        <TextField
          field="hiddenLayers"
          label="Hidden layer sizes"
          hint="e.g. 4 or 8,8"
          testId="hidden-input"
          value={form.hiddenLayers}
          errors={errors}
        />
        <SelectField
          field="activation"
          label="Hidden activation"
          testId="activation-select"
          value={form.activation}
          errors={errors}
          choices={namesAsChoices(HIDDEN_ACTIVATIONS)}
        />
        <SelectField
          field="init"
          label="Initialization"
          testId="init-select"
          value={form.init}
          errors={errors}
          choices={namesAsChoices(INITIALIZATIONS)}
        />
        <CheckboxField field="batchNorm" label="Batch norm" testId="batch-norm-checkbox" value={form.batchNorm} />
        <TextField field="seed" label="Seed" hint="e.g. 2" testId="seed-input" value={form.seed} errors={errors} />
      </fieldset>

      <fieldset disabled={running}>
        <legend>Training</legend>
        <SelectField
          field="optimizer"
          label="Optimizer"
          testId="optimizer-select"
          value={form.optimizer}
          errors={errors}
          choices={namesAsChoices(OPTIMIZERS)}
        />
        <TextField
          field="learningRate"
          label="Learning rate"
          hint="e.g. 1.2"
          testId="lr-input"
          value={form.learningRate}
          errors={errors}
        />
        <TextField
          field="batchSize"
          label="Batch size"
          hint="empty: full batch"
          testId="batch-size-input"
          value={form.batchSize}
          errors={errors}
        />
        <TextField
          field="iterations"
          label={steps}
          hint="e.g. 10000"
          testId="iterations-input"
          value={form.iterations}
          errors={errors}
        />
        <TextField field="l2" label="L2 λ" hint="0 for none" testId="l2-input" value={form.l2} errors={errors} />
        <TextField
          field="keepProb"
          label="Keep prob (dropout)"
          hint="1 for no dropout"
          testId="keep-prob-input"
          value={form.keepProb}
          errors={errors}
        />
      </fieldset>

      {messages.length > 0 && (
        <ul class="error-message" data-testid="error-message" role="alert">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}

      <div class="buttons">
        <button type="submit" data-testid="train-button" disabled={running}>
          Train
        </button>
        <button
          type="button"
          data-testid="pause-button"
          disabled={!running}
          onClick={paused ? resumeTraining : pauseTraining}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" data-testid="stop-button" disabled={!running} onClick={stopTraining}>
          Stop
        </button>
      </div>
    </form>
  );
}
