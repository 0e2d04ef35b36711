/**
 * The form that adds an instrument: a type select, an id, then one input per parameter of that
 * type, generated from its spec. Presentational: state and checks come in as props.
 */
import type { AppErrorData } from '../../../shared/errors.js';
import type { Drafts, ParamField } from '../../stores/param-drafts.js';
import { choiceOptions } from './instrument-view.js';
import { ParamInput } from './ParamInput.js';
import { PortPicker, type PortPickerProps } from './PortPicker.js';

export interface TypeOption {
  readonly value: string;
  readonly label: string;
}

export interface AddInstrumentFormProps {
  readonly types: readonly TypeOption[];
  readonly type: string;
  readonly typeDescription: string;
  readonly id: string;
  readonly idError: string | undefined;
  readonly fields: readonly ParamField[];
  /** Each field's unit for the values typed so far (an ESP300 axis's rates follow its units). */
  readonly units: Readonly<Record<string, string | undefined>>;
  readonly drafts: Drafts;
  readonly errors: Readonly<Record<string, string>>;
  readonly submitError: AppErrorData | null;
  readonly busy: boolean;
  /** While a change set takes changes the instrument is staged, and submit says so. */
  readonly staging: boolean;
  /** For a serial type: the suggestions and notes of its port field. */
  readonly portPicker: PortPickerProps | null;
  readonly onTypeChange: (type: string) => void;
  readonly onIdChange: (id: string) => void;
  readonly onDraftChange: (path: string, raw: string) => void;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
}

/** The add form, named "New instrument"; submit is "Add" ("Stage instrument" while staging), closing is "Cancel". */
export function AddInstrumentForm(props: AddInstrumentFormProps) {
  const { types, type, typeDescription, id, idError, fields, drafts, errors, submitError, busy, portPicker } = props;
  return (
    <form
      className="add-form"
      aria-labelledby="add-instrument-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
    >
      <h3 id="add-instrument-title">New instrument</h3>
      <div className="add-form-head">
        <div className="field">
          <label htmlFor="add-type">Type</label>
          <div className="field-control">
            <select id="add-type" value={type} autoFocus aria-describedby="add-type-hint" onChange={(e) => props.onTypeChange(e.target.value)}>
              {types.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field-hint" id="add-type-hint">
            {typeDescription}
          </div>
        </div>
        <div className={idError ? 'field field-invalid' : 'field'}>
          <div className="field-label">
            <label htmlFor="add-id">Id</label>
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </div>
          <div className="field-control">
            <input
              id="add-id"
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={id}
              aria-required
              aria-invalid={idError ? true : undefined}
              aria-describedby={idError ? 'add-id-hint add-id-error' : 'add-id-hint'}
              onChange={(e) => props.onIdChange(e.target.value)}
            />
          </div>
          <div className="field-hint" id="add-id-hint">
            letters, digits, _ or -, up to 64
          </div>
          {idError ? (
            <div className="field-error" id="add-id-error">
              {idError}
            </div>
          ) : null}
        </div>
      </div>
      <fieldset className="add-form-params">
        <legend>Parameters</legend>
        {fields.map((field) => (
          <ParamInput
            key={`${type}:${field.path}`}
            inputId={`add-${field.path}`}
            field={field}
            value={drafts[field.path] ?? ''}
            error={errors[field.path]}
            mode="add"
            unit={props.units[field.path]}
            options={choiceOptions(field.spec)}
            onChange={(raw) => props.onDraftChange(field.path, raw)}
            listId={portPicker?.path === field.path ? portPicker.listId : undefined}
            extra={portPicker?.path === field.path ? <PortPicker {...portPicker} /> : null}
          />
        ))}
      </fieldset>
      {submitError ? (
        <p className="form-error" role="alert">
          <code>{submitError.code}</code> {submitError.message}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {props.staging ? 'Stage instrument' : 'Add'}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <span className="muted">
          <span aria-hidden="true">*</span> required
        </span>
      </div>
    </form>
  );
}
