/**
 * Focus management for a control that opens a panel in its place: when the panel closes, focus
 * goes back to the control instead of falling to the page body.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';

/** A ref for the opener; it is focused each time `open` turns from true to false. */
export function useFocusReturn<T extends HTMLElement>(open: boolean): RefObject<T | null> {
  const ref = useRef<T>(null);
  const wasOpen = useRef(open);
  useLayoutEffect(() => {
    if (wasOpen.current && !open) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}
