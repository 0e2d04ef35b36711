/**
 * A `<dialog>` opened as a modal for as long as its component is shown. Opening a modal dialog
 * and giving focus back are DOM commands with no declarative form, so every dialog of the app
 * takes them from here: on mount `showModal()` and focus on `initialFocus` (the safe choice, or
 * the heading); on unmount the dialog closes and focus returns to the control that opened it,
 * or, if that control is gone (the row of a removed instrument), to the element `fallbackId`.
 */
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(initialFocus: RefObject<HTMLElement | null>, fallbackId?: string): RefObject<HTMLDialogElement | null> {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    initialFocus.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      const target = opener?.isConnected ? opener : fallbackId ? document.getElementById(fallbackId) : null;
      target?.focus();
    };
    // Once per dialog shown: the refs are stable and the fallback a constant.
  }, []);
  return dialogRef;
}
