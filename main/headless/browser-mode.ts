/** Browser mode assembled: a core on a config file plus the loopback server in front of it. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogEntry } from '../../shared/model/runtime.js';
import { createCore } from '../core/index.js';
import { startServer } from './server.js';

/** The package root (where config/ and out/ live), found from this file's place in main/headless. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function printLog(entry: LogEntry): void {
  const line = `${entry.time} ${entry.level.toUpperCase().padEnd(5)} [${entry.source}] ${entry.message}`;
  if (entry.level === 'error' || entry.level === 'warn') console.error(line);
  else if (process.env['DAQ_VERBOSE']) console.error(line);
}

export async function startBrowserMode(options: { configPath: string; port?: number; rendererDir?: string; token?: string }) {
  const core = createCore({ configPath: options.configPath, logSink: printLog });
  await core.start();
  const server = await startServer({
    core,
    rendererDir: options.rendererDir ?? resolve(repoRoot, 'out/renderer'),
    port: options.port ?? 0,
    ...(options.token ? { token: options.token } : {}),
    // A client that sent a frame too big or broken loses its connection; the app goes on.
    onClientError: (err) => console.error(`${new Date().toISOString()} WARN  [browser-mode] a client connection was closed: ${err.message}`),
  });
  return {
    url: server.url,
    port: server.port,
    token: server.token,
    core,
    /** Stops the server, then the core; `phase` hears which step it is in (for a slow stop's warning). */
    close: async (phase: (step: string) => void = () => {}) => {
      phase('closing the server and its connections');
      await server.close();
      phase('stopping the core (instruments, modules, pending writes)');
      await core.stop();
      phase('stopped; waiting for the last open handles');
    },
  };
}
