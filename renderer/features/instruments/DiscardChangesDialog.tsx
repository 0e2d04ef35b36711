/**
 * The question before the edit panel closes with unsaved changes: a modal alert dialog named
 * "Discard unsaved changes?" above the panel, with "Discard" and "Keep editing". Focus starts on
 * "Keep editing", the choice that loses nothing, and Escape picks it too.
 */
import { useRef } from 'react';
import { useModalDialog } from '../../components/use-modal-dialog.js';

export interface DiscardChangesDialogProps {
  readonly id: string;
  /** Changed fields plus unresolved conflicts. */
  readonly count: number;
  readonly onDiscard: () => void;
  readonly onKeepEditing: () => void;
}

export function DiscardChangesDialog({ id, count, onDiscard, onKeepEditing }: DiscardChangesDialogProps) {
  const keepRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useModalDialog(keepRef);

  const titleId = `discard-${id}-title`;
  return (
    <dialog
      ref={dialogRef}
      role="alertdialog"
      className="dialog dialog-discard"
      aria-labelledby={titleId}
      aria-describedby={`discard-${id}-body`}
      aria-modal="true"
      onCancel={(e) => {
        e.preventDefault();
        e.stopPropagation();
        onKeepEditing();
      }}
    >
      <h2 id={titleId}>Discard unsaved changes?</h2>
      <p id={`discard-${id}-body`}>
        {count === 1 ? '1 change' : `${count} changes`} to <code>{id}</code> {count === 1 ? 'is' : 'are'} not saved. Discarding leaves the
        instrument as it is.
      </p>
      <div className="form-actions">
        <button ref={keepRef} type="button" className="btn btn-primary" onClick={onKeepEditing}>
          Keep editing
        </button>
        <button type="button" className="btn btn-danger" onClick={onDiscard}>
          Discard
        </button>
      </div>
    </dialog>
  );
}
