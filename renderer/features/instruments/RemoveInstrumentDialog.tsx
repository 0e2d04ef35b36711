/**
 * The confirmation before removing an instrument: a modal `<dialog>` (the page behind it is
 * inert, Escape cancels) that names the instrument and the modules that use it. Focus starts
 * on Cancel, the safe choice, and returns to where it was when the dialog closes.
 */
import { useEffect, useRef } from 'react';
import type { AppErrorData } from '../../../shared/errors.js';
import type { Dependent } from '../../../shared/model/runtime.js';
import { ActionButton } from '../../components/ActionButton.js';

export interface RemoveInstrumentDialogProps {
  readonly id: string;
  readonly name: string | undefined;
  readonly usedBy: readonly Dependent[];
  readonly error: AppErrorData | null;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onRemove: () => void;
  readonly onRemoveAnyway: () => void;
}

/** Where focus goes when the element that opened the dialog is gone (its row was removed). */
const FALLBACK_FOCUS_ID = 'instruments-heading';

/** The dialog named "Remove instrument <id>" with buttons Cancel, Remove and Remove anyway. */
export function RemoveInstrumentDialog(props: RemoveInstrumentDialogProps) {
  const { id, name, usedBy, error, busy } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Opening a modal dialog and restoring focus are DOM commands with no declarative form.
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      const target = opener?.isConnected ? opener : document.getElementById(FALLBACK_FOCUS_ID);
      target?.focus();
    };
  }, []);

  const inUse = usedBy.length > 0 || error?.code === 'IN_USE';
  const titleId = `remove-${id}-title`;
  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={`remove-${id}-body`}
      aria-modal="true"
      onCancel={(e) => {
        // Escape: close through the store so state and DOM agree.
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId}>Remove instrument {id}</h2>
      <div id={`remove-${id}-body`}>
        <p>
          {name ? (
            <>
              <strong>{name}</strong> (<code>{id}</code>)
            </>
          ) : (
            <code>{id}</code>
          )}{' '}
          will be stopped and removed from the configuration.
        </p>
        {usedBy.length > 0 ? (
          <>
            <p>It is used by these modules (role):</p>
            <ul className="dependents">
              {usedBy.map((d) => (
                <li key={`${d.moduleId}:${d.role}`}>
                  <strong>{d.moduleId}</strong> ({d.role})
                </li>
              ))}
            </ul>
            <p className="muted">Removing it anyway clears those roles; the modules cannot run until they are reassigned.</p>
          </>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          <code>{error.code}</code> {error.message}
        </p>
      ) : null}
      <div className="form-actions">
        <button ref={cancelRef} type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <ActionButton className="btn btn-danger" unavailable={busy} onClick={props.onRemove}>
          Remove
        </ActionButton>
        {inUse ? (
          <ActionButton className="btn btn-danger btn-strong" unavailable={busy} onClick={props.onRemoveAnyway}>
            Remove anyway
          </ActionButton>
        ) : null}
      </div>
    </dialog>
  );
}
