/**
 * The person at the keyboard: saves the bench file from "their editor" at random moments while
 * the app runs, changing only the editor's instrument offset. Half the saves write the file in
 * place, half write a temp file and rename it over (the two ways editors save). Each save reads
 * the file first, so it is also an observation of what the file held at that moment. A file the
 * person deleted (a fault of chaos-faults.ts) is put back by them later, also a save.
 */
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadConfigText } from '../../main/core/index.js';
import { EDITOR_INSTRUMENT, EDITOR_KEY, factsOf } from './config-facts.js';
import { monotonicMicros } from './seeded-random.js';
import type { SeededRandom } from './seeded-random.js';

export interface HandEdit {
  /** Counts every save of the run; the offset written is unique to it. */
  readonly index: number;
  /** `put-back`: the person wrote back a deleted file's text as they last had it (chaos-faults.ts). */
  readonly style: 'in-place' | 'rename' | 'put-back';
  readonly value: number;
  /** Monotonic microseconds before the file was read and after the save completed. */
  readonly readAt: number;
  readonly wroteAt: number;
  /**
   * Until when a change of the app can land in the file and be undone by this save (default:
   * `wroteAt`). A put-back reads the text, deletes the file at once and writes it back later;
   * only a change written before the delete can be in the file it replaces.
   */
  readonly crossUntil?: number;
  /** Saved after the kill, before the app was started again. */
  readonly offline: boolean;
  /** What the file held when the editor read it. */
  readonly before: string;
}

/** `text` with the editor's instrument offset set to `value`; undefined when the line is not there. */
export function withEditorOffset(text: string, value: number): string | undefined {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.trim().startsWith(`[instruments.${EDITOR_INSTRUMENT}]`));
  if (header < 0) return undefined;
  for (let i = header + 1; i < lines.length && !(lines[i] as string).trim().startsWith('['); i += 1) {
    const match = /^(\s*offset\s*=\s*)[^#\r]*?(\s*(#.*)?\r?)$/.exec(lines[i] as string);
    if (!match) continue;
    lines[i] = `${match[1]}${value.toFixed(2)}${match[2]}`;
    return lines.join('\n');
  }
  return undefined;
}

export class HandEditor {
  private count = 0;
  /** Saves skipped because the file could not be read (deleted, folder away) or had no offset line. */
  skipped = 0;
  /** Saves that failed to write (a full disk) and left the file as it was. */
  failed = 0;
  /**
   * Why in-place saves are held off now, if they are: on a full disk an in-place save truncates
   * the file and then cannot write it, a loss that is the editor's, not the app's. Saves by
   * rename still try, and fail leaving the file whole.
   */
  holdInPlace: string | undefined;

  /**
   * @param renameSaves whether saves may go by temp file and rename. One that lands in the
   *   microseconds between the app's last look and its own rename cannot be caught (POSIX has
   *   no compare-and-swap rename; guarded-replace.ts), so the bounded run in `npm test` saves in
   *   place only, where every promise is the app's to keep; the large run mixes both and reports
   *   such a loss as what it is.
   */
  constructor(
    private readonly configPath: string,
    private readonly renameSaves = true,
  ) {}

  /** One save, read to write without yielding, as an editor does it; `rng` picks the way it saves. */
  save(rng: SeededRandom, offline = false): HandEdit | undefined {
    const readAt = monotonicMicros();
    let before: string;
    try {
      before = readFileSync(this.configPath, 'utf8');
    } catch {
      this.skipped += 1;
      return undefined;
    }
    const index = (this.count += 1);
    const value = index + 0.25;
    const after = withEditorOffset(before, value);
    if (after === undefined) {
      this.skipped += 1;
      return undefined;
    }
    const style = rng.chance(0.5) && this.renameSaves ? 'rename' : 'in-place';
    if (style === 'in-place' && this.holdInPlace) {
      this.skipped += 1;
      return undefined;
    }
    if (style === 'in-place') writeFileSync(this.configPath, after);
    else {
      const temp = `${this.configPath}.editor-save`;
      try {
        // The new file keeps the old one's mode, as editors do (a read-only file stays read-only).
        const mode = statSync(this.configPath).mode & 0o7777;
        writeFileSync(temp, after);
        chmodSync(temp, mode);
        renameSync(temp, this.configPath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        rmSync(temp, { force: true });
        this.failed += 1;
        return undefined;
      }
    }
    return { index, style, value, readAt, wroteAt: monotonicMicros(), offline, before };
  }

  /**
   * Writes back `text`, the file as the person read it at `readAt` just before deleting it at
   * `deletedAt`, as an editor with the file open saves its buffer. The save is answered only
   * when `text` has an editor offset to follow (always, as the file always loads; a file that
   * did not is a finding of its own).
   */
  putBack(text: string, readAt: number, deletedAt: number): HandEdit | undefined {
    writeFileSync(this.configPath, text);
    const wroteAt = monotonicMicros();
    const loaded = loadConfigText(text, this.configPath);
    const value = loaded.ok ? factsOf(loaded.config)[EDITOR_KEY] : undefined;
    if (typeof value !== 'number') return undefined;
    return { index: (this.count += 1), style: 'put-back', value, readAt, wroteAt, crossUntil: deletedAt, offline: false, before: text };
  }
}
