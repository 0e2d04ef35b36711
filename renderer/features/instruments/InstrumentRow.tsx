/**
 * One instrument row. Presentational: the live value and the parameter cell are passed in as
 * elements (each is its own container, so a new reading re-renders only the value cell). The
 * columns a narrow table drops (type, used by, parameters) carry a `col-…` class; the type then
 * shows under the name, and every parameter is one click away in the edit panel.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { InstrumentView } from '../../../shared/model/runtime.js';
import { ActionButton } from '../../components/ActionButton.js';
import { BreakableText } from '../../components/BreakableText.js';

export interface InstrumentRowProps {
  readonly view: InstrumentView;
  readonly typeLabel: string;
  /** The status to show: the core's, or "unknown" while it cannot be reached. */
  readonly status: string;
  readonly statusReason: string | undefined;
  readonly liveValue: ReactNode;
  readonly parameters: ReactNode;
  readonly editable: boolean;
  readonly removing: boolean;
  /** The open change set's operations on this instrument, in words (a "staged" mark). */
  readonly staged: readonly string[];
  /** Set (a new number each time) when the row was just added: scrolled into view and highlighted. */
  readonly highlight: number | null;
  readonly onEdit: () => void;
  readonly onRemove: () => void;
}

/** A table row with `data-instrument-id`; its buttons are named "Edit <id>" and "Remove <id>". */
export function InstrumentRow(props: InstrumentRowProps) {
  const { view, typeLabel, status, statusReason, liveValue, parameters, editable, removing, staged, highlight, onEdit, onRemove } = props;
  const rowRef = useRef<HTMLTableRowElement>(null);
  // Scrolling is a DOM command: a row added below the fold would otherwise go unseen.
  useEffect(() => {
    if (highlight !== null) rowRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [highlight]);
  return (
    <tr ref={rowRef} data-instrument-id={view.id} key={highlight ?? undefined} className={highlight !== null ? 'row-added' : undefined}>
      <th scope="row" className="cell-id">
        <code className="instrument-id">{view.id}</code>
        {staged.length > 0 ? (
          <span className="staged-mark" title={staged.join('\n')}>
            staged<span className="visually-hidden">: {staged.join('; ')}</span>
          </span>
        ) : null}
        {view.name ? <div className="instrument-name">{view.name}</div> : null}
        <div className="type-inline">{typeLabel}</div>
      </th>
      <td className="col-type">
        <span className="type-label">{typeLabel}</span>
        <span className="type-raw">{view.type}</span>
      </td>
      <td className="cell-status">
        <span className={`status status-${status}`}>{status}</span>
        {statusReason ? (
          <div className="status-reason">
            <BreakableText text={statusReason} />
          </div>
        ) : null}
      </td>
      <td className="cell-value" data-testid={`value-${view.id}`}>
        {liveValue}
      </td>
      <td className="cell-used-by col-used-by">
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
      <td className="cell-params col-params">{parameters}</td>
      <td className="cell-actions">
        <div className="row-actions">
          <button type="button" className="btn btn-small" aria-label={`Edit ${view.id}`} aria-haspopup="dialog" disabled={!editable} onClick={onEdit}>
            Edit
          </button>
          <ActionButton className="btn btn-small btn-danger" aria-label={`Remove ${view.id}`} unavailable={removing} onClick={onRemove}>
            Remove
          </ActionButton>
        </div>
      </td>
    </tr>
  );
}
