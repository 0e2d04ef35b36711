/**
 * The larger trend plot's data: the chosen channels of one instrument over the time window,
 * on one time axis (the union of their timestamps; a channel without a reading at a time has a
 * gap there, which the line spans), each with its unit on its axis.
 */
import type { InstrumentView } from '../../../shared/model/runtime.js';
import { plotColor, type PlotData } from '../../components/plot-model.js';
import { readingKey } from '../../stores/readings-store.js';

export interface TimedSeries {
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/** Plot data for the channels shown, times in seconds (uPlot's time scale). */
export function trendPlotData(
  view: Pick<InstrumentView, 'id' | 'channels'>,
  hidden: readonly string[],
  seriesOf: (key: string) => TimedSeries,
): PlotData {
  const shown = view.channels.filter((c) => !hidden.includes(c.name));
  const series = shown.map((c) => seriesOf(readingKey(view.id, c.name)));
  const times = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  return {
    x: { label: 'Time', unit: '', time: true, values: times.map((t) => t / 1000) },
    series: shown.map((c, n) => {
      const values: (number | null)[] = times.map(() => null);
      const s = series[n] as TimedSeries;
      s.times.forEach((t, i) => (values[at.get(t) as number] = s.values[i] as number));
      return { label: c.name, unit: c.unit, values, color: plotColor(n) };
    }),
  };
}
