// The page: the top bar, then the data column, the network view (and the diagnostics) in the
// centre, and the output plot with the numbers, its options and the cost chart on the right. On a
// phone everything stacks in one column: the run buttons and the output plot stay at the top of
// the screen while the rest scrolls beneath them (styles.css reorders the cards there).
import type { Client } from './client';
import { CostChart } from './components/CostChart';
import { DataPanel } from './components/DataPanel';
import { Diagnostics, UrlNotices } from './components/Diagnostics';
import { NetworkView } from './components/NetworkView';
import { OutputPlot, PlotOptions } from './components/OutputPlot';
import { Landscape } from './components/Landscape';
import { LessonCard, LessonsMenu } from './components/Lessons';
import { MathPanel } from './components/MathPanel';
import { ModelTools } from './components/ModelTools';
import { Runs } from './components/Runs';
import { TopBar } from './components/TopBar';
import { configuring, diagnostics } from './state';

export function App({ client }: { client: Client }) {
  return (
    <div class={`app ${configuring.value ? 'is-configuring' : ''}`}>
      <TopBar client={client} />
      <UrlNotices />
      <LessonCard />
      <main class="workspace">
        {/* In reading order (left to right on a laptop), which is also the order Tab takes. */}
        <DataPanel client={client} />
        <NetworkView client={client} />
        <Diagnostics entries={diagnostics.value} />
        <div class="plot-column">
          <OutputPlot />
          <PlotOptions />
          <CostChart />
        </div>
        <div class="side-column">
          <LessonsMenu />
          <ModelTools client={client} />
        </div>
        <Runs client={client} />
      </main>
      <MathPanel />
      <Landscape client={client} />
    </div>
  );
}
