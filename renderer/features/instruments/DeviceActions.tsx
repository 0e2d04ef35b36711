/**
 * The edit panel's "Device" section: one row per action the instrument offers, its arguments
 * as fields (with range and error) and a button named after the action ("Move to", "Home",
 * "Open shutter"). A refusal shows under its button (IN_USE: a running module owns the motion).
 */
import { ActionButton } from '../../components/ActionButton.js';
import type { DeviceActionView } from './device-actions-view.js';

export interface DeviceActionsProps {
  readonly id: string;
  readonly actions: readonly DeviceActionView[];
  /** Actions go to a running device only. */
  readonly running: boolean;
  readonly onDraftChange: (action: string, arg: string, raw: string) => void;
  readonly onRun: (action: string) => void;
}

export function DeviceActions({ id, actions, running, onDraftChange, onRun }: DeviceActionsProps) {
  if (actions.length === 0) return null;
  return (
    <section className="device-actions" aria-labelledby={`device-${id}-heading`}>
      <h3 id={`device-${id}-heading`}>Device</h3>
      {!running ? <p className="muted">Actions are available while the instrument runs.</p> : null}
      {actions.map((a) => (
        <form
          key={a.action}
          className="device-action"
          aria-label={`${a.label} ${id}`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (running && !a.busy) onRun(a.action);
          }}
        >
          {a.fields.map((f) => (
            <label key={f.name} htmlFor={f.inputId}>
              <span>
                {f.label}
                {f.unit ? ` (${f.unit})` : ''}
              </span>
              <input
                id={f.inputId}
                inputMode="decimal"
                value={f.draft}
                placeholder={f.hint}
                aria-invalid={f.error ? true : undefined}
                aria-describedby={f.error ? `${f.inputId}-error` : undefined}
                onChange={(e) => onDraftChange(a.action, f.name, e.target.value)}
              />
              {f.error ? (
                <span className="field-error" id={`${f.inputId}-error`}>
                  {f.error}
                </span>
              ) : null}
            </label>
          ))}
          <ActionButton type="submit" className="btn btn-small" title={a.description} unavailable={!running || a.busy}>
            {a.label}
          </ActionButton>
          {a.refusal ? (
            <p className="device-action-refusal" role="alert">
              {a.inUse ? 'In use: ' : ''}
              {a.refusal}
            </p>
          ) : null}
          {a.outcome ? <p className="device-action-outcome">{a.outcome}</p> : null}
        </form>
      ))}
    </section>
  );
}
