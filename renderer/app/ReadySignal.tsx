/**
 * Mirrors the app state onto the root element as `data-app-state` ("loading" → "ready"), in
 * the same commit that renders the first snapshot, so a test that waits for
 * `[data-app-state="ready"]` finds the rows already in the DOM. No sleeps needed.
 */
import { useLayoutEffect } from 'react';
import { useAppState } from '../stores/app-status-store.js';

/** Renders nothing; sets `data-app-state` on `host` (the `#root` element). */
export function ReadySignal({ host }: { host: HTMLElement }) {
  const appState = useAppState();
  useLayoutEffect(() => {
    host.dataset['appState'] = appState;
  }, [host, appState]);
  return null;
}
