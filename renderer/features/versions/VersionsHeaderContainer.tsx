/**
 * The header's "Undo last change" and "Versions" buttons. It also keeps the versions list in
 * step: the core announces no new versions, so the list is asked for again whenever a batch
 * changed the configuration (counted by the subscription router) — here, since the header is
 * always there, so "Undo last change" knows whether there is anything to undo.
 * "Undo last change" is hidden where versioning is turned off.
 */
import { useEffect } from 'react';
import { useOperations } from '../../app/operations-context.js';
import { ActionButton } from '../../components/ActionButton.js';
import { useAppState } from '../../stores/app-status-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { useRestoreStore } from '../../stores/restore-store.js';
import { needsVersionList, selectUndoTarget, useVersionsStore } from '../../stores/versions-store.js';

/** The two header buttons. */
export function VersionsHeaderContainer() {
  const operations = useOperations();
  const ready = useAppState() === 'ready';
  const wantsList = useVersionsStore(needsVersionList);
  const unavailable = useVersionsStore((s) => s.unavailable);
  const target = useVersionsStore(selectUndoTarget);
  const openView = useVersionsStore((s) => s.viewOpened);
  const restoreOpen = useRestoreStore((s) => s.purpose !== null);
  const rollingBack = useIsPending(operationKey.rollback());

  useEffect(() => {
    if (ready && wantsList) void operations.refreshVersions();
  }, [ready, wantsList, operations]);

  return (
    <>
      {unavailable === null ? (
        <ActionButton
          className="btn btn-header"
          unavailable={!ready || target === null || restoreOpen || rollingBack}
          title={target ? `Go back to before: ${target.summary || 'the latest change'}` : 'No change has been kept yet'}
          onClick={() => void operations.undoLastChange()}
        >
          Undo last change
        </ActionButton>
      ) : null}
      <ActionButton className="btn btn-header" unavailable={!ready} title="The config file's history: compare, label, restore" onClick={openView}>
        Versions
      </ActionButton>
    </>
  );
}
