/**
 * Owns the running core and its IPC wiring, so File → Open can replace one core with another:
 * the old core stops (releasing its serial ports) before the new one starts, and the IPC
 * handlers are swapped in one synchronous step so no request finds the channel empty.
 */
import type { BrowserWindow } from 'electron';
import type { Core } from '../core/index.js';
import { registerIpcBridge } from './ipc-bridge.js';

/** How long shutdown waits for instruments to stop before the app quits anyway. */
export const STOP_TIMEOUT_MS = 5_000;

/** What the host needs from the shell. */
export interface CoreHostOptions {
  readonly createCore: (configPath: string) => Core;
  readonly window: BrowserWindow;
  readonly isTrustedUrl: (url: string) => boolean;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly stopTimeoutMs?: number;
}

/** The running core, replaceable at runtime. */
export interface CoreHost {
  /** The core now wired to IPC, if any. */
  readonly current: Core | undefined;
  /** Runs `configPath`: stops the current core, starts a new one and wires it to IPC. */
  open(configPath: string): Promise<void>;
  /** Removes the IPC wiring and stops the core (bounded by the stop timeout). */
  close(): Promise<void>;
}

/** Creates the host; nothing runs until {@link CoreHost.open}. */
export function createCoreHost(options: CoreHostOptions): CoreHost {
  let current: Core | undefined;
  let disposeBridge: (() => void) | undefined;
  // Opens and closes run one after another, so two quick File → Open never interleave.
  let queue: Promise<void> = Promise.resolve();

  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  async function stopCurrent(): Promise<void> {
    if (!current) return;
    const stopping = current.stop().catch((err: unknown) => options.log('error', `stopping the core failed: ${String(err)}`));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.log('warn', 'the core did not stop in time; going on without waiting');
        resolve();
      }, options.stopTimeoutMs ?? STOP_TIMEOUT_MS);
    });
    await Promise.race([stopping, timeout]);
    clearTimeout(timer);
  }

  async function swap(configPath: string): Promise<void> {
    await stopCurrent();
    const next = options.createCore(configPath);
    disposeBridge?.();
    disposeBridge = registerIpcBridge({
      core: next,
      window: options.window,
      isTrustedUrl: options.isTrustedUrl,
      onRefused: (channel, url) => options.log('warn', `refused ${channel} from ${url || 'an unknown frame'}`),
    });
    current = next;
    try {
      // An invalid file does not reject (the core starts in error state); this catches bugs only.
      await next.start();
    } catch (err) {
      options.log('error', `starting the core on ${configPath} failed: ${String(err)}`);
    }
  }

  async function close(): Promise<void> {
    disposeBridge?.();
    disposeBridge = undefined;
    await stopCurrent();
    current = undefined;
  }

  return {
    get current() {
      return current;
    },
    open: (configPath) => enqueue(() => swap(configPath)),
    close: () => enqueue(close),
  };
}
