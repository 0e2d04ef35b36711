/**
 * Toasts: notices of changes that worked (`status`, read out politely) and failures (`alert`,
 * with the error code and message). Each can be dismissed; pointer or focus on one keeps it.
 */
import type { Toast } from '../../stores/toasts-store.js';

export interface ToastsProps {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
  /** The pointer or focus is on a toast (`reading`), or has left it. */
  readonly onReading: (id: number, reading: boolean) => void;
}

/** The stack in the corner, each with a "Dismiss" button. */
export function Toasts({ toasts, onDismiss, onReading }: ToastsProps) {
  return (
    <div className="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'error' ? 'alert' : 'status'}
          onMouseEnter={() => onReading(t.id, true)}
          onMouseLeave={() => onReading(t.id, false)}
          onFocus={() => onReading(t.id, true)}
          onBlur={() => onReading(t.id, false)}
        >
          <div className="toast-body">
            {t.kind === 'error' ? (
              <>
                <div className="toast-title">
                  {t.action} failed <code className="toast-code">{t.code}</code>
                </div>
                <div className="toast-message">{t.message}</div>
              </>
            ) : (
              <div className="toast-title">{t.action}</div>
            )}
          </div>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
