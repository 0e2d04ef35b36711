/** The trend dialog wired to the trend store, the reading history and the instrument's channels. */
import { useMemo } from 'react';
import { useInstrument } from '../../stores/instruments-store.js';
import { readingHistory } from '../../stores/reading-history.js';
import { TREND_WINDOWS, useTrendStore } from '../../stores/trend-store.js';
import { TrendDialog } from './TrendDialog.js';
import { trendPlotData } from './trend-plot.js';

export function TrendDialogContainer({ id }: { id: string }) {
  const view = useInstrument(id);
  const { windowMs, hidden, revision, windowChosen, channelToggled, trendClosed } = useTrendStore();
  const data = useMemo(() => {
    if (!view) return null;
    // The window ends at the newest reading, so a paused instrument's last minutes stay in view.
    const newest = Math.max(0, ...view.channels.map((c) => readingHistory.newest(`${id}:${c.name}`) ?? 0));
    return trendPlotData(view, hidden, (key) => readingHistory.since(key, newest - windowMs));
    // `revision` moves when this instrument's readings arrive: the history is read again then.
  }, [view, id, hidden, windowMs, revision]);
  if (!view || !data) return null;
  return (
    <TrendDialog
      id={id}
      windows={TREND_WINDOWS}
      windowMs={windowMs}
      channels={view.channels.map((c) => ({ name: c.name, unit: c.unit, shown: !hidden.includes(c.name) }))}
      data={data}
      onWindow={windowChosen}
      onToggleChannel={channelToggled}
      onClose={trendClosed}
    />
  );
}
