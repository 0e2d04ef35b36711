/**
 * The status bar wired to the stores. Names: button "Reload from file"; the persistence
 * `status` "N change(s) not saved to file: <reason>" with button "Save to file"; "N new errors in
 * log" with button "Mark as seen".
 */
import { useOperations } from '../../app/operations-context.js';
import { useAppStatusStore, useConnection } from '../../stores/app-status-store.js';
import { useConfigPath } from '../../stores/config-store.js';
import { useInstrumentSummary } from '../../stores/instruments-store.js';
import { useLogErrorCount, useLogStore } from '../../stores/log-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { ReloadFromFileButton } from '../hot-reload/index.js';
import { PersistenceContainer } from '../persistence/index.js';
import { StatusBar } from './StatusBar.js';

/** The footer status bar. */
export function StatusBarContainer() {
  const operations = useOperations();
  const reloading = useIsPending(operationKey.reloadFromFile());
  return (
    <StatusBar
      connection={useConnection()}
      transport={useAppStatusStore((s) => s.transport)}
      configPath={useConfigPath()}
      summary={useInstrumentSummary()}
      errorCount={useLogErrorCount()}
      onErrorsSeen={useLogStore.getState().errorsSeen}
      reload={<ReloadFromFileButton busy={reloading} onReload={() => void operations.reloadFromFile()} />}
      persistence={<PersistenceContainer />}
    />
  );
}
