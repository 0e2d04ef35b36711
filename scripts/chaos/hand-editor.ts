/**
 * The person at the keyboard: saves the bench file from "their editor" at random moments while
 * the app runs, changing only the editor's instrument offset. Half the saves write the file in
 * place, half write a temp file and rename it over (the two ways editors save). Each save reads
 * the file first, so it is also an observation of what the file held at that moment.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { EDITOR_INSTRUMENT } from './config-facts.js';
import { monotonicMicros } from './seeded-random.js';
import type { SeededRandom } from './seeded-random.js';

export interface HandEdit {
  /** Counts every save of the run; the offset written is unique to it. */
  readonly index: number;
  readonly style: 'in-place' | 'rename';
  readonly value: number;
  /** Monotonic microseconds before the file was read and after the save completed. */
  readonly readAt: number;
  readonly wroteAt: number;
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
  /** Saves skipped because the offset line was not found (never expected). */
  skipped = 0;

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
    if (style === 'in-place') writeFileSync(this.configPath, after);
    else {
      const temp = `${this.configPath}.editor-save`;
      writeFileSync(temp, after);
      renameSync(temp, this.configPath);
    }
    return { index, style, value, readAt, wroteAt: monotonicMicros(), offline, before };
  }
}
