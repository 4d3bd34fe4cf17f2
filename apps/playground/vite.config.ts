import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the built app works from any path (a subfolder, a file server).
  base: './',
  plugins: [preact()],
  // The training worker is an ES module (it imports @ann/core).
  worker: { format: 'es' },
});
