/**
 * The Versions view: a large modal `<dialog>` named "Versions" (the page behind is inert,
 * Escape closes it) with "Take snapshot" in its head, the timeline beside the comparison (one
 * above the other on narrow windows), and the restore notice while it is open. Focus starts on
 * the heading and returns to where it was when the view closes. Presentational: the parts come
 * in as props and children.
 */
import { useRef, type ReactNode } from 'react';
import { useModalDialog } from '../../components/use-modal-dialog.js';
import { ActionButton } from '../../components/ActionButton.js';

export interface VersionsViewProps {
  readonly snapshotForm: ReactNode;
  /** The restore notice, while there is one. */
  readonly notice: ReactNode;
  /** The timeline, or why there is none (turned off, not listed, no versions yet). */
  readonly timeline: ReactNode;
  readonly comparison: ReactNode;
  readonly onClose: () => void;
}

/** The dialog named "Versions". */
export function VersionsView({ snapshotForm, notice, timeline, comparison, onClose }: VersionsViewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const dialogRef = useModalDialog(headingRef);
  return (
    <dialog
      ref={dialogRef}
      className="dialog dialog-versions"
      aria-labelledby="versions-title"
      aria-modal="true"
      onCancel={(e) => {
        // Escape: close through the store so state and DOM agree.
        e.preventDefault();
        onClose();
      }}
    >
      <div className="versions-head">
        <h2 id="versions-title" ref={headingRef} tabIndex={-1}>
          Versions
        </h2>
        {snapshotForm}
        <button type="button" className="btn versions-close" onClick={onClose}>
          Close
        </button>
      </div>
      {notice}
      <div className="versions-body">
        <section className="versions-timeline" aria-labelledby="versions-timeline-title">
          <h3 id="versions-timeline-title">Timeline</h3>
          <p className="muted versions-hint">Each version is the file as it was before the change written under it.</p>
          {timeline}
        </section>
        {comparison}
      </div>
    </dialog>
  );
}

export interface SnapshotFormProps {
  readonly label: string;
  readonly note: { readonly tone: 'ok' | 'error'; readonly text: string } | null;
  readonly busy: boolean;
  readonly onLabel: (label: string) => void;
  readonly onTake: () => void;
}

/** The form named "Take snapshot": an optional label and the button. */
export function SnapshotForm({ label, note, busy, onLabel, onTake }: SnapshotFormProps) {
  return (
    <form
      className="snapshot-form"
      aria-label="Take snapshot"
      onSubmit={(e) => {
        e.preventDefault();
        onTake();
      }}
    >
      <label className="inline-field" htmlFor="snapshot-label">
        Label <span className="muted">(optional)</span>
      </label>
      <input
        id="snapshot-label"
        type="text"
        value={label}
        maxLength={60}
        placeholder="e.g. aligned_bench"
        aria-invalid={note?.tone === 'error'}
        aria-describedby={note ? 'snapshot-note' : undefined}
        onChange={(e) => onLabel(e.target.value)}
      />
      <ActionButton type="submit" className="btn btn-primary" unavailable={busy}>
        {busy ? 'Taking…' : 'Take snapshot'}
      </ActionButton>
      {note ? (
        <p id="snapshot-note" className={note.tone === 'error' ? 'form-error snapshot-note' : 'snapshot-note snapshot-note-ok'} role={note.tone === 'error' ? 'alert' : 'status'}>
          {note.text}
        </p>
      ) : null}
    </form>
  );
}

/** In place of the timeline: versioning is off, the list failed (with "Try again"), or it is empty. */
export function TimelineMessage({ text, tone, onRetry }: { text: string; tone: 'muted' | 'error'; onRetry?: () => void }) {
  return (
    <div className="timeline-message">
      <p className={tone === 'error' ? 'form-error' : 'muted'} role={tone === 'error' ? 'alert' : undefined}>
        {text}
      </p>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
