// The math panel's content (loaded when the panel first opens): for a chosen layer l, the course's
// forward and backward equations and the update of the optimizer in use, each with the live shapes
// of this network and batch (`W2 (3, 5)`); one point followed through every layer (z and a per
// unit, the output, an example's share of the cost); and each layer's gradient size over time. The
// worker computes every number (worker/math.ts); this only lays them out.
// One file because its sections (equations, the followed point, the gradient chart) share the
// course-notation helpers below and read the same snapshot; each section is a small component.
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { GRID_SIZE, type LayerShapes, type MathReport, type PointTrace, type Shape, type Snapshot } from '../protocol';
import { data, gradientCheck, inspectedPoint, mathLayer, settings } from '../state';
import { GradientChart } from './GradientChart';

/** A course symbol with its layer as a bracketed superscript (W^[2]), an optional T for the transpose. */
function Sym({ n, l, t }: { n: string; l?: number | string; t?: boolean }) {
  return (
    <span class="sym">
      <i>{n}</i>
      {l !== undefined && <sup>[{l}]{t ? 'ᵀ' : ''}</sup>}
      {l === undefined && t && <sup>T</sup>}
    </span>
  );
}

/** `(3, 5)`: a shape as numpy prints it. */
function dims([rows, cols]: Shape): string {
  return `(${rows}, ${cols})`;
}

/** `W2 (3, 5)`: an operand of this network with its shape. */
function shape(name: string, s: Shape): string {
  return `${name} ${dims(s)}`;
}

/** One equation: the formula in the course's notation, then its operands' live shapes as text. */
function Equation({ children, shapes, note }: { children: ComponentChildren; shapes: string; note?: string }) {
  return (
    <div class="equation">
      <div class="formula">{children}</div>
      <div class="shapes" data-testid="equation-shapes">
        {shapes}
      </div>
      {note !== undefined && <div class="note">{note}</div>}
    </div>
  );
}

/** g[l]′(Z[l]) in words, from the activation's own definition (what backpropagation multiplies dA by). */
const DERIVATIVES: Record<string, string> = {
  tanh: "tanh′(Z) = 1 − A², elementwise",
  sigmoid: "σ′(Z) = A ∗ (1 − A)",
  relu: "relu′(Z) = 1 where Z > 0, else 0",
  leakyRelu: "leakyRelu′(Z) = 1 where Z > 0, else its slope α",
  linear: "linear′(Z) = 1",
};

/** The head's cost, whose gradient with respect to Z[L] is (A[L] − Y)/m for each of the three. */
const HEAD_COSTS: Record<string, string> = {
  sigmoid: 'sigmoid with the binary cross-entropy',
  softmax: 'softmax with the categorical cross-entropy',
  linear: 'linear with ½·squared error',
};

function ForwardEquations({ layer, L }: { layer: LayerShapes; L: number }) {
  const { layer: l, activation: g, shapes: s } = layer;
  const prev = l === 1 ? 'X = A0' : `A${l - 1}`;
  const dropout = settings.value.dropout;
  return (
    <>
      <Equation shapes={`${shape(`Z${l}`, s.Z)} = ${shape(`W${l}`, s.W)} · ${shape(prev, s.A_prev)} + ${shape(`b${l}`, s.b)}`} note={`b${l} is added to each of the ${s.Z[1]} columns (broadcast).`}>
        <Sym n="Z" l={l} /> = <Sym n="W" l={l} />·<Sym n="A" l={l - 1} /> + <Sym n="b" l={l} />
      </Equation>
      <Equation shapes={`${shape(`A${l}`, s.A)} = ${g}(Z${l}), elementwise${l === L && g === 'softmax' ? ' (softmax: per column, over the units)' : ''}`}>
        <Sym n="A" l={l} /> = <Sym n="g" l={l} />(<Sym n="Z" l={l} />), <span class="gname">g<sup>[{l}]</sup> = {g}</span>
      </Equation>
      {dropout > 0 && l < L && (
        <Equation shapes={`${shape(`D${l}`, s.A)}, keep_prob = ${formatParameter(1 - dropout)}`} note="Training only: the plot and the point below use the network without dropout.">
          <Sym n="A" l={l} /> := <Sym n="A" l={l} /> ∗ <Sym n="D" l={l} /> / keep_prob
        </Equation>
      )}
    </>
  );
}

function BackwardEquations({ layer, L, m }: { layer: LayerShapes; L: number; m: number }) {
  const { layer: l, activation: g, shapes: s } = layer;
  const { l2, dropout } = settings.value;
  return (
    <>
      {l === L ? (
        <Equation shapes={`${shape(`dZ${l}`, s.dZ)} = (${shape(`A${l}`, s.A)} − ${shape('Y', s.A)}) / ${m}`} note={`The output layer: the gradient of ${HEAD_COSTS[g] ?? g}, with m = ${m} examples in the batch.`}>
          <Sym n="dZ" l="L" /> = (<Sym n="A" l="L" /> − <i>Y</i>) / <i>m</i>
        </Equation>
      ) : (
        <>
          <Equation shapes={`${shape(`dA${l}`, s.dA)} = W${l + 1}ᵀ · dZ${l + 1}, from layer ${l + 1}`}>
            <Sym n="dA" l={l} /> = <Sym n="W" l={l + 1} t />·<Sym n="dZ" l={l + 1} />
          </Equation>
          {dropout > 0 && (
            <Equation shapes={`${shape(`dA${l}`, s.dA)} ∗ ${shape(`D${l}`, s.dA)}`} note="The same units are dropped going back.">
              <Sym n="dA" l={l} /> := <Sym n="dA" l={l} /> ∗ <Sym n="D" l={l} /> / keep_prob
            </Equation>
          )}
          <Equation shapes={`${shape(`dZ${l}`, s.dZ)} = ${shape(`dA${l}`, s.dA)} ∗ ${g}′(Z${l}) ${dims(s.Z)}`} note={DERIVATIVES[g]}>
            <Sym n="dZ" l={l} /> = <Sym n="dA" l={l} /> ∗ <Sym n="g" l={l} />′(<Sym n="Z" l={l} />)
          </Equation>
        </>
      )}
      <Equation
        shapes={`${shape(`dW${l}`, s.dW)} = ${shape(`dZ${l}`, s.dZ)} · ${shape(`A${l - 1}ᵀ`, [s.A_prev[1], s.A_prev[0]])}${l2 > 0 ? ` + (${formatParameter(l2)}/${m})·W${l}` : ''}`}
        {...(l2 > 0 ? { note: `L2 is on (λ = ${formatParameter(l2)}): its penalty (λ/2m)·Σ‖W‖² adds (λ/m)·W${l} to the gradient.` } : {})}
      >
        <Sym n="dW" l={l} /> = <Sym n="dZ" l={l} />·<Sym n="A" l={l - 1} t />
        {l2 > 0 && (
          <>
            {' '}
            + (<i>λ</i>/<i>m</i>)·<Sym n="W" l={l} />
          </>
        )}
      </Equation>
      <Equation shapes={`${shape(`db${l}`, s.db)} = Σ over the ${m} columns of dZ${l}`} note="Summed over the examples (axis 1), keeping a column.">
        <Sym n="db" l={l} /> = Σ<sub>j</sub> <Sym n="dZ" l={l} />
      </Equation>
      {l > 1 ? (
        <Equation shapes={`${shape(`dA${l - 1}`, s.dA_prev)} = ${shape(`W${l}ᵀ`, [s.W[1], s.W[0]])} · ${shape(`dZ${l}`, s.dZ)}`} note={`Passed back to layer ${l - 1}.`}>
          <Sym n="dA" l={l - 1} /> = <Sym n="W" l={l} t />·<Sym n="dZ" l={l} />
        </Equation>
      ) : (
        <p class="note">dA[0] is not computed: A[0] = X is the data, which does not learn.</p>
      )}
    </>
  );
}

/** A hyperparameter as typed (0.0075, 0.9, 0.999), without binary noise. */
function formatParameter(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/**
 * An optimizer's running average of layer l's gradients: v (of dW) or s (of dW², elementwise),
 * with decay β, or Adam's β1 or β2.
 */
function RunningAverage({ of, l, W, beta, value, note }: { of: 'v' | 's'; l: number; W: Shape; beta: '' | '1' | '2'; value: number; note?: string }) {
  const decay = (
    <>
      <i>β</i>
      {beta !== '' && <sub>{beta}</sub>}
    </>
  );
  return (
    <Equation shapes={`${shape(`${of}_dW${l}`, W)}, β${beta} = ${formatParameter(value)}`} note={note}>
      <i>{of}</i>
      <sub>dW</sub>
      <sup>[{l}]</sup> = {decay}·<i>{of}</i>
      <sub>dW</sub> + (1 − {decay})·<Sym n="dW" l={l} />
      {of === 's' ? '²' : ''}
    </Equation>
  );
}

/** The update of W[l] and b[l] by the optimizer in use; t is the updates taken (Adam's bias corrections use it). */
function UpdateEquations({ layer, t }: { layer: LayerShapes; t: number }) {
  const { layer: l, shapes: s } = layer;
  const { optimizer, learningRate, beta, beta1, beta2 } = settings.value;
  const alpha = `α = ${formatParameter(learningRate)}`;
  const both = `for W${l} ${dims(s.W)} and b${l} ${dims(s.b)} alike`;
  if (optimizer === 'momentum') {
    return (
      <>
        <RunningAverage of="v" l={l} W={s.W} beta="" value={beta} note="An exponentially weighted average of the gradients (starts at 0)." />
        <Equation shapes={`${alpha}, ${both}`}>
          <Sym n="W" l={l} /> := <Sym n="W" l={l} /> − <i>α</i>·<i>v</i>
          <sub>dW</sub>
          <sup>[{l}]</sup>
        </Equation>
      </>
    );
  }
  if (optimizer === 'rmsprop') {
    return (
      <>
        <RunningAverage of="s" l={l} W={s.W} beta="" value={beta} note="An average of the squared gradients, elementwise." />
        <Equation shapes={`${alpha}, ε = 1e-8, ${both}`}>
          <Sym n="W" l={l} /> := <Sym n="W" l={l} /> − <i>α</i>·<Sym n="dW" l={l} /> / (√<i>s</i>
          <sub>dW</sub> + <i>ε</i>)
        </Equation>
      </>
    );
  }
  if (optimizer === 'adam') {
    return (
      <>
        <RunningAverage of="v" l={l} W={s.W} beta="1" value={beta1} />
        <RunningAverage of="s" l={l} W={s.W} beta="2" value={beta2} />
        <Equation shapes={`t = ${t} updates so far`} note="Bias corrections: early averages are pulled towards 0, and these undo it.">
          <i>v̂</i> = <i>v</i>
          <sub>dW</sub> / (1 − <i>β</i>
          <sub>1</sub>
          <sup>t</sup>), <i>ŝ</i> = <i>s</i>
          <sub>dW</sub> / (1 − <i>β</i>
          <sub>2</sub>
          <sup>t</sup>)
        </Equation>
        <Equation shapes={`${alpha}, ε = 1e-8, ${both}`}>
          <Sym n="W" l={l} /> := <Sym n="W" l={l} /> − <i>α</i>·<i>v̂</i> / (√<i>ŝ</i> + <i>ε</i>)
        </Equation>
      </>
    );
  }
  return (
    <Equation shapes={`${alpha}, ${shape(`W${l}`, s.W)}, ${shape(`b${l}`, s.b)}`}>
      <Sym n="W" l={l} /> := <Sym n="W" l={l} /> − <i>α</i>·<Sym n="dW" l={l} />, <Sym n="b" l={l} /> := <Sym n="b" l={l} /> − <i>α</i>·<Sym n="db" l={l} />
    </Equation>
  );
}

const OPTIMIZER_NAMES: Record<string, string> = { gd: 'gradient descent', momentum: 'momentum', rmsprop: 'RMSprop', adam: 'Adam' };

function LayerPicker({ L }: { L: number }) {
  const selected = Math.min(mathLayer.value, L);
  return (
    <div class="layer-picker" role="group" aria-label="Layer">
      {Array.from({ length: L }, (_, k) => k + 1).map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={l === selected}
          class={l === selected ? 'active' : ''}
          title={l === L ? `The output layer (L = ${L})` : `Hidden layer ${l}`}
          onClick={() => (mathLayer.value = l)}
        >
          {l === L ? `Layer ${l} (output)` : `Layer ${l}`}
        </button>
      ))}
    </div>
  );
}

/** Numbers in the trace's tables: four significant digits, the exponent form when tiny or huge. */
function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const magnitude = Math.abs(v);
  return magnitude >= 1e4 || magnitude < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** The plot's own value at a grid cell: its map's value there (float32, as the plot paints it). */
function plotValueAt(shot: Snapshot | null, cell: { row: number; column: number }): number | null {
  return shot?.output[cell.row * GRID_SIZE + cell.column] ?? null;
}

function describeExample(trace: PointTrace): string {
  const e = trace.example;
  const at = `(x₁, x₂) = (${formatValue(trace.x1)}, ${formatValue(trace.x2)})`;
  if (e === null) return `A position on the plane, the centre of the plot's cell at ${at}: no example there, so no label and no cost.`;
  const problem = settings.value.problem;
  const label = problem === 'regression' ? `target y = ${formatValue(e.y[0]!)}` : `class ${e.y[0]}`;
  return `${e.set === 'train' ? 'Training' : 'Test'} example #${e.index + 1} at ${at}, ${label}.`;
}

function lossFormula(head: string): string {
  if (head === 'softmax') return '−log a_y';
  if (head === 'linear') return '½(a − y)²';
  return '−[y·log a + (1 − y)·log(1 − a)]';
}

function Trace({ trace, report, shot, selected }: { trace: PointTrace; report: MathReport; shot: Snapshot | null; selected: number }) {
  const head = trace.layers[trace.layers.length - 1]!.activation;
  const problem = settings.value.problem;
  const plot = problem === 'multiclass' || trace.cell === null ? null : plotValueAt(shot, trace.cell);
  const output = trace.output;
  const predicted = problem === 'multiclass' ? output.indexOf(Math.max(...output)) : null;
  const e = trace.example;
  return (
    <div class="trace" data-testid="point-trace">
      <p class="small-text" data-testid="trace-point">
        {describeExample(trace)}
      </p>
      <div class="trace-tables">
        <table class="trace-table" data-testid="trace-layer-0">
          <caption>
            <Sym n="A" l={0} /> = <i>X</i>
          </caption>
          <thead>
            <tr>
              <th scope="col">feature</th>
              <th scope="col">x</th>
            </tr>
          </thead>
          <tbody>
            {trace.input.map((v, i) => (
              <tr key={i}>
                <th scope="row">{trace.features[i]}</th>
                <td>{formatValue(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {trace.layers.map((layer) => (
          <table key={layer.layer} class={`trace-table ${layer.layer === selected ? 'selected' : ''}`} data-testid={`trace-layer-${layer.layer}`}>
            <caption>
              Layer {layer.layer} ({layer.activation})
            </caption>
            <thead>
              <tr>
                <th scope="col">unit</th>
                <th scope="col">z</th>
                <th scope="col">a</th>
              </tr>
            </thead>
            <tbody>
              {layer.z.map((z, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td>{formatValue(z)}</td>
                  <td>{formatValue(layer.a[i]!)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <p class="small-text">
        Output <Sym n="A" l="L" /> ={' '}
        <strong data-testid="trace-output">{output.map(formatPrecise).join(', ')}</strong>
        {problem === 'classification' && ': P(class 1)'}
        {predicted !== null && `: class probabilities, predicted class ${predicted}`}
        {problem === 'regression' && ': the predicted value'}
        {plot !== null && (
          <>
            {' '}
            · the plot’s map at this cell: <span data-testid="plot-value">{formatPrecise(plot)}</span>
          </>
        )}
      </p>
      {e !== null && (
        <p class="small-text" data-testid="trace-loss">
          Loss term {lossFormula(head)} = <strong>{formatPrecise(e.loss)}</strong>; its share of the {e.set === 'train' ? 'training' : 'test'} cost J is loss / m = {formatPrecise(e.loss)} / {e.m} ={' '}
          <strong data-testid="trace-contribution">{formatPrecise(e.contribution)}</strong>
          {report.m !== e.m && e.set === 'train' ? ` (J is over the whole training set; an update sees ${report.m} examples at a time)` : ''}.
        </p>
      )}
    </div>
  );
}

/** Six significant digits: enough to compare with the plot and the cost. */
function formatPrecise(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/** Steps the inspected point through the data's examples (the keyboard's way to pick one). */
function ExamplePicker({ trace }: { trace: PointTrace | null }) {
  const points = data.value;
  if (points === null || points.x1.length === 0) return null;
  const m = points.x1.length;
  const at = trace?.example?.index ?? -1;
  const pick = (k: number) => {
    const j = ((k % m) + m) % m;
    inspectedPoint.value = { x1: points.x1[j]!, x2: points.x2[j]! };
  };
  return (
    <div class="example-picker">
      <button type="button" title="Inspect the previous example (train or test)" onClick={() => pick(at < 0 ? m - 1 : at - 1)}>
        ‹ Previous example
      </button>
      <button type="button" title="Inspect the next example (train or test)" onClick={() => pick(at + 1)}>
        Next example ›
      </button>
      {inspectedPoint.value !== null && (
        <button type="button" title="Stop following a point" onClick={() => (inspectedPoint.value = null)}>
          Clear
        </button>
      )}
    </div>
  );
}

function GradientCheckLine({ layer }: { layer: number }) {
  const state = gradientCheck.value;
  if (state === null || state.kind !== 'done') return null;
  const row = state.report.layers.find((r) => r.layer === layer);
  if (row === undefined) return null;
  return (
    <p class={`small-text ${row.passed ? 'pass' : 'fail'}`} data-testid="math-gradcheck">
      Gradient check (epoch {state.report.epoch}): layer {layer}’s backpropagated dW{layer}, db{layer} and the finite differences differ by{' '}
      {row.difference.toExponential(1)}, {row.passed ? 'passed' : 'failed'} (bar {state.report.threshold.toExponential(0)}).
    </p>
  );
}

/**
 * The card's content for a report and the snapshot it came with. The panel hands them over at a
 * bounded rate while training (see MathPanel), so nothing here subscribes to the per-frame signals.
 */
export function MathBody({ report, shot, version }: { report: MathReport; shot: Snapshot | null; version: number }) {
  const L = report.layers.length;
  const selected = Math.min(Math.max(1, mathLayer.value), L);
  const layer = report.layers[selected - 1]!;
  const { optimizer, batchSize } = settings.value;
  const trace = report.trace;
  // Every snapshot brings a new report, but the equations change only with the layer, the shapes
  // and the settings (which their components read themselves): built again only then.
  // Adam's t is the one number of the equations that changes with every step.
  const t = optimizer === 'adam' ? (shot?.iteration ?? 0) : 0;
  const shapesKey = `${selected}|${L}|${report.m}|${layer.activation}|${JSON.stringify(layer.shapes)}`;
  const equations = useMemo(
    () => (
      <div class="math-columns">
        <div class="math-column">
          <h3>Forward</h3>
          <ForwardEquations layer={layer} L={L} />
        </div>
        <div class="math-column">
          <h3>Backward</h3>
          <BackwardEquations layer={layer} L={L} m={report.m} />
        </div>
        <div class="math-column">
          <h3>Update ({OPTIMIZER_NAMES[optimizer] ?? optimizer})</h3>
          <UpdateEquations layer={layer} t={t} />
          <GradientCheckLine layer={selected} />
        </div>
      </div>
    ),
    [shapesKey, optimizer, t],
  );
  const batchWords =
    batchSize > 0 && report.batches > 1
      ? `mini-batches of m = ${report.m} (${report.batches} per epoch over ${report.mTrain} training examples)`
      : `the full batch: m = ${report.m} training examples`;
  return (
    <div class="math-body" data-testid="math-panel">
      <LayerPicker L={L} />
      <p class="small-text muted">
        Layer {selected} of L = {L}, {layer.activation}; {batchWords}. Examples are columns.
      </p>
      {equations}
      <div class="math-columns two">
        <div class="math-column wide">
          <h3>One point through the network</h3>
          {trace === null ? <p class="small-text muted">Click a point on the output plot, or step through the examples, to see its z and a in every layer.</p> : <Trace trace={trace} report={report} shot={shot} selected={selected} />}
          <ExamplePicker trace={trace} />
        </div>
        <div class="math-column">
          <h3>Gradient size per layer</h3>
          <GradientChart layers={L} version={version} />
        </div>
      </div>
    </div>
  );
}
