/**
 * The status bar: connection, config file, instrument summary, log errors and whether the last
 * change reached the config file. The "not saved" notice is a polite live region, so it is
 * announced without taking focus.
 */
import type { ConnectionState } from '../../bridge/daq-client.js';

export interface StatusBarProps {
  readonly connection: ConnectionState;
  readonly transport: 'ipc' | 'websocket' | null;
  readonly configPath: string;
  readonly summary: string;
  readonly errorCount: number;
  readonly notSavedReason: string | null;
}

const connectionText: Readonly<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  open: 'Connected',
  closed: 'Disconnected, reconnecting…',
};

/** The footer of the window. */
export function StatusBar({ connection, transport, configPath, summary, errorCount, notSavedReason }: StatusBarProps) {
  return (
    <footer className="status-bar">
      <span className={`conn conn-${connection}`}>
        <span className="conn-dot" aria-hidden="true" />
        {connectionText[connection]}
        {transport === 'websocket' ? ' (browser mode)' : ''}
      </span>
      {configPath ? (
        <span className="status-path" title={configPath}>
          {configPath}
        </span>
      ) : null}
      <span>{summary}</span>
      <span className={errorCount > 0 ? 'status-errors' : undefined}>
        {errorCount} {errorCount === 1 ? 'error' : 'errors'} in log
      </span>
      <span role="status" className="status-persist">
        {notSavedReason ? <span className="not-saved">not saved to file: {notSavedReason}</span> : null}
      </span>
    </footer>
  );
}
