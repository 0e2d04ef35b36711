/** The error toasts wired to the toasts store. Names: each toast is an `alert`, button "Dismiss". */
import { useDismissToast, useToasts } from '../../stores/toasts-store.js';
import { Toasts } from './Toasts.js';

/** The toast stack. */
export function ToastsContainer() {
  return <Toasts toasts={useToasts()} onDismiss={useDismissToast()} />;
}
