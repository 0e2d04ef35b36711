/**
 * The region named "Recordings": the storage folder's path with a "Copy path" button (no
 * command opens a folder, and browser mode could not), and a table of the recorded runs,
 * newest first: module, start time, rows, outcome, file.
 */
import { BreakableText } from '../../components/BreakableText.js';
import type { RecordingRow } from '../../stores/recordings-store.js';

export interface RecordingsPanelProps {
  readonly folder: string | null;
  readonly rows: readonly RecordingRow[] | null;
  readonly error: string | null;
  readonly onCopyFolder: () => void;
}

export function RecordingsPanel({ folder, rows, error, onCopyFolder }: RecordingsPanelProps) {
  return (
    <section className="panel panel-recordings" aria-labelledby="recordings-heading">
      <div className="panel-head">
        <h2 id="recordings-heading">Recordings</h2>
      </div>
      {folder !== null ? (
        <div className="recordings-folder">
          <span className="muted">Folder</span>{' '}
          <code data-testid="recordings-folder">
            <BreakableText text={folder} />
          </code>{' '}
          <button type="button" className="btn btn-small" onClick={onCopyFolder}>
            Copy path
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows === null ? (
        <p className="muted">Listing…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No runs recorded yet.</p>
      ) : (
        <table className="recordings-table" aria-label="Recorded runs">
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Started</th>
              <th scope="col">Rows</th>
              <th scope="col">Outcome</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.file} data-recording={r.file}>
                <td>
                  <code>{r.moduleId}</code>
                </td>
                <td>{r.startedAt}</td>
                <td className="cell-number">{r.rows}</td>
                <td>{r.outcome}</td>
                <td>
                  <code>
                    <BreakableText text={r.file} />
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
