/**
 * Bootstrap: pick the transport, route its events into the stores (subscribe first, then load
 * the snapshot), bind the operations, render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { OperationsProvider } from './app/operations-context.js';
import { ReadySignal } from './app/ReadySignal.js';
import { createClient } from './bridge/client.js';
import { connectStores } from './bridge/subscriptions.js';
import { createOperations } from './stores/operations.js';
import './styles/base.css';
import './styles/instruments.css';
import './styles/forms.css';
import './styles/edit-panel.css';
import './styles/panels.css';
import './styles/status-bar.css';
import 'diff2html/bundles/css/diff2html.min.css';
import './styles/staging-tray.css';
import './styles/staging-content.css';
import './styles/versions.css';
// uPlot's own stylesheet, bundled like ours: the CSP allows no <style> injected at run time.
import 'uplot/dist/uPlot.min.css';
import './styles/runs.css';
import './styles/version-compare.css';

const client = createClient(window);
connectStores(client);
const operations = createOperations(client.api);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <OperationsProvider operations={operations}>
      <App />
      <ReadySignal host={container} />
    </OperationsProvider>
  </StrictMode>,
);
