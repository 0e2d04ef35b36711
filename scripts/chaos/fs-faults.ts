/**
 * The file-system faults of the chaos run, each begun synchronously (no save of the person's
 * editor runs in between) and undone by the function it hands back:
 * - read-only: the config file's write bits cleared (the app refuses to replace a file its owner
 *   made read-only, even as root), later its mode back;
 * - full disk: the bench's small disk filled with a ballast file, later removed; the editor
 *   holds off saving in place meanwhile (see HandEditor.holdInPlace);
 * - deleted: the person reads the file and deletes it at once, later puts back the text they
 *   had, as an editor with the file open saves its buffer (a save, for the checks: see
 *   HandEditor.putBack);
 * - folder renamed: the bench folder moved away and back. A folder made again at the old path
 *   meanwhile (the app keeping something under it) is moved aside first, as a person would.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import type { BenchDisk } from './bench-disk.js';
import type { HandEdit, HandEditor } from './hand-editor.js';
import { monotonicMicros } from './seeded-random.js';

export type FileFaultKind = 'read-only' | 'full-disk' | 'deleted' | 'folder-renamed';
export const FILE_FAULT_KINDS: readonly FileFaultKind[] = ['read-only', 'full-disk', 'deleted', 'folder-renamed'];

export interface BenchPaths {
  readonly configPath: string;
  /** The config's folder. */
  readonly folder: string;
}

export interface FileFaultContext {
  readonly paths: BenchPaths;
  readonly disk: BenchDisk;
  readonly editor: HandEditor;
  /** Where a put-back save is handed over, once made. */
  readonly putBack: (edit: HandEdit) => void;
  /** Told when the bench folder had been made again while it was away, with what it held. */
  readonly recreated: (held: readonly string[]) => number;
}

export interface BegunFault {
  /** Monotonic microseconds, taken before the fault began. */
  readonly startedAt: number;
  readonly undo: () => void;
}

/** Begins `kind` now; undefined when it cannot be begun at this moment (the file is not there). */
export function beginFileFault(kind: FileFaultKind, context: FileFaultContext): BegunFault | undefined {
  const { configPath, folder } = context.paths;
  const startedAt = monotonicMicros();
  switch (kind) {
    case 'read-only': {
      let mode: number;
      try {
        mode = statSync(configPath).mode & 0o7777;
      } catch {
        return undefined;
      }
      chmodSync(configPath, mode & ~0o222);
      return {
        startedAt,
        undo: () => {
          if (existsSync(configPath)) chmodSync(configPath, mode);
        },
      };
    }
    case 'full-disk':
      context.disk.fill();
      context.editor.holdInPlace = 'the disk is full';
      return {
        startedAt,
        undo: () => {
          context.disk.free();
          context.editor.holdInPlace = undefined;
        },
      };
    case 'deleted': {
      let text: string;
      try {
        text = readFileSync(configPath, 'utf8');
      } catch {
        return undefined;
      }
      unlinkSync(configPath);
      const deletedAt = monotonicMicros();
      return {
        startedAt,
        undo: () => {
          const edit = context.editor.putBack(text, startedAt, deletedAt);
          if (edit) context.putBack(edit);
        },
      };
    }
    case 'folder-renamed': {
      const away = `${folder}.away`;
      renameSync(folder, away);
      return {
        startedAt,
        undo: () => {
          if (existsSync(folder)) renameSync(folder, `${folder}.recreated-${context.recreated(readdirSync(folder, { recursive: true }).map(String))}`);
          renameSync(away, folder);
        },
      };
    }
  }
}
