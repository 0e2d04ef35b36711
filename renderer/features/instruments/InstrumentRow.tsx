/**
 * One instrument row. Presentational: the live value and the parameter cell are passed in as
 * elements (each is its own container, so a new reading re-renders only the value cell).
 */
import type { ReactNode } from 'react';
import type { InstrumentView } from '../../../shared/model/runtime.js';
import { ActionButton } from '../../components/ActionButton.js';

export interface InstrumentRowProps {
  readonly view: InstrumentView;
  readonly typeLabel: string;
  readonly liveValue: ReactNode;
  readonly parameters: ReactNode;
  readonly editing: boolean;
  readonly editable: boolean;
  readonly removing: boolean;
  /** The open change set's operations on this instrument, in words (a "staged" mark). */
  readonly staged: readonly string[];
  readonly onToggleEdit: () => void;
  readonly onRemove: () => void;
}

/** A table row with `data-instrument-id`; its buttons are named "Edit <id>" and "Remove <id>". */
export function InstrumentRow(props: InstrumentRowProps) {
  const { view, typeLabel, liveValue, parameters, editing, editable, removing, staged, onToggleEdit, onRemove } = props;
  return (
    <tr data-instrument-id={view.id} className={editing ? 'row-editing' : undefined}>
      <th scope="row" className="cell-id">
        <code>{view.id}</code>
        {staged.length > 0 ? (
          <span className="staged-mark" title={staged.join('\n')}>
            staged<span className="visually-hidden">: {staged.join('; ')}</span>
          </span>
        ) : null}
      </th>
      <td className="cell-name">{view.name ?? <span className="muted">—</span>}</td>
      <td>
        <span className="type-label">{typeLabel}</span>
        <span className="type-raw">{view.type}</span>
      </td>
      <td className="cell-status">
        <span className={`status status-${view.status}`}>{view.status}</span>
        {view.statusReason ? <div className="status-reason">{view.statusReason}</div> : null}
      </td>
      <td className="cell-value" data-testid={`value-${view.id}`}>
        {liveValue}
      </td>
      <td className="cell-used-by">
        {view.usedBy.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="badges">
            {view.usedBy.map((d) => (
              <li key={`${d.moduleId}:${d.role}`} className="badge">
                {d.moduleId} <span className="badge-role">({d.role})</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="cell-params">{parameters}</td>
      <td className="cell-actions">
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Edit ${view.id}`}
          aria-pressed={editing}
          disabled={!editable}
          onClick={onToggleEdit}
        >
          Edit
        </button>
        <ActionButton className="btn btn-small btn-danger" aria-label={`Remove ${view.id}`} unavailable={removing} onClick={onRemove}>
          Remove
        </ActionButton>
      </td>
    </tr>
  );
}
