/** The remove dialog wired to the remove-dialog, instruments and modules stores and the operations. */
import { useShallow } from 'zustand/react/shallow';
import { useOperations } from '../../app/operations-context.js';
import { useInstrument, useInstrumentsStore } from '../../stores/instruments-store.js';
import { useModulesStore } from '../../stores/modules-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import {
  dependentModules,
  selectDependents,
  selectDependentsError,
  selectReassignComplete,
  selectRemoveError,
  selectRemoveNotice,
  selectReplacements,
  useRemoveDialogStore,
} from '../../stores/remove-dialog-store.js';
import { useStagingOn } from '../../stores/staging-store.js';
import { dependentRows } from './removal-plan.js';
import { RemoveInstrumentDialog } from './RemoveInstrumentDialog.js';

/** The dialog for the instrument `id`. */
export function RemoveDialogContainer({ id }: { id: string }) {
  const operations = useOperations();
  const view = useInstrument(id);
  const dependents = useRemoveDialogStore(selectDependents);
  const replacements = useRemoveDialogStore(selectReplacements);
  const ready = useRemoveDialogStore(selectReassignComplete);
  const loadError = useRemoveDialogStore(selectDependentsError);
  const notice = useRemoveDialogStore(selectRemoveNotice);
  const error = useRemoveDialogStore(selectRemoveError);
  const close = useRemoveDialogStore((s) => s.dialogClosed);
  const choose = useRemoveDialogStore((s) => s.replacementChosen);
  const modules = useModulesStore((s) => s.byId);
  const instruments = useInstrumentsStore(useShallow((s) => s.ids.map((i) => s.byId[i]).filter((v) => v !== undefined)));
  const busy = useIsPending(operationKey.remove(id));
  const staging = useStagingOn();
  return (
    <RemoveInstrumentDialog
      id={id}
      name={view?.name}
      dependents={dependents === null ? null : dependentRows(id, dependents, modules, instruments, replacements)}
      modules={dependents === null ? [] : dependentModules(dependents)}
      loadError={loadError}
      notice={notice}
      error={error}
      busy={busy}
      reassignReady={ready}
      staging={staging}
      onCancel={close}
      onRemove={() => void operations.removeInstrument()}
      onRemoveAnyway={() => void operations.removeInstrumentAnyway()}
      onRemoveWithModules={() => void operations.removeWithModules()}
      onReassign={() => void operations.reassignAndRemove()}
      onChooseReplacement={choose}
    />
  );
}
