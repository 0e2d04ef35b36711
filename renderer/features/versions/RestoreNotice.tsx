/**
 * The short notice after a restore or "Undo last change": what changed, and "Undo" to go back
 * to the configuration just before (at once, or through the confirmation when the file changed
 * again since). A polite live region that takes no focus. Presentational.
 */
import type { AppErrorData } from '../../../shared/errors.js';
import { ActionButton } from '../../components/ActionButton.js';

export interface RestoreNoticeProps {
  readonly text: string;
  readonly canUndo: boolean;
  readonly undoing: boolean;
  readonly undoError: AppErrorData | null;
  readonly onUndo: () => void;
  readonly onDismiss: () => void;
}

/** A `status` region with the notice, "Undo" and "Dismiss restore notice". */
export function RestoreNotice({ text, canUndo, undoing, undoError, onUndo, onDismiss }: RestoreNoticeProps) {
  return (
    <div role="status" className="restore-notice">
      <span className="restore-notice-text">
        {text}
        {undoError ? (
          <span className="form-error">
            {' '}
            Undo failed: <code>{undoError.code}</code> {undoError.message}
          </span>
        ) : null}
      </span>
      {canUndo ? (
        <ActionButton className="btn btn-small" unavailable={undoing} onClick={onUndo}>
          {undoing ? 'Undoing…' : 'Undo'}
        </ActionButton>
      ) : null}
      <button type="button" className="toast-close" aria-label="Dismiss restore notice" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
