import { render } from 'preact';
import { App } from './App';
import { attachWorker } from './trainer';
import './styles.css';

// Vite recognises this exact form and bundles the worker with its imports.
attachWorker(new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' }));

render(<App />, document.getElementById('app')!);
