/** The live readout of one channel: value with unit and its sparkline. */
import { Sparkline } from '../../components/Sparkline.js';

export interface ChannelReadingProps {
  /** Shown before the value when an instrument has several channels. */
  readonly channel: string | undefined;
  /** The formatted value, or undefined before the first reading. */
  readonly text: string | undefined;
  readonly trend: readonly number[] | undefined;
  /** The instrument is not running: the value is the last one it sent. */
  readonly stale: boolean;
  /** Opens the larger live plot; the trend line is then a button named `trendLabel`. */
  readonly onOpenTrend?: (() => void) | undefined;
  readonly trendLabel?: string;
}

/** One channel's value and trend, on one compact line. */
export function ChannelReading({ channel, text, trend, stale, onOpenTrend, trendLabel }: ChannelReadingProps) {
  return (
    <div className={stale ? 'reading reading-stale' : 'reading'}>
      {channel ? <span className="reading-channel">{channel}</span> : null}
      <span className="reading-value">{text ?? '—'}</span>
      {onOpenTrend ? (
        <button type="button" className="trend-button" aria-label={trendLabel} aria-haspopup="dialog" title="Open a larger live plot" onClick={onOpenTrend}>
          <Sparkline points={trend} />
        </button>
      ) : (
        <Sparkline points={trend} />
      )}
    </div>
  );
}
