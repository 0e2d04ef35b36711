/** The status bar wired to the stores. The "not saved to file: <reason>" notice is a `status`. */
import { useAppStatusStore, useConnection, useNotSavedReason } from '../../stores/app-status-store.js';
import { useConfigPath } from '../../stores/config-store.js';
import { useInstrumentSummary } from '../../stores/instruments-store.js';
import { useLogErrorCount } from '../../stores/log-store.js';
import { StatusBar } from './StatusBar.js';

/** The footer status bar. */
export function StatusBarContainer() {
  return (
    <StatusBar
      connection={useConnection()}
      transport={useAppStatusStore((s) => s.transport)}
      configPath={useConfigPath()}
      summary={useInstrumentSummary()}
      errorCount={useLogErrorCount()}
      notSavedReason={useNotSavedReason()}
    />
  );
}
