/** A module's latest results: a plot (scan, monitor) or the last frame's figures (imaging). */
import { Plot } from '../../components/Plot.js';
import { formatStat } from './module-roles.js';
import type { ResultsView } from './results-plot.js';

/** The figure named "Results of <id>", or a list of figures with the same name. */
export function ModuleResults({ moduleId, view }: { moduleId: string; view: ResultsView }) {
  if (view.kind === 'none') return null;
  if (view.kind === 'plot') return <Plot data={view.data} label={`Results of ${moduleId}`} />;
  return (
    <dl className="module-figures" aria-label={`Results of ${moduleId}`}>
      {view.figures.map((f) => (
        <div key={f.name}>
          <dt>{f.name.replaceAll('_', ' ')}</dt>
          <dd>
            {formatStat(f.value)}
            {f.unit ? ` ${f.unit}` : ''}
          </dd>
        </div>
      ))}
    </dl>
  );
}
