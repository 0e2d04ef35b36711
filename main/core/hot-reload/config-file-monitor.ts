/**
 * Turns a burst of file events into one settled read: a trailing debounce after the last
 * event, then the file's final content (or `null` when it is gone). Rapid successive saves
 * therefore yield one read of the last content; the caller decides whether it changed.
 */
import type { ConfigIssue } from '../../../shared/errors.js';
import { readConfigFile } from '../config/config-file.js';
import type { FileWatcher, WatcherFactory } from './file-watcher.js';

/** The text, a missing file, or why the file cannot be used (with the issue to show). */
export type SettledContent =
  | { readonly text: string }
  | { readonly missing: true }
  | { readonly error: string; readonly issues?: readonly ConfigIssue[] };

export class ConfigFileMonitor {
  private watcher: FileWatcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly target: string,
    private readonly debounceMs: number,
    private readonly factory: WatcherFactory,
    private readonly onSettled: (content: SettledContent) => void,
    private readonly onWatchError: (err: Error) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const watcher = await this.factory(this.target, () => this.poke(), (err) => this.onWatchError(err));
    // Stopped while the watcher was getting ready: close it now, or it outlives the monitor.
    if (this.closed) await watcher.close();
    else this.watcher = watcher;
  }

  /** Restarts the quiet period; also used to force a re-read (ReloadConfig). */
  poke(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.settle(), this.debounceMs);
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
  }

  private async settle(): Promise<void> {
    this.timer = undefined;
    const content = await readSettled(this.target);
    if (!this.closed) this.onSettled(content);
  }
}

/**
 * The file's content now, or why there is none. Read as the loader reads it: a named pipe,
 * device or folder, a file over the size limit and bytes that are not UTF-8 are refused with an
 * issue rather than blocking or being read with replacement characters.
 */
export async function readSettled(target: string): Promise<SettledContent> {
  const read = await readConfigFile(target);
  if (read.ok) return { text: read.text };
  if (read.missing) return { missing: true };
  const { line, column, message } = read.issue;
  return { error: `${target}:${line}:${column}: ${message}`, issues: [read.issue] };
}
