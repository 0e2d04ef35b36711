/**
 * What a config text loads as, remembered by its content. Loading a 5,000-line config takes
 * about 100 ms (most of it the TOML parse), and comparing versions would load both sides every
 * time; but the same texts come back again and again: a version file never changes, `current`
 * changes only with an edit, and each text the app writes was already loaded once, by the
 * writer's check, just before it became the file (and so the next version). The key is the
 * content's hash (with the file name issues are reported against), so a version file someone
 * edited by hand is simply a new text: nothing remembered can be stale.
 *
 * Along with each config it keeps the decoded TOML value it was validated from: that is what
 * is stored beside a version (stored-decodings.ts), so the version compares without a parse
 * after a restart too.
 */
import { createHash } from 'node:crypto';
import type { AST } from 'toml-eslint-parser';
import type { DaqConfig } from '../../../shared/model/config.js';
import { firstConfigError, loadConfigText, parseTomlText, validateConfigValue, validateValueSets, configSizeIssue, type LoadResult, type ParsedToml } from '../config/index.js';
import type { TextDelta } from '../persistence/index.js';

export type ConfigLoad = { readonly ok: true; readonly config: DaqConfig } | { readonly ok: false };

/** Enough for `current`, the versions a restore dialog shows around it and the last writes. */
const REMEMBERED = 8;

interface Remembered {
  readonly outcome: ConfigLoad;
  /** The decoded TOML value `outcome.config` was validated from. */
  readonly decoded?: unknown;
}

let emptyDocument: ParsedToml | undefined;

/**
 * A document with no positions, for validating a stored decoding: positions only place the
 * issues a validation reports, and what is remembered here (loads or not, and the config) does
 * not depend on them.
 */
function positionless(): ParsedToml {
  if (!emptyDocument) {
    const parsed = parseTomlText('', 'empty.toml');
    if (!parsed.ok) throw new Error('an empty text does not parse');
    emptyDocument = parsed.doc;
  }
  return emptyDocument;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class ConfigLoads {
  /** Insertion order is use order: the first key is the one least recently used. */
  private readonly known = new Map<string, Remembered>();

  private keyOf(text: string, file: string): string {
    return `${file}\0${createHash('sha256').update(text).digest('hex')}`;
  }

  /**
   * Loads `text` as the config `file`, or answers what it loaded as before. `parsed`, the
   * editor's tree for exactly this text when it has one, spares the parse; `delta`, what the
   * text is as values set on a text that loaded, spares the whole load (config-delta.ts).
   */
  load(text: string, file: string, parsed?: AST.TOMLProgram, delta?: TextDelta): ConfigLoad {
    const key = this.keyOf(text, file);
    const remembered = this.known.get(key);
    if (remembered) {
      this.known.delete(key);
      this.known.set(key, remembered);
      return remembered.outcome;
    }
    const derived = delta && this.derive(delta, file);
    if (derived) {
      this.remember(key, derived);
      return derived.outcome;
    }
    const loaded = loadConfigText(text, file, parsed);
    // Frozen, as one model now serves every comparison of this text: none may change it.
    const fresh: Remembered = loaded.ok ? { outcome: { ok: true, config: deepFreeze(loaded.config) }, decoded: loaded.doc.value } : { outcome: { ok: false } };
    this.remember(key, fresh);
    return fresh.outcome;
  }

  /** What `delta`'s text loads as, told from its base's load when that is enough. */
  private derive(delta: TextDelta, file: string): Remembered | undefined {
    const base = this.known.get(this.keyOf(delta.from, file));
    if (!base?.outcome.ok || base.decoded === undefined) return undefined;
    const next = validateValueSets({ decoded: base.decoded as Record<string, unknown>, config: base.outcome.config }, delta.sets);
    // The new model shares the base's unchanged parts, which are frozen already.
    return next && { outcome: { ok: true, config: deepFreeze(next.config) }, decoded: next.decoded };
  }

  /** Whether `text` is remembered, so loading it costs nothing. */
  knows(text: string, file: string): boolean {
    return this.known.has(this.keyOf(text, file));
  }

  /** The decoded TOML value a remembered `text` loaded from, if it loaded. */
  decodedOf(text: string, file: string): unknown {
    return this.known.get(this.keyOf(text, file))?.decoded;
  }

  /**
   * Remembers `text` as loading from `decoded`, its stored decoding, when that validates as a
   * config (the same validation a load ends with). Answers whether it did: one that does not
   * is not taken, and the text is loaded in full when it is needed, for the exact outcome.
   */
  takeDecoded(text: string, file: string, decoded: unknown): boolean {
    let validated: LoadResult;
    try {
      validated = validateConfigValue(decoded, positionless(), file);
    } catch (err) {
      if (err instanceof RangeError) return false;
      throw err;
    }
    if (!validated.ok) return false;
    this.remember(this.keyOf(text, file), { outcome: { ok: true, config: deepFreeze(validated.config) }, decoded });
    return true;
  }

  /**
   * The config writer's check (why `text` would not load, or undefined), loading through this
   * memory so the text written next is known when it is compared as a version.
   */
  readonly firstError = (text: string, file: string, parsed?: AST.TOMLProgram, delta?: TextDelta): string | undefined => {
    // Loads in memory, but would be refused when read back (firstConfigError says so).
    if (configSizeIssue(text, true)) return firstConfigError(text, file);
    if (this.load(text, file, parsed, delta).ok) return undefined;
    // The loader words the reason; a text that does not load is rare here, so loading it
    // again for the words costs nothing that matters.
    return firstConfigError(text, file);
  };

  /**
   * What a text loaded as elsewhere (at start-up, on a hand edit picked up): the running
   * configuration's own text is then known when compared with a version, without a second load.
   * `decoded`, the value it was validated from, lets a version of this text be stored decoded.
   * Both are copied: the caller runs on that config, and it may share objects with the value.
   */
  note(text: string, file: string, config: DaqConfig, decoded?: unknown): void {
    this.remember(this.keyOf(text, file), { outcome: { ok: true, config: deepFreeze(structuredClone(config)) }, ...(decoded === undefined ? {} : { decoded: structuredClone(decoded) }) });
  }

  private remember(key: string, remembered: Remembered): void {
    this.known.delete(key);
    this.known.set(key, remembered);
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value as string);
  }
}
