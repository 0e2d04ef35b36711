/**
 * The confirmation before going back to a version ("Restore …" or "Undo last change"): a modal
 * `<dialog>` that first shows what would change on the bench — instruments added and started,
 * stopped and removed, retuned with old → new values, modules affected — and the file's lines,
 * and only then offers Restore. Focus starts on Cancel, the safe choice, and returns to where
 * it was. Presentational: every text and the diff's markup come in as props.
 */
import { useRef } from 'react';
import { useModalDialog } from '../../components/use-modal-dialog.js';
import type { AppErrorData } from '../../../shared/errors.js';
import { ActionButton } from '../../components/ActionButton.js';
import { ChangeSummary } from './ChangeSummary.js';
import type { SummarySection } from './version-view.js';

export interface RestoreDialogProps {
  readonly title: string;
  /** What going back means here, in one sentence; null while the version is still being looked for. */
  readonly intro: string | null;
  /** Null while the core is being asked what would change. */
  readonly sections: readonly SummarySection[] | null;
  readonly note: string | null;
  /** The file's lines, line by line; null when none differ. */
  readonly diffHtml: string | null;
  /** What the restore means for the change set being staged; null when none is open. */
  readonly changeSetNote: string | null;
  readonly loadError: AppErrorData | null;
  readonly nothingToUndo: boolean;
  readonly error: AppErrorData | null;
  readonly canRestore: boolean;
  readonly restoring: boolean;
  readonly onRestore: () => void;
  readonly onCancel: () => void;
}

/** The dialog named by `title` ("Restore the version of …", "Undo last change"). */
export function RestoreDialog(props: RestoreDialogProps) {
  const { title, intro, sections, note, diffHtml, changeSetNote, loadError, nothingToUndo, error, canRestore, restoring } = props;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useModalDialog(cancelRef);
  const waiting = sections === null && loadError === null && !nothingToUndo;
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog-restore"
      aria-labelledby="restore-title"
      aria-modal="true"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="restore-title">{title}</h2>
      {intro ? <p>{intro}</p> : null}
      {waiting ? (
        <p className="muted" role="status">
          Checking what would change…
        </p>
      ) : null}
      {nothingToUndo ? <p role="status">Nothing to undo: the file is the same as its newest versions.</p> : null}
      {loadError ? (
        <p className="form-error" role="alert">
          Could not tell what would change: <code>{loadError.code}</code> {loadError.message}
        </p>
      ) : null}
      {sections !== null ? (
        <>
          <h3 className="restore-heading">What restoring changes</h3>
          <ChangeSummary sections={sections} note={note} label="What restoring changes" />
          {diffHtml ? (
            <details className="restore-lines">
              <summary>Lines of the file that change</summary>
              <div className="version-diff version-diff-line-by-line" dangerouslySetInnerHTML={{ __html: diffHtml }} />
            </details>
          ) : null}
        </>
      ) : null}
      {changeSetNote ? <p className="restore-change-set">{changeSetNote}</p> : null}
      {error ? (
        <p className="form-error" role="alert">
          Not restored: <code>{error.code}</code> {error.message}
        </p>
      ) : null}
      <div className="form-actions">
        <button ref={cancelRef} type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <ActionButton className="btn btn-primary" unavailable={!canRestore || restoring} onClick={props.onRestore}>
          {restoring ? 'Restoring…' : 'Restore'}
        </ActionButton>
      </div>
    </dialog>
  );
}
