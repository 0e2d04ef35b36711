/**
 * One parameter input, chosen by the spec: a select for `choices` (each code shown as its word),
 * a checkbox for booleans, a
 * number input with unit and range for numbers, a textarea for tables of strings, text
 * otherwise. The label is the spec's label exactly (the required mark sits outside it, so
 * label text and accessible name agree); unit, range and error are linked as its description.
 */
import type { ChangeEvent, ReactNode } from 'react';
import { rangeHint, type ParamField } from '../../stores/param-drafts.js';

export interface ParamInputProps {
  readonly inputId: string;
  readonly field: ParamField;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (raw: string) => void;
  /** In the add form: mark required fields; in edit mode: note parameters that restart the instrument. */
  readonly mode: 'add' | 'edit';
  /** A `<datalist>` id whose entries the text input suggests (the serial port picker). */
  readonly listId?: string | undefined;
  /** Shown under the field, after its hint (the port picker's notes). */
  readonly extra?: ReactNode;
  /** The unit for this instrument when it is not the spec's (an ESP300 axis rate in mm/s). */
  readonly unit?: string | undefined;
  /** The select's options with their words; the spec's choices as they are otherwise. */
  readonly options?: readonly { readonly value: string; readonly label: string }[] | undefined;
}

/** A labelled, validated input for one parameter. */
export function ParamInput({ inputId, field, value, error, onChange, mode, listId, extra, unit = field.spec.unit, options }: ParamInputProps) {
  const { spec } = field;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  // A select offers only allowed values: a range beside it says nothing more.
  const range = spec.choices ? '' : rangeHint(spec, unit);
  // Edit mode: the range and the restart note only, the long description as a tooltip.
  const notes = [range, mode === 'edit' ? (spec.live ? '' : 'restarts the instrument') : (spec.description ?? '')].filter(Boolean);
  const describedBy = [notes.length > 0 ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id: inputId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': spec.required ? true : undefined,
  } as const;
  const onText = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>): void => onChange(e.target.value);

  let input;
  if (spec.choices) {
    const choices = options ?? spec.choices.map((c) => ({ value: String(c), label: String(c) }));
    input = (
      <select {...common} value={value} onChange={onText}>
        {choices.some((c) => c.value === value) ? null : <option value={value}>{value === '' ? '—' : value}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'boolean') {
    input = <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />;
  } else if (spec.kind === 'float' || spec.kind === 'integer') {
    input = (
      <input
        {...common}
        type="number"
        inputMode={spec.kind === 'integer' ? 'numeric' : 'decimal'}
        step={spec.kind === 'integer' ? 1 : 'any'}
        min={spec.min}
        max={spec.max}
        value={value}
        onChange={onText}
      />
    );
  } else if (spec.kind === 'string-map') {
    input = <textarea {...common} rows={3} placeholder="name = value" value={value} onChange={onText} />;
  } else {
    const placeholder = spec.kind === 'integer-array' ? 'e.g. 0, 1, 2' : undefined;
    input = (
      <input
        {...common}
        type="text"
        spellCheck={false}
        autoComplete={listId ? 'off' : undefined}
        list={listId}
        placeholder={listId ? 'pick a suggestion or type a path' : placeholder}
        value={value}
        onChange={onText}
      />
    );
  }

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <div className="field-label">
        <label htmlFor={inputId}>{field.label}</label>
        {mode === 'add' && spec.required ? (
          <span className="required-mark" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      <div className="field-control">
        {input}
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      {notes.length > 0 ? (
        <div className="field-hint" id={hintId} title={mode === 'edit' ? spec.description : undefined}>
          {notes.join(' · ')}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={errorId}>
          {error}
        </div>
      ) : null}
      {extra}
    </div>
  );
}
