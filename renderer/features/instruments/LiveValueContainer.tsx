/**
 * The live value cell of one instrument, wired to the readings store: one line per channel, each
 * its own container so a new reading re-renders only that line. Used by the table row and the
 * edit panel's head.
 */
import type { InstrumentView } from '../../../shared/model/runtime.js';
import { readingKey, useLatestReading, useTrend } from '../../stores/readings-store.js';
import { channelLabels, readingText } from './instrument-view.js';
import { ChannelReading } from './LiveValue.js';

/** Every channel of `view`; `stale` greys the values (not running, or the core unreachable). */
export function InstrumentLiveValue({ view, stale, onOpenTrend }: { view: InstrumentView; stale: boolean; onOpenTrend?: () => void }) {
  if (view.channels.length === 0) return <span className="muted">no data channels</span>;
  return (
    <>
      {view.channels.map((c) => (
        <ChannelReadingContainer
          key={c.name}
          channelKey={readingKey(view.id, c.name)}
          label={view.channels.length > 1 ? c.name : undefined}
          labels={channelLabels(view, c.name)}
          stale={stale}
          onOpenTrend={onOpenTrend}
          trendLabel={view.channels.length > 1 ? `Trend of ${view.id} (${c.name})` : `Trend of ${view.id}`}
        />
      ))}
    </>
  );
}

interface ChannelReadingContainerProps {
  readonly channelKey: string;
  readonly label: string | undefined;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly stale: boolean;
  readonly onOpenTrend: (() => void) | undefined;
  readonly trendLabel: string;
}

function ChannelReadingContainer({ channelKey, label, labels, stale, onOpenTrend, trendLabel }: ChannelReadingContainerProps) {
  const reading = useLatestReading(channelKey);
  const trend = useTrend(channelKey);
  return <ChannelReading channel={label} text={reading ? readingText(reading.value, reading.unit, labels) : undefined} trend={trend} stale={stale} onOpenTrend={onOpenTrend} trendLabel={trendLabel} />;
}
