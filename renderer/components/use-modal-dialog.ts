/**
 * A `<dialog>` opened as a modal for as long as its component is shown. Opening a modal dialog
 * and giving focus back are DOM commands with no declarative form, so every dialog of the app
 * takes them from here: on mount `showModal()` and focus on `initialFocus` (the safe choice, or
 * the heading); on unmount the dialog closes and focus returns to the control that opened it,
 * or, if that control is gone (the row of a removed instrument), to the element `fallbackId`.
 */
import { useEffect, useRef, type RefObject } from 'react';

/** What gets focus on opening: an element's ref, or a pick inside the dialog (its first field). */
export type InitialFocus = RefObject<HTMLElement | null> | ((dialog: HTMLDialogElement) => HTMLElement | null);

export function useModalDialog(initialFocus: InitialFocus, fallbackId?: string): RefObject<HTMLDialogElement | null> {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    const first = typeof initialFocus === 'function' ? (dialog ? initialFocus(dialog) : null) : initialFocus.current;
    first?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      const target = opener?.isConnected ? opener : fallbackId ? document.getElementById(fallbackId) : null;
      target?.focus();
    };
    // Once per dialog shown: the refs are stable and the fallback a constant.
  }, []);
  return dialogRef;
}
