/**
 * Turns a burst of file events into one settled read: a trailing debounce after the last
 * event, then the file's final content (or `null` when it is gone). Rapid successive saves
 * therefore yield one read of the last content; the caller decides whether it changed.
 */
import { readFile } from 'node:fs/promises';
import type { FileWatcher, WatcherFactory } from './file-watcher.js';

export type SettledContent = { readonly text: string } | { readonly missing: true } | { readonly error: string };

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
    this.watcher = await this.factory(this.target, () => this.poke(), (err) => this.onWatchError(err));
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

/** The file's content now, or why there is none. */
export async function readSettled(target: string): Promise<SettledContent> {
  try {
    return { text: await readFile(target, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { error: `cannot read ${target}: ${code ?? String(err)}` };
  }
}
