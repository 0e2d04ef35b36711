/**
 * Watching the config file behind a small interface (tests and other platforms can swap it).
 * The real adapter watches the file's folder, not the file: editors that save by renaming
 * (vim's backup rename, VS Code's temp + rename, delete + create) replace the inode, and a
 * watch on the old inode would go deaf after the first save.
 */
import { basename, dirname, resolve } from 'node:path';
import { watch } from 'chokidar';

export type FileEventKind = 'add' | 'change' | 'unlink';

export interface FileWatcher {
  close(): Promise<void>;
}

export type WatcherFactory = (
  target: string,
  onEvent: (kind: FileEventKind) => void,
  onError: (err: Error) => void,
) => Promise<FileWatcher>;

/** chokidar on the folder, with every path but the target (and the folder) ignored. */
export const chokidarWatcherFactory: WatcherFactory = async (target, onEvent, onError) => {
  const file = resolve(target);
  const folder = dirname(file);
  const watcher = watch(folder, {
    depth: 0,
    ignoreInitial: true,
    // Our own trailing debounce re-reads the final content; chokidar's atomic merging would
    // hide the unlink of a delete + create and its awaitWriteFinish adds seconds of latency.
    atomic: false,
    ignored: (path: string) => resolve(path) !== file && resolve(path) !== folder,
  });
  const forward = (kind: FileEventKind) => (path: string) => {
    if (basename(path) === basename(file) && resolve(path) === file) onEvent(kind);
  };
  watcher.on('add', forward('add'));
  watcher.on('change', forward('change'));
  watcher.on('unlink', forward('unlink'));
  watcher.on('error', (err) => onError(err instanceof Error ? err : new Error(String(err))));
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  return { close: () => watcher.close() };
};
