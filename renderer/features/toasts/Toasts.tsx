/** Error toasts: what failed, the error code and the message; each dismissible. */
import type { Toast } from '../../stores/toasts-store.js';

export interface ToastsProps {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
}

/** A stack of `alert`s in the corner, each with a "Dismiss" button. */
export function Toasts({ toasts, onDismiss }: ToastsProps) {
  return (
    <div className="toasts">
      {toasts.map((t) => (
        <div key={t.id} className="toast" role="alert">
          <div className="toast-body">
            <div className="toast-title">
              {t.action} failed <code className="toast-code">{t.code}</code>
            </div>
            <div className="toast-message">{t.message}</div>
          </div>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
