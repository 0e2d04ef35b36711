/** Puts every store back to its initial state (zustand stores are module singletons). */
import { initialAddInstrumentState, useAddInstrumentStore } from '../stores/add-instrument-store.js';
import { initialAppStatusState, useAppStatusStore } from '../stores/app-status-store.js';
import { initialConfigState, useConfigStore } from '../stores/config-store.js';
import { initialDeviceActionsState, useDeviceActionsStore } from '../stores/device-actions-store.js';
import { initialHotReloadState, useHotReloadStore } from '../stores/hot-reload-store.js';
import { initialInstrumentEditState, useInstrumentEditStore } from '../stores/instrument-edit-store.js';
import { initialInstrumentsState, useInstrumentsStore } from '../stores/instruments-store.js';
import { initialLogState, useLogStore } from '../stores/log-store.js';
import { initialModuleRunsState, useModuleRunsStore } from '../stores/module-runs-store.js';
import { initialModulesState, useModulesStore } from '../stores/modules-store.js';
import { initialOperationsState, useOperationsStore } from '../stores/operations-store.js';
import { initialPersistenceState, usePersistenceStore } from '../stores/persistence-store.js';
import { initialReadingsState, useReadingsStore } from '../stores/readings-store.js';
import { initialRecordingsState, useRecordingsStore } from '../stores/recordings-store.js';
import { initialRemoveDialogState, useRemoveDialogStore } from '../stores/remove-dialog-store.js';
import { initialRestoreState, useRestoreStore } from '../stores/restore-store.js';
import { initialRowHighlightState, useRowHighlightStore } from '../stores/row-highlight-store.js';
import { initialSerialPortsState, useSerialPortsStore } from '../stores/serial-ports-store.js';
import { initialStagingState, useStagingStore } from '../stores/staging-store.js';
import { initialToastsState, useToastsStore } from '../stores/toasts-store.js';
import { initialTrendState, useTrendStore } from '../stores/trend-store.js';
import { initialTransactionsState, useTransactionsStore } from '../stores/transactions-store.js';
import { initialVersionsState, useVersionsStore } from '../stores/versions-store.js';

/** Resets all renderer stores; call it in `beforeEach`. */
export function resetStores(): void {
  useAddInstrumentStore.setState(initialAddInstrumentState);
  useAppStatusStore.setState(initialAppStatusState);
  useConfigStore.setState(initialConfigState);
  useDeviceActionsStore.setState(initialDeviceActionsState);
  useHotReloadStore.setState(initialHotReloadState);
  useInstrumentEditStore.setState(initialInstrumentEditState);
  useInstrumentsStore.setState(initialInstrumentsState);
  useLogStore.setState(initialLogState);
  useModuleRunsStore.setState(initialModuleRunsState);
  useModulesStore.setState(initialModulesState);
  useOperationsStore.setState(initialOperationsState);
  usePersistenceStore.setState(initialPersistenceState);
  useReadingsStore.setState(initialReadingsState);
  useRecordingsStore.setState(initialRecordingsState);
  useRemoveDialogStore.setState(initialRemoveDialogState);
  useRestoreStore.setState(initialRestoreState);
  useRowHighlightStore.setState(initialRowHighlightState);
  useSerialPortsStore.setState(initialSerialPortsState);
  useStagingStore.setState(initialStagingState);
  useToastsStore.setState(initialToastsState);
  useTransactionsStore.setState(initialTransactionsState);
  useTrendStore.setState(initialTrendState);
  useVersionsStore.setState(initialVersionsState);
}
