// The model tools: Export model (the model file `ann train --out` writes), Import model (one the
// CLI wrote, shown and trained here) and Check gradients (core's gradientCheck in the worker). The
// page only sends the requests and shows the answers; the files are read and written by core.
import type { Client } from '../client';
import { gradientCheck, modelNotice } from '../state';
import { FileButton } from './fields';

/** Hands a text to the browser as a download. */
export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A relative difference as the course prints it (2.9e-9). */
function difference(d: number): string {
  return Number.isFinite(d) ? d.toExponential(1) : String(d);
}

function GradientResult() {
  const state = gradientCheck.value;
  if (state === null) return null;
  if (state.kind === 'running') {
    return (
      <p class="small-text" data-testid="gradcheck-result" role="status">
        Checking the gradients…
      </p>
    );
  }
  if (state.kind === 'error') {
    return (
      <p class="small-text tool-error" data-testid="gradcheck-result" role="alert">
        {state.message}
      </p>
    );
  }
  const r = state.report;
  return (
    <div class="gradcheck" data-testid="gradcheck-result" role="status">
      <p class={`small-text ${r.passed ? 'pass' : 'fail'}`}>
        <strong>{r.passed ? '✓ Gradient check passed' : '✗ Gradient check failed'}</strong>: relative difference {difference(r.difference)}{' '}
        {r.passed ? '<' : '≥'} {difference(r.threshold)} at epoch {r.epoch}, on {r.examples} training examples
        {r.l2 > 0 ? `, with L2 λ = ${r.l2}` : ''}.
        {r.passed ? '' : ' Backpropagation and the finite differences disagree: with ReLU a kink between θ ± ε can do it; try again after a few epochs.'}
      </p>
      <table class="gradcheck-table">
        <thead>
          <tr>
            <th scope="col">layer</th>
            <th scope="col" title="The relative difference over the layer's W and b together">difference</th>
            <th scope="col">result</th>
          </tr>
        </thead>
        <tbody>
          {r.layers.map((row) => (
            <tr key={row.layer} data-testid={`gradcheck-layer-${row.layer}`} title={`W${row.layer}: ${difference(row.W)}, b${row.layer}: ${difference(row.b)}`}>
              <th scope="row">{row.layer}</th>
              <td>{difference(row.difference)}</td>
              <td class={row.passed ? 'pass' : 'fail'}>{row.passed ? 'passed' : 'failed'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ModelTools({ client }: { client: Client }) {
  const notice = modelNotice.value;
  return (
    <section class="panel tools-panel" aria-label="Model">
      <h2>Model</h2>
      <div class="tool-buttons">
        <button type="button" title="Download the network as the model file ann train --out writes (for ann predict, evaluate, info, export)" onClick={() => client.exportModel(downloadText)}>
          Export model
        </button>
        <FileButton
          label="Import model"
          tip="Load a model file written by ann train --out (two inputs, x1 and x2) and keep training it here"
          accept=".json,application/json"
          onText={(text, fileName) => client.importModel(text, fileName)}
          onError={(message) => (modelNotice.value = { kind: 'error', message })}
        />
        <button type="button" title="Compare backpropagation's gradients with finite differences (core's gradientCheck), layer by layer" onClick={() => client.checkGradients()}>
          Check gradients
        </button>
      </div>
      {notice !== null && (
        <p class={`small-text model-notice ${notice.kind === 'error' ? 'tool-error' : ''}`} data-testid="model-notice" role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.message}
        </p>
      )}
      <GradientResult />
    </section>
  );
}
