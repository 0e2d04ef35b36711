/**
 * The "not saved to file" indicator of the status bar: how many changes the app holds in memory
 * only and why the last write failed, with "Save to file" to try again. The text sits in a
 * polite live region that stays in the page, so it is announced when it appears.
 */
import { ActionButton } from '../../components/ActionButton.js';

export interface PersistenceIndicatorProps {
  /** "N change(s) not saved to file: <reason>", or null while the file is up to date. */
  readonly text: string | null;
  readonly saving: boolean;
  readonly onSave: () => void;
}

/** A `status` with the text, and the "Save to file" button while something is pending. */
export function PersistenceIndicator({ text, saving, onSave }: PersistenceIndicatorProps) {
  return (
    <span className="persist">
      <span role="status" className="status-persist">
        {text ? <span className="not-saved">{text}</span> : null}
      </span>
      {text ? (
        <ActionButton className="btn btn-small btn-warn" unavailable={saving} onClick={onSave}>
          Save to file
        </ActionButton>
      ) : null}
    </span>
  );
}
