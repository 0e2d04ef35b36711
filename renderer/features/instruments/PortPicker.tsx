/**
 * What the "Serial port" field adds to a plain text input: the listed ports and simulators as
 * suggestions (a `<datalist>`, so any typed path such as /dev/serial/by-id/…, COM7 or a pty
 * still works), a summary line with "Refresh ports", the listing's warning, and a note when the
 * typed port already belongs to another instrument.
 */
import type { AppErrorData } from '../../../shared/errors.js';
import type { PortSuggestion } from './port-suggestions.js';

export interface PortPickerProps {
  /** The parameter the picker serves (`port`). */
  readonly path: string;
  /** The id of the `<datalist>` the input points at. */
  readonly listId: string;
  readonly suggestions: readonly PortSuggestion[];
  /** "2 ports found · 1 simulator". */
  readonly summary: string;
  readonly loading: boolean;
  readonly warning: string | undefined;
  readonly error: AppErrorData | null;
  /** The instrument that owns the typed port already, if any. */
  readonly takenBy: string | undefined;
  readonly onRefresh: () => void;
}

/** The datalist and the notes under the port field. */
export function PortPicker({ listId, suggestions, summary, loading, warning, error, takenBy, onRefresh }: PortPickerProps) {
  return (
    <>
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.value} value={s.value} label={s.label || undefined} />
        ))}
      </datalist>
      <div className="port-picker">
        <span className="port-summary">{loading ? 'Looking for serial ports…' : summary}</span>
        <button type="button" className="btn btn-small" aria-disabled={loading || undefined} onClick={loading ? undefined : onRefresh}>
          Refresh ports
        </button>
      </div>
      {warning ? <div className="field-warning">{warning}</div> : null}
      {error ? (
        <div className="field-error">
          Listing ports failed: {error.code} {error.message}
        </div>
      ) : null}
      {takenBy ? <div className="field-warning">In use by {takenBy}: a port has one owner.</div> : null}
    </>
  );
}
