/**
 * The edit panel: a modal `<dialog>` drawn as a sheet at the window's right edge, named
 * "Edit <id>". Its head keeps the instrument's id, status and live value in view; one form holds
 * every parameter; the foot keeps "Save" ("Stage" while a change set takes changes), "Revert"
 * and "Close" in view however long the form. Escape closes like Close: with unsaved changes a
 * second dialog asks "Discard" or "Keep editing" first. A field whose value changed underneath
 * while it was being edited shows both values and asks which to keep. Presentational: state and
 * decisions come in as props.
 */
import type { ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/errors.js';
import { ActionButton } from '../../components/ActionButton.js';
import { useModalDialog } from '../../components/use-modal-dialog.js';
import { DiscardChangesDialog } from './DiscardChangesDialog.js';
import type { EditFieldView, EditPanelView } from './edit-panel-view.js';
import { ParamInput } from './ParamInput.js';

export interface EditInstrumentDialogProps {
  readonly id: string;
  readonly name: string | undefined;
  readonly typeLabel: string;
  readonly status: string;
  readonly statusReason: string | undefined;
  readonly liveValue: ReactNode;
  /** The instrument's actions (move, home, shutter, zero), apart from the parameters form. */
  readonly deviceActions: ReactNode;
  readonly view: EditPanelView;
  readonly staging: boolean;
  readonly saveError: AppErrorData | null;
  readonly confirmingClose: boolean;
  readonly onDraftChange: (path: string, raw: string) => void;
  readonly onResolve: (path: string, keep: 'mine' | 'theirs') => void;
  readonly onSave: () => void;
  readonly onRevert: () => void;
  readonly onClose: () => void;
  readonly onDiscard: () => void;
  readonly onKeepEditing: () => void;
}

/** Where focus goes when the element that opened the panel is gone. */
const FALLBACK_FOCUS_ID = 'instruments-heading';

function FieldEditor({ item, onDraftChange, onResolve }: { item: EditFieldView } & Pick<EditInstrumentDialogProps, 'onDraftChange' | 'onResolve'>) {
  const { field, conflict } = item;
  const classes = ['edit-field', item.changed ? 'edit-field-changed' : '', conflict ? 'edit-field-conflict' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <ParamInput
        inputId={item.inputId}
        field={field}
        value={item.draft}
        error={item.error}
        mode="edit"
        unit={item.unit}
        options={item.options}
        onChange={(raw) => onDraftChange(field.path, raw)}
      />
      {item.changed && !conflict ? <span className="edit-mark">changed</span> : null}
      {item.updated ? <span className="edit-mark edit-mark-updated">updated from the file</span> : null}
      {conflict ? (
        <div className="conflict" role="group" aria-label={`${field.label} changed in the file`}>
          <p>
            Now <strong>{conflict.theirsText}</strong> in the file; you entered <strong>{conflict.mineText}</strong>.
          </p>
          <div className="conflict-actions">
            <button type="button" className="btn btn-small" onClick={() => onResolve(field.path, 'theirs')}>
              Use the file's value
            </button>
            <button type="button" className="btn btn-small" onClick={() => onResolve(field.path, 'mine')}>
              Keep mine
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The panel's first field gets focus when it opens. */
function firstField(dialog: HTMLDialogElement): HTMLElement | null {
  return dialog.querySelector<HTMLElement>('.edit-form input, .edit-form select, .edit-form textarea');
}

/** The dialog named "Edit <id>". */
export function EditInstrumentDialog(props: EditInstrumentDialogProps) {
  const { id, view, staging, saveError } = props;
  const dialogRef = useModalDialog(firstField, FALLBACK_FOCUS_ID);

  const titleId = `edit-${id}-title`;
  const formId = `edit-${id}-form`;
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog-edit"
      aria-labelledby={titleId}
      aria-modal="true"
      onCancel={(e) => {
        // Escape: close through the store, which asks first when something is unsaved. The
        // question's own Escape is its "Keep editing", not a second request to close.
        e.preventDefault();
        if (e.target === e.currentTarget) props.onClose();
      }}
    >
      <header className="edit-head">
        <div className="edit-title">
          <h2 id={titleId}>
            Edit <code>{id}</code>
          </h2>
          <div className="edit-subtitle">{[props.name, props.typeLabel].filter(Boolean).join(' · ')}</div>
        </div>
        <div className="edit-state">
          <span className={`status status-${props.status}`}>{props.status}</span>
          <div className="edit-live">{props.liveValue}</div>
        </div>
        {props.statusReason ? <div className="status-reason edit-reason">{props.statusReason}</div> : null}
      </header>
      <form
        id={formId}
        className="edit-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (view.canSave) props.onSave();
        }}
      >
        {view.groups.map((group) =>
          group.legend === undefined ? (
            <div key={group.key || 'top'} className="edit-group">
              {group.fields.map((item) => (
                <FieldEditor key={item.field.path} item={item} onDraftChange={props.onDraftChange} onResolve={props.onResolve} />
              ))}
            </div>
          ) : (
            <fieldset key={group.key} className="edit-group edit-table">
              <legend>{group.legend}</legend>
              {group.fields.map((item) => (
                <FieldEditor key={item.field.path} item={item} onDraftChange={props.onDraftChange} onResolve={props.onResolve} />
              ))}
            </fieldset>
          ),
        )}
      </form>
      {props.deviceActions}
      <footer className="edit-foot">
        <p className={view.conflictCount > 0 ? 'edit-note edit-note-warn' : 'edit-note'} role="status">
          {view.note}
        </p>
        {saveError ? (
          <p className="form-error" role="alert">
            <code>{saveError.code}</code> {saveError.message}
          </p>
        ) : null}
        <div className="form-actions">
          <ActionButton type="submit" form={formId} className="btn btn-primary" unavailable={!view.canSave}>
            {staging ? 'Stage' : 'Save'}
          </ActionButton>
          <ActionButton className="btn" unavailable={!view.canRevert} onClick={props.onRevert}>
            Revert
          </ActionButton>
          <button type="button" className="btn" onClick={props.onClose}>
            Close
          </button>
        </div>
      </footer>
      {props.confirmingClose ? (
        <DiscardChangesDialog id={id} count={view.changedCount + view.conflictCount} onDiscard={props.onDiscard} onKeepEditing={props.onKeepEditing} />
      ) : null}
    </dialog>
  );
}
