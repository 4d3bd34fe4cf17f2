import { diagnostics, status } from '../state';

const LEVEL_TEXT = { warning: 'Warning', error: 'Error' } as const;

/** core's diagnostics for the current run, as they arrive: warnings, and the error that stopped a diverged run. */
export function Diagnostics() {
  const items = diagnostics.value;
  return (
    <section class="diagnostics" aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">Diagnostics</h2>
      {items.length === 0 && (
        <p class="muted">{status.value === 'idle' ? 'Warnings about a run appear here.' : 'No warnings.'}</p>
      )}
      <ul data-testid="diagnostics-list" class="diagnostics-list">
        {items.map((item, k) => (
          <li key={k} class={`diagnostic diagnostic-${item.level}`} data-code={item.code} data-level={item.level}>
            <span class="diagnostic-badge">{LEVEL_TEXT[item.level]}</span>{' '}
            <code>{item.code}</code>
            <span class="muted">
              {item.layer === undefined ? '' : ` · layer ${item.layer}`} · iteration {item.iteration}
              {item.epoch === undefined ? '' : ` (epoch ${item.epoch})`}
            </span>
            <div class="diagnostic-message">{item.message}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
