/**
 * The main window: header (with "Undo last change", "Versions" and "Start a change set"),
 * config and reload banners, reload and restore notices, instruments, modules and log, recordings beside
 * the staging tray when a change set is in play, status bar and toasts; the Versions view and
 * the restore dialog open over it.
 * `aria-busy` holds until the first snapshot is in (`ReadySignal` sets `data-app-state`).
 */
import { ConfigBannerContainer } from '../features/config/index.js';
import { HotReloadContainer } from '../features/hot-reload/index.js';
import { InstrumentsContainer } from '../features/instruments/index.js';
import { LogContainer } from '../features/log/index.js';
import { ModulesContainer } from '../features/modules/index.js';
import { RecordingsContainer } from '../features/recordings/index.js';
import { StatusBarContainer } from '../features/status/index.js';
import { ToastsContainer } from '../features/toasts/index.js';
import { StagingTrayContainer, StartChangeSetContainer } from '../features/transactions/index.js';
import { RestoreDialogContainer, RestoreNoticeContainer, VersionsContainer, VersionsHeaderContainer } from '../features/versions/index.js';
import { useAppState } from '../stores/app-status-store.js';
import { useTrayShown } from '../stores/staging-store.js';

/** The whole window. */
export function App() {
  const appState = useAppState();
  // With the tray open the window stops scrolling as a whole: content and tray scroll on their
  // own, side by side, so the tray never covers the tables and its buttons stay in view.
  const withTray = useTrayShown();
  return (
    <div className={withTray ? 'app app-with-tray' : 'app'} aria-busy={appState !== 'ready'}>
      <header className="app-header">
        <h1>DAQ Studio</h1>
        <span className="app-tagline">live instrument control</span>
        <span className="app-header-actions">
          <VersionsHeaderContainer />
          <StartChangeSetContainer />
        </span>
      </header>
      <ConfigBannerContainer />
      <HotReloadContainer />
      <RestoreNoticeContainer place="page" />
      <div className="app-body">
        <main className="app-main">
          <InstrumentsContainer />
          <div className="app-lower">
            <ModulesContainer />
            <LogContainer />
          </div>
          <RecordingsContainer />
        </main>
        <StagingTrayContainer />
      </div>
      <StatusBarContainer />
      <ToastsContainer />
      <VersionsContainer />
      <RestoreDialogContainer />
    </div>
  );
}
