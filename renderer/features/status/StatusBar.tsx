/**
 * The status bar: connection, config file with "Reload from file", instrument summary, log
 * errors, and whether every change reached the config file. The file actions are passed in as
 * elements (each is its own container).
 */
import type { ReactNode } from 'react';
import type { ConnectionState } from '../../bridge/daq-client.js';

export interface StatusBarProps {
  readonly connection: ConnectionState;
  readonly transport: 'ipc' | 'websocket' | null;
  readonly configPath: string;
  readonly summary: string;
  /** Errors in the log since the operator last marked them as seen. */
  readonly errorCount: number;
  readonly onErrorsSeen: () => void;
  /** The "Reload from file" button. */
  readonly reload: ReactNode;
  /** The "not saved to file" indicator. */
  readonly persistence: ReactNode;
}

const connectionText: Readonly<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  open: 'Connected',
  closed: 'Disconnected, reconnecting…',
};

/** The footer of the window. */
export function StatusBar({ connection, transport, configPath, summary, errorCount, onErrorsSeen, reload, persistence }: StatusBarProps) {
  return (
    <footer className="status-bar">
      <span className={`conn conn-${connection}`}>
        <span className="conn-dot" aria-hidden="true" />
        {connectionText[connection]}
        {transport === 'websocket' ? ' (browser mode)' : ''}
      </span>
      <span className="status-file">
        {configPath ? (
          <span className="status-path" title={configPath}>
            {configPath}
          </span>
        ) : null}
        {reload}
      </span>
      <span>{summary}</span>
      {errorCount > 0 ? (
        <span className="status-errors">
          {errorCount} new {errorCount === 1 ? 'error' : 'errors'} in log
          <button type="button" className="btn btn-small" onClick={onErrorsSeen}>
            Mark as seen
          </button>
        </span>
      ) : (
        <span className="muted">No new errors</span>
      )}
      {persistence}
    </footer>
  );
}
