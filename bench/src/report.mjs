// Markdown rendering of a bench report (the object main.mjs writes to results/latest.json).

const W3_BATCH = 128;

/** The report as markdown: systems table, goals, memory, scaling, notes. */
export function renderMarkdown(report, { fmt }) {
  const { results, systems } = report;
  const ms = (id, w) => results[id]?.[w]?.msPerStep;
  const ratio = (a, b) => (a !== undefined && b !== undefined ? a / b : undefined);
  const x = (v) => (v === undefined ? '–' : `${fmt(v, 3)}×`);
  const lines = [];
  const m = report.machine;
  lines.push(
    `Benchmark ${report.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, Node ${m.node}` +
      `${report.numpy ? `, numpy ${report.numpy.numpy} (${report.numpy.blas})` : ''}; ` +
      `medians of ${report.rounds} alternating rounds; load average ${m.loadAverageBefore[0]} before, ${m.loadAverageAfter[0]} after.`,
    '',
    '| system | precision | threads | W1 ms/step | W2 steps/s | W3 examples/s | W1 time ÷ numpy f64 | W1 speed-up vs TF.js-wasm | W3 speed-up vs TF.js-wasm | W2 speed-up vs brain.js |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const s of systems) {
    if (!results[s.id]) continue;
    const w1 = ms(s.id, 'W1');
    const w2 = ms(s.id, 'W2');
    const w3 = ms(s.id, 'W3');
    lines.push(
      `| ${s.label} | ${s.precision} | ${s.threads} | ${fmt(w1)} | ${w2 ? fmt(1000 / w2) : '–'} | ${w3 ? fmt((W3_BATCH * 1000) / w3) : '–'} | ` +
        `${x(ratio(w1, ms('numpy-float64', 'W1')))} | ${x(ratio(ms('tfjs-wasm', 'W1'), w1))} | ` +
        `${x(ratio(ms('tfjs-wasm', 'W3'), w3))} | ${x(ratio(ms('brain', 'W2'), w2))} |`,
    );
  }
  lines.push(
    '',
    'brain.js trains per example (one "step" = one epoch over the m examples) with one activation for every layer.',
    '',
  );

  // Goals of issue 5, each with the figure measured above.
  const annW1 = ms('ann-wasm', 'W1');
  const annW2 = ms('ann-wasm', 'W2');
  const annW3 = ms('ann-wasm', 'W3');
  const f32W1 = ms('ann-wasm-float32', 'W1');
  const f32W3 = ms('ann-wasm-float32', 'W3');
  const mem = report.memoryKiB;
  // TF.js runs float32: ann's float32 is the like-for-like comparison, its float64 the default.
  const vsTfjs = (w, a64, a32) =>
    `float64 ${x(ratio(ms('tfjs-wasm', w), a64))}; float32 ${x(ratio(ms('tfjs-wasm', w), a32))}`;
  const best = (a64, a32) => (a32 === undefined ? a64 : Math.min(a64, a32));
  const goals = [
    [
      'W1, float64, vs numpy float64: time ≤ 1.5×',
      `${x(ratio(annW1, ms('numpy-float64', 'W1')))} (vs numpy with one BLAS thread: ${x(ratio(annW1, ms('numpy-float64-1thread', 'W1')))})`,
      ratio(annW1, ms('numpy-float64', 'W1')) <= 1.5,
    ],
    ['W1, float32, vs numpy float64: time ≤ 1.0×', f32W1 === undefined ? 'not measured' : x(ratio(f32W1, ms('numpy-float64', 'W1'))), f32W1 === undefined ? undefined : ratio(f32W1, ms('numpy-float64', 'W1')) <= 1],
    ['W2, float64: steps/s ≥ numpy float64', `${x(ratio(ms('numpy-float64', 'W2'), annW2))} numpy's steps/s`, ratio(ms('numpy-float64', 'W2'), annW2) >= 1],
    [
      'W3, float32, vs numpy float32: examples/s ≥ 0.5×',
      f32W3 === undefined ? 'not measured' : `${x(ratio(ms('numpy-float32', 'W3'), f32W3))} numpy float32's examples/s`,
      f32W3 === undefined ? undefined : ratio(ms('numpy-float32', 'W3'), f32W3) >= 0.5,
    ],
    ['W1 vs TF.js-wasm: ≥ 10× faster', vsTfjs('W1', annW1, f32W1), ratio(ms('tfjs-wasm', 'W1'), best(annW1, f32W1)) >= 10],
    ['W3 vs TF.js-wasm: ≥ 10× faster', vsTfjs('W3', annW3, f32W3), ratio(ms('tfjs-wasm', 'W3'), best(annW3, f32W3)) >= 10],
    ['W2 vs brain.js: ≥ 5× faster', x(ratio(ms('brain', 'W2'), annW2)), ratio(ms('brain', 'W2'), annW2) >= 5],
    ['W1 on the pure-TypeScript fallback: ≤ 70 ms/step', `${fmt(ms('ann-reference', 'W1'))} ms`, ms('ann-reference', 'W1') <= 70],
    [
      `peak RSS of a ${report.memorySteps}-step W1 run ≤ numpy's`,
      mem['numpy-float64'] ? `ann (wasm) ${fmt(mem['ann-wasm'] / 1024)} MiB vs numpy ${fmt(mem['numpy-float64'] / 1024)} MiB` : '–',
      mem['numpy-float64'] ? mem['ann-wasm'] <= mem['numpy-float64'] : undefined,
    ],
  ];
  lines.push('| goal (issue 5) | measured | met |', '|---|---|---|');
  for (const [goal, measured, met] of goals) lines.push(`| ${goal} | ${measured} | ${met === undefined ? '–' : met ? 'yes' : 'no'} |`);

  lines.push('', `Peak RSS (MiB), ${report.memorySteps} W1 steps, each system in a fresh process (median of ${report.memoryRuns ?? 1} runs; all runs in brackets):`, '', '| process | peak RSS |', '|---|---:|');
  const memLabels = {
    'ann-baseline': 'node + @ann/core loaded, nothing run',
    'ann-wasm': 'ann, wasm backend',
    'ann-reference': 'ann, reference backend',
    'ann-wasm-float32': 'ann, wasm backend, float32',
    'numpy-baseline': 'python3 + numpy imported, nothing run',
    'numpy-float64': 'numpy float64',
  };
  const runs = (key) => (report.memorySamplesKiB?.[key] ? ` [${report.memorySamplesKiB[key].map((kib) => fmt(kib / 1024)).join(', ')}]` : '');
  for (const [key, label] of Object.entries(memLabels)) if (mem[key]) lines.push(`| ${label} | ${fmt(mem[key] / 1024)}${runs(key)} |`);

  if (report.scalingMsPerStep.length) {
    lines.push('', 'W1 ms per full-batch step (one epoch) as m grows (the 209 examples replicated; one fit of several epochs, setup included once):', '', '| m | ann wasm | ann reference | numpy float64 | ann wasm ÷ numpy |', '|---:|---:|---:|---:|---:|');
    for (const row of report.scalingMsPerStep) {
      lines.push(`| ${row.m} | ${fmt(row['ann-wasm'])} | ${fmt(row['ann-reference'])} | ${fmt(row['numpy-float64'])} | ${x(ratio(row['ann-wasm'], row['numpy-float64']))} |`);
    }
  }
  lines.push('', ...renderPeerGoals(report, { fmt }), '', ...renderJaxAgreement(report));
  if (report.notes.length) lines.push('', 'Notes:', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The browser report (the object browser.mjs writes to results/browser-latest.json) as markdown. */
export function renderBrowserMarkdown(report, { fmt }) {
  const { results, systems, machine: m, environment: env } = report;
  const ms = (id, w) => results[id]?.[w]?.msPerStep;
  const x = (v) => (v === undefined || Number.isNaN(v) ? '–' : `${fmt(v, 3)}×`);
  const speedUp = (peer, id, w) => (ms(peer, w) !== undefined && ms(id, w) !== undefined ? ms(peer, w) / ms(id, w) : undefined);
  const lines = [
    `Browser benchmark ${report.date.slice(0, 10)} in headless ${m.browser} on ${m.cpu}, ${m.cores} cores (navigator.hardwareConcurrency ${env.hardwareConcurrency}); ` +
      `page cross-origin isolated: ${env.crossOriginIsolated ? 'yes' : 'NO'}; medians of ${report.rounds} alternating rounds; load average ${m.loadAverageBefore[0]} before, ${m.loadAverageAfter[0]} after.`,
    `WebGL renderer: ${env.webgl.available ? `${env.webgl.renderer}${env.webgl.software ? ' (software)' : ''}` : 'none'}; WebGPU: ${env.webgpu.available ? `${env.webgpu.description}${env.webgpu.software ? ' (software)' : ''}` : env.webgpu.reason}.`,
    '',
    '| system | precision | threads | W1 ms/step | W2 steps/s | W3 examples/s | W1 speed-up vs TF.js-wasm | W1 vs jax-js wasm | W2 vs jax-js wasm | W3 vs jax-js wasm |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of systems) {
    if (!results[s.id]) continue;
    const w2 = ms(s.id, 'W2');
    const w3 = ms(s.id, 'W3');
    lines.push(
      `| ${s.label} | ${s.precision} | ${s.threads} | ${fmt(ms(s.id, 'W1'))} | ${w2 ? fmt(1000 / w2) : '–'} | ${w3 ? fmt((W3_BATCH * 1000) / w3) : '–'} | ` +
        `${x(speedUp('tfjs-wasm', s.id, 'W1'))} | ${x(speedUp('jaxjs-wasm', s.id, 'W1'))} | ${x(speedUp('jaxjs-wasm', s.id, 'W2'))} | ${x(speedUp('jaxjs-wasm', s.id, 'W3'))} |`,
    );
  }
  lines.push('', ...renderPeerGoals(report, { fmt }), '', ...renderJaxAgreement(report));
  if (report.playground?.length) {
    lines.push(
      '',
      `The playground (apps/playground/dist, 1400×900, default network, Play pressed), epochs per second while it draws, over ${fmt(report.playground[0].seconds)} s:`,
      '',
      '| settings | epochs/s | frames/s | median frame (ms) | p95 frame (ms) | ≥ 30 frames/s |',
      '|---|---:|---:|---:|---:|---|',
      ...report.playground.map(
        (r) => `| ${r.settings} | ${fmt(r.epochsPerSecond)} | ${fmt(r.framesPerSecond)} | ${fmt(r.medianFrameMs)} | ${fmt(r.p95FrameMs)} | ${r.keeps30fps ? 'yes' : 'no'} |`,
      ),
    );
  }
  if (report.notes.length) lines.push('', 'Notes:', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The goals of issue 15 against the peers a web developer would pick: each workload, ann against each. */
export const PEER_GOALS = [
  { id: 'jaxjs-wasm', name: 'jax-js wasm', factor: 5 },
  { id: 'tfjs-wasm', name: 'TF.js-wasm', factor: 10 },
];

/**
 * Markdown rows: for each peer goal and workload, how many times faster ann's wasm backend ran
 * (float64, the default, and float32, like for like with the float32 peers); met when the faster
 * of the two reaches the goal. A peer that did not run shows '–'.
 */
export function renderPeerGoals(report, { fmt }) {
  const ms = (id, w) => report.results[id]?.[w]?.msPerStep;
  const speedUp = (peer, id, w) => (ms(peer, w) !== undefined && ms(id, w) !== undefined ? ms(peer, w) / ms(id, w) : undefined);
  const x = (v) => (v === undefined ? '–' : `${fmt(v, 3)}×`);
  const lines = [
    'Speed-up of ann (wasm backend) over each peer, same run; each cell: ann float64; ann float32 (the peers run float32):',
    '',
    '| goal (issue 15): ann faster than | W1 | W2 | W3 | met |',
    '|---|---|---|---|---|',
  ];
  for (const { id, name, factor } of PEER_GOALS) {
    const cells = [];
    const met = [];
    for (const w of ['W1', 'W2', 'W3']) {
      const f64 = speedUp(id, 'ann-wasm', w);
      const f32 = speedUp(id, 'ann-wasm-float32', w);
      cells.push(`${x(f64)}; ${x(f32)}`);
      const best = Math.max(f64 ?? -Infinity, f32 ?? -Infinity);
      met.push(best === -Infinity ? undefined : best >= factor);
    }
    const verdict = met.includes(undefined) ? 'not measured' : met.every(Boolean) ? 'yes' : `no (${['W1', 'W2', 'W3'].filter((_, i) => !met[i]).join(', ')} short)`;
    lines.push(`| ${name}, ≥ ${factor}× on every workload | ${cells.join(' | ')} | ${verdict} |`);
  }
  return lines;
}

/** Markdown lines: jax-js's cost after k steps against ann's, from the same start (evidence they compute the same thing). */
export function renderJaxAgreement(report) {
  const checks = report.jaxAgreement ?? [];
  if (checks.length === 0) return [];
  const lines = ['jax-js against ann, same initial parameters and data, cost after the same steps:', '', '| jax-js device | workload | dtype | steps | jax-js cost | ann cost | relative difference | agrees (≤ 1e-4) |', '|---|---|---|---:|---:|---:|---:|---|'];
  for (const c of checks) {
    lines.push(`| ${c.device ?? 'wasm'} | ${c.workload} | ${c.dtype} | ${c.steps} | ${c.jaxCost.toPrecision(7)} | ${c.annCost.toPrecision(7)} | ${c.relativeDifference.toExponential(1)} | ${c.agrees ? 'yes' : 'no'} |`);
  }
  return lines;
}
