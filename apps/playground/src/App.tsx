// The page: the top bar, then the data column, the network view in the centre, and the output
// plot with the numbers, the cost chart and the diagnostics on the right (stacked on a phone,
// with the output plot kept in view).
import type { Client } from './client';
import { CostChart } from './components/CostChart';
import { DataPanel } from './components/DataPanel';
import { Diagnostics, UrlNotices } from './components/Diagnostics';
import { NetworkView } from './components/NetworkView';
import { OutputPlot } from './components/OutputPlot';
import { TopBar } from './components/TopBar';
import { configuring, diagnostics } from './state';

export function App({ client }: { client: Client }) {
  return (
    <div class={`app ${configuring.value ? 'is-configuring' : ''}`}>
      <TopBar client={client} />
      <UrlNotices />
      <main class="workspace">
        <OutputPlot />
        <NetworkView client={client} />
        <DataPanel client={client} />
        <CostChart />
        <Diagnostics entries={diagnostics.value} />
      </main>
    </div>
  );
}
