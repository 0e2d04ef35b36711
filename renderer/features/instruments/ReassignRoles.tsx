/**
 * The "reassign, then remove" part of the remove dialog: per dependent role a select of the
 * other instruments that have the role's capability, labelled "New <role> for <module>", and
 * "Reassign and remove", unavailable until every role has a choice.
 */
import { ActionButton } from '../../components/ActionButton.js';
import { reassignNote, type DependentRow } from './removal-plan.js';

export interface ReassignRolesProps {
  readonly targetId: string;
  readonly rows: readonly DependentRow[];
  readonly ready: boolean;
  readonly busy: boolean;
  /** Staged into a change set instead of applied: the button and its note say so. */
  readonly staging: boolean;
  readonly onChoose: (moduleId: string, role: string, instrumentId: string) => void;
  readonly onReassign: () => void;
}

/** The reassign section with its selects and button. */
export function ReassignRoles({ targetId, rows, ready, busy, staging, onChoose, onReassign }: ReassignRolesProps) {
  const headingId = `reassign-${targetId}-title`;
  return (
    <section className="remove-choice" aria-labelledby={headingId}>
      <h3 id={headingId}>Reassign roles to other instruments</h3>
      <div className="reassign-rows">
        {rows.map((r) => {
          const inputId = `reassign-${r.key.replace('/', '-')}`;
          return (
            <div key={r.key} className="field reassign-row">
              <label htmlFor={inputId}>
                New {r.role} for {r.moduleId}
              </label>
              {r.candidates.length > 0 ? (
                <select id={inputId} value={r.choice} disabled={busy} onChange={(e) => onChoose(r.moduleId, r.role, e.target.value)}>
                  <option value="">choose an instrument…</option>
                  {r.candidates.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </select>
              ) : (
                <select id={inputId} disabled aria-describedby={`${inputId}-none`}>
                  <option>none available</option>
                </select>
              )}
              {r.candidates.length === 0 ? (
                <div className="field-error" id={`${inputId}-none`}>
                  No other instrument can be {r.role}
                  {r.needs ? ` (it needs ${r.needs})` : ''}.
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="choice-row">
        <ActionButton className="btn btn-primary" unavailable={!ready || busy} onClick={onReassign}>
          {staging ? 'Stage reassign and removal' : 'Reassign and remove'}
        </ActionButton>
        <span className="choice-note">{staging && ready ? `Stages each assignment, then the removal of ${targetId}.` : reassignNote(targetId, rows, ready)}</span>
      </div>
    </section>
  );
}
