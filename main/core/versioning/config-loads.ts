/**
 * What a config text loads as, remembered by its content. Loading a 5,000-line config takes
 * about 100 ms (most of it the TOML parse), and comparing versions would load both sides every
 * time; but the same texts come back again and again: a version file never changes, `current`
 * changes only with an edit, and each text the app writes was already loaded once, by the
 * writer's check, just before it became the file (and so the next version). The key is the
 * content's hash (with the file name issues are reported against), so a version file someone
 * edited by hand is simply a new text: nothing remembered can be stale.
 */
import { createHash } from 'node:crypto';
import type { AST } from 'toml-eslint-parser';
import type { DaqConfig } from '../../../shared/model/config.js';
import { firstConfigError, loadConfigText } from '../config/index.js';

export type ConfigLoad = { readonly ok: true; readonly config: DaqConfig } | { readonly ok: false };

/** Enough for `current`, the versions a restore dialog shows around it and the last writes. */
const REMEMBERED = 8;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class ConfigLoads {
  /** Insertion order is use order: the first key is the one least recently used. */
  private readonly known = new Map<string, ConfigLoad>();

  private keyOf(text: string, file: string): string {
    return `${file}\0${createHash('sha256').update(text).digest('hex')}`;
  }

  /**
   * Loads `text` as the config `file`, or answers what it loaded as before. `parsed`, the
   * editor's tree for exactly this text when it has one, spares the parse.
   */
  load(text: string, file: string, parsed?: AST.TOMLProgram): ConfigLoad {
    const key = this.keyOf(text, file);
    const remembered = this.known.get(key);
    if (remembered) {
      this.known.delete(key);
      this.known.set(key, remembered);
      return remembered;
    }
    const loaded = loadConfigText(text, file, parsed);
    // Frozen, as one model now serves every comparison of this text: none may change it.
    const outcome: ConfigLoad = loaded.ok ? { ok: true, config: deepFreeze(loaded.config) } : { ok: false };
    this.remember(key, outcome);
    return outcome;
  }

  /**
   * The config writer's check (why `text` would not load, or undefined), loading through this
   * memory so the text written next is known when it is compared as a version.
   */
  readonly firstError = (text: string, file: string, parsed?: AST.TOMLProgram): string | undefined => {
    if (this.load(text, file, parsed).ok) return undefined;
    // The loader words the reason; a text that does not load is rare here, so loading it
    // again for the words costs nothing that matters.
    return firstConfigError(text, file);
  };

  /**
   * What a text loaded as elsewhere (at start-up, on a hand edit picked up): the running
   * configuration's own text is then known when compared with a version, without a second load.
   */
  note(text: string, file: string, config: DaqConfig): void {
    this.remember(this.keyOf(text, file), { ok: true, config: deepFreeze(structuredClone(config)) });
  }

  private remember(key: string, outcome: ConfigLoad): void {
    this.known.set(key, outcome);
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value as string);
  }
}
