/**
 * The main window: header, config and reload banners, reload notice, instruments, modules
 * and log, status bar and toasts.
 * `aria-busy` holds until the first snapshot is in (`ReadySignal` sets `data-app-state`).
 */
import { ConfigBannerContainer } from '../features/config/index.js';
import { HotReloadContainer } from '../features/hot-reload/index.js';
import { InstrumentsContainer } from '../features/instruments/index.js';
import { LogContainer } from '../features/log/index.js';
import { ModulesContainer } from '../features/modules/index.js';
import { StatusBarContainer } from '../features/status/index.js';
import { ToastsContainer } from '../features/toasts/index.js';
import { useAppState } from '../stores/app-status-store.js';

/** The whole window. */
export function App() {
  const appState = useAppState();
  return (
    <div className="app" aria-busy={appState !== 'ready'}>
      <header className="app-header">
        <h1>DAQ Studio</h1>
        <span className="app-tagline">live instrument control</span>
      </header>
      <ConfigBannerContainer />
      <HotReloadContainer />
      <main className="app-main">
        <InstrumentsContainer />
        <div className="app-lower">
          <ModulesContainer />
          <LogContainer />
        </div>
      </main>
      <StatusBarContainer />
      <ToastsContainer />
    </div>
  );
}
