/**
 * The event log: level, time, source and message per line, newest at the bottom, with a level
 * filter. It follows new lines while scrolled to the bottom and stays put when the operator has
 * scrolled up to read.
 */
import { useLayoutEffect, useRef } from 'react';
import type { KeyedLogEntry, LogFilter } from '../../stores/log-store.js';
import { formatLogTime } from '../../components/format-value.js';

export interface LogPanelProps {
  readonly entries: readonly KeyedLogEntry[];
  readonly filter: LogFilter;
  readonly filters: readonly LogFilter[];
  readonly onFilterChange: (filter: LogFilter) => void;
}

const filterLabels: Readonly<Record<LogFilter, string>> = {
  all: 'All',
  error: 'Errors',
  warn: 'Warnings and up',
  info: 'Info and up',
  debug: 'Debug and up',
};

/** How close to the bottom (px) still counts as "at the bottom". */
const PIN_SLACK = 24;

/** The region named "Log" with a "Level" filter and a `log` list named "Log entries". */
export function LogPanel({ entries, filter, filters, onFilterChange }: LogPanelProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // Scrolling is a DOM command; it follows the rendered lines, not the data flow.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && pinned.current) list.scrollTop = list.scrollHeight;
  }, [entries]);

  return (
    <section className="panel panel-log" aria-labelledby="log-heading">
      <div className="panel-head">
        <h2 id="log-heading">Log</h2>
        <label className="inline-field">
          Level
          <select value={filter} onChange={(e) => onFilterChange(e.target.value as LogFilter)}>
            {filters.map((f) => (
              <option key={f} value={f}>
                {filterLabels[f]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div
        ref={listRef}
        className="log-list"
        role="log"
        aria-label="Log entries"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_SLACK;
        }}
      >
        {entries.length === 0 ? <p className="muted">No log entries.</p> : null}
        {entries.map((e) => (
          <div key={e.key} className={`log-row log-${e.level}`}>
            <span className="log-level">{e.level}</span>
            <time className="log-time" dateTime={e.time}>
              {formatLogTime(e.time)}
            </time>
            <span className="log-source">{e.source}</span>
            <span className="log-message">{e.message}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
