/**
 * The body of an open change set in the tray: the check's verdict, the staged operations (each
 * with its errors and an Unstage button), the change set's other errors and its warnings, the
 * preview of the file the commit would write, and Commit / Commit with confirmation / Discard.
 * Presentational: rows, texts and the preview's markup come in as props.
 */
import { ActionButton } from '../../components/ActionButton.js';
import type { CheckSummary, OperationRow, ProblemText } from './change-set-view.js';

export interface StagedOperationsProps {
  readonly rows: readonly OperationRow[];
  /** An unstage is on its way: the indexes of later rows are about to shift. */
  readonly busy: boolean;
  readonly onUnstage: (index: number) => void;
}

/** The list named "Staged operations", in the order they apply. */
export function StagedOperations({ rows, busy, onUnstage }: StagedOperationsProps) {
  if (rows.length === 0) return null;
  return (
    <ol className="tray-ops" aria-label="Staged operations">
      {rows.map((row) => (
        <li key={row.index} className={row.errors.length > 0 ? 'tray-op tray-op-invalid' : 'tray-op'} data-operation-index={row.index}>
          <div className="tray-op-line">
            <span className="tray-op-text">{row.text}</span>
            <ActionButton className="btn btn-small" aria-label={`Unstage ${row.text}`} unavailable={busy} onClick={() => onUnstage(row.index)}>
              Unstage
            </ActionButton>
          </div>
          {row.errors.map((e, i) => (
            <p key={i} className="tray-op-error">
              <code>{e.code}</code> {e.message}
            </p>
          ))}
        </li>
      ))}
    </ol>
  );
}

function Problems({ items, className, label }: { items: readonly ProblemText[]; className: string; label: string }) {
  if (items.length === 0) return null;
  return (
    <ul className={className} aria-label={label}>
      {items.map((p, i) => (
        <li key={i}>
          <code>{p.code}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The verdict line, first in the tray so it is read before the details (a live status). */
export function CheckVerdict({ summary, onRecheck }: { summary: CheckSummary; onRecheck: (() => void) | null }) {
  return (
    <div className="tray-check-line">
      <p className={`tray-verdict tray-verdict-${summary.tone}`} role="status">
        {summary.text}
      </p>
      {onRecheck ? (
        <button type="button" className="btn btn-small" onClick={onRecheck}>
          Check again
        </button>
      ) : null}
    </div>
  );
}

/** Below the operations: errors of the change set as a whole, and the warnings. */
export function CheckNotes({ errors, warnings }: { errors: readonly ProblemText[]; warnings: readonly ProblemText[] }) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className="tray-check">
      <Problems items={errors} className="tray-problems" label="Problems of the change set" />
      <Problems items={warnings} className="tray-warnings" label="Warnings" />
    </div>
  );
}

/**
 * The diff of the config file the commit would write. `html` is diff2html's output, which
 * escapes the file's text: the only markup in it is diff2html's own. Null: the file would not
 * change; undefined: no preview yet (nothing staged, a check on its way, or problems to fix).
 */
export function CommitPreview({ html, fileName }: { html: string | null | undefined; fileName: string }) {
  return (
    <details className="tray-preview" open>
      <summary>What the commit writes to {fileName}</summary>
      {html === undefined ? (
        <p className="muted">The preview appears once the change set is valid.</p>
      ) : html === null ? (
        <p className="muted">No change to the file.</p>
      ) : (
        <div className="preview-diff" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </details>
  );
}

export interface CommitControlsProps {
  /** Why Commit is unavailable (its tooltip; the verdict above says it too), or null when it can go. */
  readonly blocked: string | null;
  readonly committing: boolean;
  readonly discarding: boolean;
  readonly confirmTimeoutS: number;
  readonly timeoutChoices: readonly { readonly seconds: number; readonly label: string }[];
  readonly onTimeoutChange: (seconds: number) => void;
  readonly onCommit: () => void;
  readonly onCommitWithConfirmation: () => void;
  readonly onDiscard: () => void;
}

/** Commit, Commit with confirmation (with its window) and Discard. */
export function CommitControls(props: CommitControlsProps) {
  const { blocked, committing, discarding, confirmTimeoutS, timeoutChoices } = props;
  const commitUnavailable = blocked !== null || committing || discarding;
  return (
    <div className="tray-commit">
      <div className="tray-commit-row">
        <button type="button" className="btn btn-primary" disabled={commitUnavailable} title={blocked ?? undefined} onClick={props.onCommit}>
          {committing ? 'Committing…' : 'Commit'}
        </button>
        <ActionButton className="btn btn-danger" unavailable={committing || discarding} onClick={props.onDiscard}>
          Discard
        </ActionButton>
      </div>
      <div className="tray-commit-row">
        <button type="button" className="btn" disabled={commitUnavailable} title={blocked ?? undefined} onClick={props.onCommitWithConfirmation}>
          Commit with confirmation
        </button>
        <select
          value={confirmTimeoutS}
          disabled={committing}
          aria-label="Confirmation window"
          title="How long the commit waits for Confirm before it is rolled back"
          onChange={(e) => props.onTimeoutChange(Number(e.target.value))}
        >
          {timeoutChoices.map((c) => (
            <option key={c.seconds} value={c.seconds}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
