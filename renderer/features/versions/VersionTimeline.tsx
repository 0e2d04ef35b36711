/**
 * The timeline of the Versions view: one row per version, newest first, with its time, label,
 * source and the change that followed it; a tick box to compare it, "Label" (an inline form)
 * and "Restore…". Presentational: rows and the label form's state come in as props.
 */
import { ActionButton } from '../../components/ActionButton.js';
import type { LabelEdit } from '../../stores/versions-store.js';
import type { TimelineRow } from './version-view.js';

export interface VersionTimelineProps {
  readonly rows: readonly TimelineRow[];
  readonly labelEdit: LabelEdit | null;
  readonly labelSaving: boolean;
  /** A restore is on its way: no second one. */
  readonly restoring: boolean;
  readonly onToggle: (versionId: string) => void;
  readonly onStartLabel: (versionId: string) => void;
  readonly onLabelDraft: (draft: string) => void;
  readonly onSaveLabel: () => void;
  readonly onCancelLabel: () => void;
  readonly onRestore: (versionId: string) => void;
}

/** The list named "Config versions". */
export function VersionTimeline(props: VersionTimelineProps) {
  const { rows, labelEdit } = props;
  return (
    <ol className="version-list" aria-label="Config versions">
      {rows.map((row) => (
        <li key={row.versionId} className={row.selected ? 'version-row version-row-selected' : 'version-row'} data-version-id={row.versionId}>
          <input
            type="checkbox"
            className="version-pick"
            checked={row.selected}
            aria-label={`Compare the version of ${row.time}`}
            onChange={() => props.onToggle(row.versionId)}
          />
          <div className="version-main">
            <div className="version-line">
              <time dateTime={row.isoTime} className="version-time">
                {row.time}
              </time>
              {row.label ? <span className="version-label">{row.label}</span> : null}
              <span className={`version-source version-source-${row.source.replace(' ', '-')}`} title={row.sourceDetail}>
                {row.source}
              </span>
            </div>
            <p className="version-summary">
              <span className="muted">Then: </span>
              {row.summary}
            </p>
            {labelEdit?.versionId === row.versionId ? (
              <LabelForm edit={labelEdit} saving={props.labelSaving} onDraft={props.onLabelDraft} onSave={props.onSaveLabel} onCancel={props.onCancelLabel} />
            ) : null}
          </div>
          <div className="version-actions">
            <button type="button" className="btn btn-small" aria-label={`Label the version of ${row.time}`} onClick={() => props.onStartLabel(row.versionId)}>
              Label
            </button>
            <ActionButton className="btn btn-small" aria-label={`Restore the version of ${row.time}`} unavailable={props.restoring} onClick={() => props.onRestore(row.versionId)}>
              Restore…
            </ActionButton>
          </div>
        </li>
      ))}
    </ol>
  );
}

interface LabelFormProps {
  readonly edit: LabelEdit;
  readonly saving: boolean;
  readonly onDraft: (draft: string) => void;
  readonly onSave: () => void;
  readonly onCancel: () => void;
}

/** The inline form named "Version label": a text field, Save and Cancel, and why a label was refused. */
function LabelForm({ edit, saving, onDraft, onSave, onCancel }: LabelFormProps) {
  const inputId = 'version-label-input';
  const errorId = 'version-label-error';
  return (
    <form
      className="version-label-form"
      aria-label="Version label"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        Label
      </label>
      <input
        id={inputId}
        type="text"
        value={edit.draft}
        maxLength={60}
        autoFocus
        placeholder="e.g. before_alignment"
        aria-invalid={edit.error !== null}
        aria-describedby={edit.error ? errorId : undefined}
        onChange={(e) => onDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // Escape leaves the form, not the whole Versions view.
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <ActionButton type="submit" className="btn btn-small btn-primary" unavailable={saving}>
        {saving ? 'Saving…' : 'Save label'}
      </ActionButton>
      <button type="button" className="btn btn-small" onClick={onCancel}>
        Cancel
      </button>
      {edit.error ? (
        <p id={errorId} className="form-error" role="alert">
          {edit.error}
        </p>
      ) : null}
    </form>
  );
}
