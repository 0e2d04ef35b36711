/**
 * The restore dialog wired to the restore store and the operations, while it is open.
 * Names: dialog "Restore the version of <time>" or "Undo last change"; list "What restoring
 * changes"; details "Lines of the file that change"; buttons "Cancel" and "Restore"
 * ("Restoring…" in flight); a note on the open change set while one is staged.
 */
import { useOperations } from '../../app/operations-context.js';
import { useNow } from '../../components/use-now.js';
import { useConfigPath } from '../../stores/config-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { hasLineChanges, selectCanRestore, useRestoreStore } from '../../stores/restore-store.js';
import { selectOpenChangeSet, useTransactionsStore } from '../../stores/transactions-store.js';
import { configFileName } from '../transactions/preview-diff.js';
import { RestoreDialog } from './RestoreDialog.js';
import { createVersionDiffRenderer } from './version-diff.js';
import { openChangeSetNote, restoreDialogText, summaryNote, summarySections } from './version-view.js';

const restoreDiff = createVersionDiffRenderer();

/** The dialog, or nothing while no restore is asked for. */
export function RestoreDialogContainer() {
  const purpose = useRestoreStore((s) => s.purpose);
  return purpose === null ? null : <OpenRestoreDialog />;
}

function OpenRestoreDialog() {
  const operations = useOperations();
  const state = useRestoreStore();
  const canRestore = useRestoreStore(selectCanRestore);
  const restoring = useIsPending(operationKey.rollback());
  const fileName = configFileName(useConfigPath());
  const now = useNow(60_000);
  const staged = useTransactionsStore((s) => selectOpenChangeSet(s)?.operations.length ?? null);
  const { title, intro } = restoreDialogText(state.purpose ?? 'restore', state.version, now);
  const preview = state.preview;
  const sections = preview ? summarySections(preview.summary, 'restore') : null;
  return (
    <RestoreDialog
      title={title}
      intro={intro}
      sections={sections}
      note={preview && sections ? summaryNote(preview.summary, sections, hasLineChanges(preview.unified)) : null}
      diffHtml={preview ? restoreDiff(preview.unified, fileName, 'line-by-line') : null}
      changeSetNote={openChangeSetNote(staged)}
      loadError={state.loadError}
      nothingToUndo={state.nothingToUndo}
      error={state.error}
      canRestore={canRestore}
      restoring={restoring}
      onRestore={() => void operations.confirmRestore()}
      onCancel={state.dialogClosed}
    />
  );
}
