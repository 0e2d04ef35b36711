/**
 * Counts the app's writes of the config file. Every write replaces the file atomically (a temp
 * file renamed over it), and a rename onto the file's name is a "rename" event for that name in
 * its folder; an editor's in-place save is a "change" event instead, so it is not counted.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export class FileWrites {
  private replaced = 0;
  private readonly watcher: FSWatcher;

  constructor(readonly path: string) {
    const name = basename(path);
    this.watcher = watch(dirname(path), (event, file) => {
      if (event === 'rename' && file === name) this.replaced += 1;
    });
  }

  /** Replacements of the file since the watch began. */
  count(): number {
    return this.replaced;
  }

  stop(): void {
    this.watcher.close();
  }
}
