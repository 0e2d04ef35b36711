/**
 * The toasts wired to the toasts store, and the one timer that closes the next toast whose
 * time is up. Names: an error toast is an `alert`, a notice a `status`; button "Dismiss".
 */
import { useEffect } from 'react';
import { selectNextClosing, useToasts, useToastsStore } from '../../stores/toasts-store.js';
import { Toasts } from './Toasts.js';

/** The toast stack. */
export function ToastsContainer() {
  const nextClosing = useToastsStore(selectNextClosing);
  const { toastDismissed, toastReading, toastsExpired } = useToastsStore.getState();
  useEffect(() => {
    if (nextClosing === null) return undefined;
    const timer = setTimeout(() => toastsExpired(), Math.max(0, nextClosing - Date.now()));
    return () => clearTimeout(timer);
  }, [nextClosing, toastsExpired]);
  return <Toasts toasts={useToasts()} onDismiss={toastDismissed} onReading={toastReading} />;
}
