import { Controls } from './components/Controls';
import { CostChart } from './components/CostChart';
import { DatasetPlot } from './components/DatasetPlot';
import { Stats } from './components/Stats';

export function App() {
  return (
    <main class="app">
      <header>
        <h1>ann playground</h1>
        <p>
          Train a small network on the planar “flower” dataset, in a Web Worker running <code>@ann/core</code>.
        </p>
      </header>
      <section class="panel">
        <Controls />
        <Stats />
      </section>
      <section class="panel">
        <CostChart />
      </section>
      <section class="panel">
        <DatasetPlot />
      </section>
    </main>
  );
}
