/**
 * The restore notice wired to the restore and versions stores. It shows in the Versions view
 * while that is open (the page behind a modal view cannot be reached) and under the header
 * otherwise. Once undone it closes by itself after a few seconds; before, it stays until read.
 */
import { useEffect } from 'react';
import { useOperations } from '../../app/operations-context.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { canUndoRestore, useRestoreStore } from '../../stores/restore-store.js';
import { useVersionsStore } from '../../stores/versions-store.js';
import { RestoreNotice } from './RestoreNotice.js';
import { noticeText } from './version-view.js';

/** How long "Undone: …" stays. */
const UNDONE_SHOWN_MS = 6000;

/** The notice in `place`, or nothing. */
export function RestoreNoticeContainer({ place }: { place: 'page' | 'versions' }) {
  const operations = useOperations();
  const notice = useRestoreStore((s) => s.notice);
  const undoError = useRestoreStore((s) => s.undoError);
  const dismiss = useRestoreStore((s) => s.noticeDismissed);
  const viewOpen = useVersionsStore((s) => s.open);
  const undoing = useIsPending(operationKey.rollback());
  const undone = notice?.undoneSummary != null;
  useEffect(() => {
    if (!undone) return;
    const timer = setTimeout(dismiss, UNDONE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [undone, dismiss]);
  if (!notice || viewOpen !== (place === 'versions')) return null;
  return (
    <RestoreNotice
      text={noticeText(notice, Date.now())}
      canUndo={canUndoRestore(notice)}
      undoing={undoing}
      undoError={undoError}
      onUndo={() => void operations.undoRestore()}
      onDismiss={dismiss}
    />
  );
}
