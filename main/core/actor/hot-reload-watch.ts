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

  /** Starts, stops or re-creates the watcher so that it matches `settings`. */
  async sync(settings: WatchSettings): Promise<void> {
    if (!settings.enabled) {
      await this.stop();
      return;
    }
    if (this.monitor && this.debounceMs === settings.debounceMs) return;
    await this.stop();
    const monitor = new ConfigFileMonitor(this.configPath, settings.debounceMs, this.factory, () => this.onSettled(), this.onError);
    await monitor.start();
    this.monitor = monitor;
    this.debounceMs = settings.debounceMs;
    monitor.poke();
  }

  async stop(): Promise<void> {
    const monitor = this.monitor;
    this.monitor = undefined;
    this.debounceMs = undefined;
    await monitor?.stop();
  }
}
