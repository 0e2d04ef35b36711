/**
 * The parameters of one instrument in edit mode: one small form per parameter, so Enter in a
 * field saves that field only. A "Save" button appears next to a parameter once its draft
 * differs from the current value ("Stage" while a change set takes changes).
 */
import type { ParamField } from '../../stores/param-drafts.js';
import { ParamInput } from './ParamInput.js';

export interface ParamEditorRow {
  readonly field: ParamField;
  readonly draft: string;
  readonly error: string | undefined;
  readonly dirty: boolean;
  readonly saving: boolean;
}

export interface ParamEditorProps {
  readonly instrumentId: string;
  readonly rows: readonly ParamEditorRow[];
  readonly staging: boolean;
  readonly onDraftChange: (path: string, raw: string) => void;
  readonly onSave: (path: string) => void;
}

/** Inline editors for every parameter of one instrument. */
export function ParamEditor({ instrumentId, rows, staging, onDraftChange, onSave }: ParamEditorProps) {
  return (
    <div className="param-editor">
      {rows.map(({ field, draft, error, dirty, saving }) => (
        <form
          key={field.path}
          className="param-edit"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            // The Save button disappears once saved; keep focus in the field rather than lose it.
            e.currentTarget.querySelector<HTMLElement>('input, select, textarea')?.focus();
            if (dirty && !saving) onSave(field.path);
          }}
        >
          <ParamInput
            inputId={`edit-${instrumentId}-${field.path}`}
            field={field}
            value={draft}
            error={error}
            mode="edit"
            onChange={(raw) => onDraftChange(field.path, raw)}
          />
          {dirty ? (
            <button type="submit" className="btn btn-small btn-primary" aria-disabled={saving || error !== undefined || undefined}>
              {staging ? 'Stage' : 'Save'}
            </button>
          ) : null}
        </form>
      ))}
    </div>
  );
}

/** The read-only list of configured parameters shown outside edit mode. */
export function ParamSummary({ items }: { items: readonly { path: string; label: string; text: string }[] }) {
  if (items.length === 0) return <span className="muted">defaults</span>;
  return (
    <dl className="param-summary">
      {items.map((item) => (
        <div key={item.path}>
          <dt>{item.label}</dt>
          <dd>{item.text}</dd>
        </div>
      ))}
    </dl>
  );
}
