/** The log region wired to the log store. Names: region "Log", select "Level", log "Log entries". */
import { logFilters, useLogFilter, useLogStore, useVisibleLogEntries } from '../../stores/log-store.js';
import { LogPanel } from './LogPanel.js';

/** The log region. */
export function LogContainer() {
  const entries = useVisibleLogEntries();
  const filter = useLogFilter();
  const onFilterChange = useLogStore((s) => s.levelFilterChanged);
  return <LogPanel entries={entries} filter={filter} filters={logFilters} onFilterChange={onFilterChange} />;
}
