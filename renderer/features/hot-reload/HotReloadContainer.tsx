/**
 * The hot-reload banner and notice, wired to the hot-reload store.
 * Names: `alert` "Config file not applied" (issues as file:line:column: message (path)) or
 * "Config file missing"; `status` "Reloaded from file: <summary>" (at start-up "Edited while
 * the app was closed: …") with a "Dismiss notice" button.
 */
import { formatLogTime } from '../../components/format-value.js';
import { useHotReloadStore, useReloadNotice, useReloadProblem } from '../../stores/hot-reload-store.js';
import { ReloadBanner } from './ReloadBanner.js';
import { ReloadNotice } from './ReloadNotice.js';

/** The banner while the file is not applied, and the notice after a reload. */
export function HotReloadContainer() {
  const problem = useReloadProblem();
  const notice = useReloadNotice();
  const time = useHotReloadStore((s) => s.status?.time ?? '');
  const dismiss = useHotReloadStore((s) => s.noticeDismissed);
  return (
    <>
      {problem ? <ReloadBanner status={problem} /> : null}
      <ReloadNotice text={notice} time={time ? formatLogTime(time) : ''} onDismiss={dismiss} />
    </>
  );
}
