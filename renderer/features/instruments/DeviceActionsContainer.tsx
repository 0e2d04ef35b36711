/** The "Device" section of one instrument's edit panel, wired to its store and the operations. */
import type { ParamValue } from '../../../shared/model/parameters.js';
import { useOperations } from '../../app/operations-context.js';
import { deviceActionKey } from '../../stores/device-action-operations.js';
import { useDeviceActionsStore } from '../../stores/device-actions-store.js';
import { useInstrument } from '../../stores/instruments-store.js';
import { useOperationsStore } from '../../stores/operations-store.js';
import { deviceActionsView } from './device-actions-view.js';
import { DeviceActions } from './DeviceActions.js';

export function DeviceActionsContainer({ id }: { id: string }) {
  const operations = useOperations();
  const view = useInstrument(id);
  const state = useDeviceActionsStore();
  const pending = useOperationsStore((s) => s.pending);
  if (!view) return null;
  const actions = deviceActionsView(id, view.type, view.config as Readonly<Record<string, ParamValue>>, state, (action) => pending[deviceActionKey(id, action)] === true);
  return (
    <DeviceActions
      id={id}
      actions={actions}
      running={view.status === 'running'}
      onDraftChange={(action, arg, raw) => state.draftChanged(id, action, arg, raw)}
      onRun={(action) => void operations.runDeviceAction(id, action)}
    />
  );
}
