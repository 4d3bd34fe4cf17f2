// The browser benchmark suite: `pnpm bench:browser` at the workspace root. Builds the bench page
// (page/), serves it cross-origin isolated (COOP same-origin, COEP require-corp: SharedArrayBuffer,
// so helper threads and workers may share memory), runs it in headless Chromium through
// playwright-core, then measures the built playground's own training speed. Prints a markdown table
// and writes results/browser-latest.json.
// Environment: BENCH_ROUNDS (default 5), BENCH_PLAYGROUND=0 to skip the playground figure,
// BENCH_SYSTEMS=id,id to time only those systems (e.g. ann-wasm,tfjs-wasm), ANN_CHROMIUM (default
// /usr/bin/chromium).
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { measurePlayground } from './playground-figure.mjs';
import { renderBrowserMarkdown } from './report.mjs';
import { serveStatic } from './serve-static.mjs';
import { fmt } from './stats.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLE_MS = 150;
const chromiumPath = process.env.ANN_CHROMIUM || '/usr/bin/chromium';
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const pageDir = here('../page/');
const pageDist = here('../.page-dist/');
const playgroundDist = here('../../apps/playground/dist/');
const log = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium, or set ANN_CHROMIUM`);
const started = new Date();
const loadBefore = loadavg();

log('building the bench page');
const jaxVersion = JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('@jax-js/jax')), 'utf8')).version;
await build({
  root: pageDir,
  base: './',
  configFile: false,
  logLevel: 'warn',
  define: { __JAX_VERSION__: JSON.stringify(jaxVersion) },
  build: { outDir: pageDist, emptyOutDir: true, target: 'esnext', reportCompressedSize: false, chunkSizeWarningLimit: 10_000 },
  worker: { format: 'es' },
});
// TF.js as prebuilt script bundles (page/index.html says why), with the wasm binaries (plain, SIMD,
// threaded SIMD) that its wasm backend fetches at run time from setWasmPaths.
const tfjsFiles = [
  ['@tensorflow/tfjs', ['tf.min.js']],
  ['@tensorflow/tfjs-backend-wasm', ['tf-backend-wasm.min.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']],
];
mkdirSync(`${pageDist}tfjs`, { recursive: true });
for (const [name, files] of tfjsFiles) {
  const dist = fileURLToPath(new URL('.', import.meta.resolve(name)));
  for (const file of files) cpSync(`${dist}${file}`, `${pageDist}tfjs/${file}`);
}

/* global window -- the functions passed to page.waitForFunction and page.evaluate run in the page */
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // No GPU here: let WebGL fall back to SwiftShader (Chromium asks for this flag since it made the
    // fallback opt-in) and offer WebGPU if any adapter exists; the page reports what it got.
    '--enable-unsafe-swiftshader',
    '--enable-unsafe-webgpu',
  ],
});
const server = await serveStatic(pageDist, { crossOriginIsolated: true });
let report;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (message) => (message.type() === 'error' ? errors.push(message.text()) : log(`[page] ${message.text()}`)));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.benchPageReady === true, undefined, { timeout: 60_000 });
  const pageReport = await page.evaluate((options) => window.runBench(options), { rounds: ROUNDS, sampleMs: SAMPLE_MS, only: process.env.BENCH_SYSTEMS?.split(',') });
  await page.close();
  if (errors.length) pageReport.notes.push(...errors.map((e) => `console error in the bench page: ${e}`));

  let playground = null;
  if (process.env.BENCH_PLAYGROUND !== '0') {
    if (!existsSync(`${playgroundDist}index.html`)) throw new Error(`${playgroundDist}index.html is missing: build the playground first (pnpm run build)`);
    log('measuring the playground');
    playground = await measurePlayground(browser, playgroundDist, log);
  }
  report = {
    date: started.toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      browser: `Chromium ${browser.version()}`,
      node: process.version,
      loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
      loadAverageAfter: loadavg().map((x) => Number(x.toFixed(2))),
    },
    ...pageReport,
    playground,
  };
} finally {
  await browser.close();
  await server.close();
}
const outDir = here('../results/');
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}browser-latest.json`, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(renderBrowserMarkdown(report, { fmt }));
log('wrote bench/results/browser-latest.json');
