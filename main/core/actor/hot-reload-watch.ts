/**
 * Keeps the config file watcher in step with the settings: started when hot reload is on (or
 * while the file is invalid, so fixing it brings the app up), stopped when a reload turns it
 * off, re-created when the debounce changes. After every (re)start the file is read once, so
 * an edit saved while the app was starting is not missed.
 */
import { ConfigFileMonitor } from '../hot-reload/config-file-monitor.js';
import type { WatcherFactory } from '../hot-reload/file-watcher.js';

export interface WatchSettings {
  readonly enabled: boolean;
  readonly debounceMs: number;
}

export class HotReloadWatch {
  private monitor: ConfigFileMonitor | undefined;
  private debounceMs: number | undefined;
  private closed = false;
  /** Syncs and the close run one at a time: two overlapping starts would leave one watcher unowned. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly configPath: string,
    private readonly factory: WatcherFactory,
    /** Called after the quiet period; the caller re-reads the file inside the actor. */
    private readonly onSettled: () => void,
    private readonly onError: (err: Error) => void,
  ) {}

  get active(): boolean {
    return this.monitor !== undefined;
  }

  /**
   * Starts, stops or re-creates the watcher so that it matches `settings`. After `close` it does
   * nothing: a reload that was still running when the app stopped must not start a new watcher,
   * which nobody would close and which would keep the process alive.
   */
  sync(settings: WatchSettings): Promise<void> {
    return this.serially(async () => {
      if (this.closed) return;
      if (!settings.enabled) {
        await this.stopMonitor();
        return;
      }
      if (this.monitor && this.debounceMs === settings.debounceMs) return;
      await this.stopMonitor();
      const monitor = new ConfigFileMonitor(this.configPath, settings.debounceMs, this.factory, () => this.onSettled(), this.onError);
      await monitor.start();
      this.monitor = monitor;
      this.debounceMs = settings.debounceMs;
      monitor.poke();
    });
  }

  /** Stops watching for good (the app is stopping). */
  close(): Promise<void> {
    // Set at once, not in turn: a sync queued behind a slow one must already see it.
    this.closed = true;
    return this.serially(() => this.stopMonitor());
  }

  private async stopMonitor(): Promise<void> {
    const monitor = this.monitor;
    this.monitor = undefined;
    this.debounceMs = undefined;
    await monitor?.stop();
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
