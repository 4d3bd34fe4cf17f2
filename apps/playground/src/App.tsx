import { Controls } from './components/Controls';
import { CostChart } from './components/CostChart';
import { DatasetPlot } from './components/DatasetPlot';
import { Diagnostics } from './components/Diagnostics';
import { Stats } from './components/Stats';

export function App() {
  return (
    <main class="app">
      <header>
        <h1>ann playground</h1>
        <p>
          Train a small network on one of <code>@ann/core</code>’s built-in datasets, in a Web Worker, and watch the
          cost, the decision boundary and core’s diagnostics as it learns.
        </p>
      </header>
      <section class="panel">
        <Controls />
      </section>
      <section class="panel">
        <Stats />
        <CostChart />
        <Diagnostics />
      </section>
      <section class="panel">
        <DatasetPlot />
      </section>
    </main>
  );
}
