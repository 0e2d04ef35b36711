/**
 * The confirmation before removing an instrument: a modal `<dialog>` (the page behind it is
 * inert, Escape cancels) that names the instrument and, when modules use it, each module and
 * role with the module's state, and the ways out: reassign the roles, remove the modules too,
 * or remove anyway. While a change set takes changes each choice is staged instead (and
 * removing the modules along, which cannot be staged, is not offered). Focus starts on Cancel, the safe choice, and returns to where it was when
 * the dialog closes.
 */
import { useRef } from 'react';
import { useModalDialog } from '../../components/use-modal-dialog.js';
import type { AppErrorData } from '../../../shared/errors.js';
import { ActionButton } from '../../components/ActionButton.js';
import { ReassignRoles } from './ReassignRoles.js';
import type { DependentRow } from './removal-plan.js';

export interface RemoveInstrumentDialogProps {
  readonly id: string;
  readonly name: string | undefined;
  /** The dependent roles; null while the core is being asked. */
  readonly dependents: readonly DependentRow[] | null;
  /** The modules "Remove with its modules" takes along. */
  readonly modules: readonly string[];
  readonly loadError: AppErrorData | null;
  readonly notice: string | null;
  readonly error: AppErrorData | null;
  readonly busy: boolean;
  readonly reassignReady: boolean;
  readonly staging: boolean;
  readonly onCancel: () => void;
  readonly onRemove: () => void;
  readonly onRemoveAnyway: () => void;
  readonly onRemoveWithModules: () => void;
  readonly onReassign: () => void;
  readonly onChooseReplacement: (moduleId: string, role: string, instrumentId: string) => void;
}

/** Where focus goes when the element that opened the dialog is gone (its row was removed). */
const FALLBACK_FOCUS_ID = 'instruments-heading';

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** The dialog named "Remove instrument <id>". */
export function RemoveInstrumentDialog(props: RemoveInstrumentDialogProps) {
  const { id, name, dependents, modules, loadError, notice, error, busy, staging } = props;
  const cancelRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useModalDialog(cancelRef, FALLBACK_FOCUS_ID);

  const inUse = dependents !== null && dependents.length > 0;
  const titleId = `remove-${id}-title`;
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog-remove"
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
          {staging
            ? 'will be removed from the configuration when the change set is committed; until then nothing changes.'
            : 'will be stopped and removed from the configuration.'}
        </p>
        {dependents === null ? <p className="muted">Checking which modules use it…</p> : null}
        {loadError ? (
          <p className="form-error">
            Could not check which modules use it: <code>{loadError.code}</code> {loadError.message}
          </p>
        ) : null}
        {inUse ? (
          <>
            <p>It is used by {dependents.length === 1 ? 'this module role' : 'these module roles'}:</p>
            <ul className="dependents">
              {dependents.map((d) => (
                <li key={d.key}>
                  <strong>{d.moduleId}</strong> <span className="muted">role</span> <code>{d.role}</code>{' '}
                  <span className={`status status-${d.moduleState}`}>{d.running ? 'running' : d.moduleState}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      {notice ? (
        <p className="dialog-notice" role="alert">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          <code>{error.code}</code> {error.message}
        </p>
      ) : null}
      {inUse ? (
        <>
          <ReassignRoles
            targetId={id}
            rows={dependents}
            ready={props.reassignReady}
            busy={busy}
            staging={staging}
            onChoose={props.onChooseReplacement}
            onReassign={props.onReassign}
          />
          <section className="remove-choice" aria-labelledby={`remove-${id}-other`}>
            <h3 id={`remove-${id}-other`}>Or remove it regardless</h3>
            {staging ? null : (
              <div className="choice-row">
                <ActionButton className="btn btn-danger" unavailable={busy} onClick={props.onRemoveWithModules}>
                  Remove with its modules
                </ActionButton>
                <span className="choice-note">
                  Also removes {modules.length === 1 ? 'module' : 'modules'} {list(modules)}.
                </span>
              </div>
            )}
            <div className="choice-row">
              <ActionButton className="btn btn-danger btn-strong" unavailable={busy} onClick={props.onRemoveAnyway}>
                {staging ? 'Stage removal anyway' : 'Remove anyway'}
              </ActionButton>
              <span className="choice-note">Leaves the roles empty: the modules stay, degraded, until you assign another instrument.</span>
            </div>
          </section>
        </>
      ) : null}
      <div className="form-actions">
        <button ref={cancelRef} type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        {dependents !== null && !inUse ? (
          <ActionButton className="btn btn-danger btn-strong" unavailable={busy} onClick={props.onRemove}>
            {staging ? 'Stage removal' : 'Remove'}
          </ActionButton>
        ) : null}
      </div>
    </dialog>
  );
}
