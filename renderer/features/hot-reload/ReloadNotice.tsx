/**
 * The short notice after the config file was read again and applied ("Reloaded from file: …",
 * or "Edited while the app was closed: …" at start-up). A polite live region that stays in the
 * page, so the change is announced without taking focus; it does not block anything.
 */
export interface ReloadNoticeProps {
  readonly text: string | null;
  /** When the file was read, `HH:MM:SS.mmm`. */
  readonly time: string;
  readonly onDismiss: () => void;
}

/** A `status` region holding the notice and a "Dismiss notice" button while there is one. */
export function ReloadNotice({ text, time, onDismiss }: ReloadNoticeProps) {
  return (
    <div role="status" className={text ? 'reload-notice' : undefined}>
      {text ? (
        <>
          <span className="reload-notice-text">{text}</span>
          <span className="reload-notice-time">{time}</span>
          <button type="button" className="toast-close" aria-label="Dismiss notice" onClick={onDismiss}>
            ×
          </button>
        </>
      ) : null}
    </div>
  );
}
