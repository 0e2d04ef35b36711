/** The edit panel wired to the edit, instruments, operations and staging stores. */
import { useShallow } from 'zustand/react/shallow';
import { useOperations } from '../../app/operations-context.js';
import { useConnection } from '../../stores/app-status-store.js';
import { useInstrumentEditStore } from '../../stores/instrument-edit-store.js';
import { useInstrument } from '../../stores/instruments-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { useStagingOn } from '../../stores/staging-store.js';
import { DeviceActionsContainer } from './DeviceActionsContainer.js';
import { editPanelView } from './edit-panel-view.js';
import { EditInstrumentDialog } from './EditInstrumentDialog.js';
import { displayStatus, statusNote, typeLabel } from './instrument-view.js';
import { InstrumentLiveValue } from './LiveValueContainer.js';

/** The panel for the instrument `id` (mounted while the edit store names it). */
export function EditDialogContainer({ id }: { id: string }) {
  const operations = useOperations();
  const view = useInstrument(id);
  const connection = useConnection();
  const saving = useIsPending(operationKey.saveEdits(id));
  const staging = useStagingOn();
  const state = useInstrumentEditStore();
  const actions = useInstrumentEditStore(
    useShallow((s) => ({
      draftChanged: s.draftChanged,
      conflictResolved: s.conflictResolved,
      reverted: s.reverted,
      closeRequested: s.closeRequested,
      editClosed: s.editClosed,
      closeCancelled: s.closeCancelled,
    })),
  );
  const panel = editPanelView(state, saving, staging);
  if (!view || !panel) return null;
  const status = displayStatus(view.status, connection);
  return (
    <EditInstrumentDialog
      id={id}
      name={view.name}
      typeLabel={typeLabel(view.type)}
      status={status}
      statusReason={statusNote(view, connection, true)}
      liveValue={<InstrumentLiveValue view={view} stale={status !== 'running'} />}
      deviceActions={<DeviceActionsContainer id={id} />}
      view={panel}
      staging={staging}
      saveError={state.saveError}
      confirmingClose={state.confirmingClose}
      onDraftChange={actions.draftChanged}
      onResolve={actions.conflictResolved}
      onSave={() => void operations.saveEdits()}
      onRevert={actions.reverted}
      onClose={actions.closeRequested}
      onDiscard={actions.editClosed}
      onKeepEditing={actions.closeCancelled}
    />
  );
}
