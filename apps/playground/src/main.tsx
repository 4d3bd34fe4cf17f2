import { render } from 'preact';
import { App } from './App';
import { startClient } from './client';
import { startSavedRuns } from './saved-runs';
import { decodeSettings } from './settings';
import { settings, urlNotices } from './state';
import './styles.css';

// The settings come from the URL (missing keys take their defaults) before the client sends the
// first configure, so an opened link reproduces its run from the first frame.
function readUrl(): void {
  const { settings: decoded, notices } = decodeSettings(window.location.hash);
  settings.value = decoded;
  urlNotices.value = notices;
}
readUrl();

// Vite recognises this exact form and bundles the worker with its imports (core's engine lives there).
const worker = new Worker(new URL('./worker/train.worker.ts', import.meta.url), { type: 'module' });
const client = startClient(worker);
startSavedRuns({ storage: localStorageOrNull(), events: window });

/** The page's localStorage, or null where the browser refuses it (reading the property can throw). */
function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// A hash typed or pasted into the address bar (the page itself only uses replaceState).
window.addEventListener('hashchange', readUrl);

// Space anywhere on the page, outside a control (where Space means something else), plays and pauses.
window.addEventListener('keydown', (event) => {
  if (event.key !== ' ' || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement | null;
  if (target !== null && target.closest('button, input, select, textarea, a, [contenteditable], [role="button"]') !== null) return;
  event.preventDefault();
  client.togglePlay();
});

render(<App client={client} />, document.getElementById('app')!);
