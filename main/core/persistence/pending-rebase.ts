/**
 * Putting the app's pending changes on top of the file as it is now. The result must still be
 * a valid config: a change that no longer fits — its table was removed by hand, or it would
 * leave a table without its `type` — is set aside as a conflict and reported (the hand edit
 * wins), instead of blocking every later change or writing a file that will not load. A file
 * that is broken by itself is not touched at all: nothing is set aside, the write waits.
 */
import type { AST } from 'toml-eslint-parser';
import { AppError } from '../../../shared/errors.js';
import { TomlDecodeError, TomlEditError, TomlSyntaxError, addTable, commentOutValue, removeTable, setValue, setValueUncommenting, type EditOptions, type EditResult, type LineEnding, type TomlDocumentCache, type TomlInputValue } from '../toml-edit/index.js';

/** One change to the file, in terms of key paths. */
export type ConfigChange =
  | {
      readonly kind: 'set';
      readonly path: readonly string[];
      readonly value: TomlInputValue;
      readonly marker: boolean;
      /** A missing key comes back on its commented-out line (a role assigned again). */
      readonly uncomment?: boolean;
    }
  | { readonly kind: 'add-table'; readonly path: readonly string[]; readonly values: Record<string, TomlInputValue>; readonly afterPrefix: readonly string[] }
  | {
      readonly kind: 'remove';
      readonly path: readonly string[];
      readonly placeholder?: string;
      /** A one-line pair is commented out rather than deleted (a role that lost its instrument). */
      readonly commentOut?: boolean;
    };

export interface PendingChange {
  readonly change: ConfigChange;
  readonly at: Date;
}

export interface Conflict {
  readonly pending: PendingChange;
  readonly reason: string;
}

export interface Rebased {
  readonly text: string;
  /** Changes in `text`. */
  readonly kept: PendingChange[];
  /** Changes set aside for good: a hand edit removed or reshaped what they were about. */
  readonly conflicts: Conflict[];
  /** Changes not in `text` that stay pending: they failed on the app's own text, so no hand edit explains it. */
  readonly failed: Conflict[];
}

/** `set instruments.pm.amplitude`, `add instruments.probe`, `remove modules.scan` — for messages. */
export function describeChange(change: ConfigChange): string {
  const verb = change.kind === 'add-table' ? 'add' : change.kind;
  return `${verb} ${change.path.join('.')}`;
}

function applyChange(text: string, change: ConfigChange, at: Date, options: EditOptions): EditResult {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  switch (change.kind) {
    case 'set': {
      const set = change.uncomment ? setValueUncommenting : setValue;
      return set(text, [...change.path], change.value, change.marker ? { ...options, changedAt: stamp } : options);
    }
    case 'add-table':
      return addTable(text, [...change.path], change.values, { ...options, afterPrefix: [...change.afterPrefix], comment: `Added dynamically: ${stamp}` });
    case 'remove':
      if (change.commentOut) return commentOutValue(text, [...change.path], options);
      return removeTable(text, [...change.path], change.placeholder ? { ...options, placeholder: change.placeholder.replace('{time}', stamp) } : options);
  }
}

/**
 * What a text is, when the editor proved it: `from` with only these values set (each edit
 * verifies that its text decodes to the old document with its change applied). A check that
 * already judged `from` may then look only at what the values touch.
 */
export interface TextDelta {
  readonly from: string;
  readonly sets: readonly { readonly path: readonly string[]; readonly value: TomlInputValue }[];
}

/**
 * Why a text would not load as the app's config ("line:col: message (path)"), or undefined.
 * The app hands it in: this layer knows TOML, not what a DAQ config is.
 */
export type TextCheck = (text: string, file: string, parsed?: AST.TOMLProgram, delta?: TextDelta) => string | undefined;

/** No check beyond the TOML edit's own verification (tests of the TOML layer alone). */
export const noTextCheck: TextCheck = () => undefined;

/** The changes `text` got, when each set one value (a plain set; not a key brought back from its comment). */
function valueSets(from: string, kept: readonly PendingChange[]): TextDelta | undefined {
  const sets: TextDelta['sets'][number][] = [];
  for (const { change } of kept) {
    if (change.kind !== 'set' || change.uncomment) return undefined;
    sets.push({ path: change.path, value: change.value });
  }
  return sets.length > 0 ? { from, sets } : undefined;
}

/** Where `text` comes from: a hand edit (its changes win over ours) or the app's own text. */
export type RebaseBase = 'hand-edit' | 'app';

/**
 * Applies the changes in order; with `validateEach`, a change that makes the config invalid is
 * not applied. On a hand-edited text such a change is a conflict (the hand edit wins); on the
 * app's own text nothing explains it, so it stays pending and is reported, never dropped.
 */
function applyAll(text: string, eol: LineEnding, pending: readonly PendingChange[], file: string, check: TextCheck | undefined, base: RebaseBase, cache?: TomlDocumentCache): Rebased {
  let current = text;
  let options: EditOptions = { eol, ...(cache ? { cache } : {}) };
  const kept: PendingChange[] = [];
  const conflicts: Conflict[] = [];
  const failed: Conflict[] = [];
  const refuse = (p: PendingChange, reason: string, editError: boolean): void => {
    (base === 'hand-edit' && editError ? conflicts : failed).push({ pending: p, reason });
  };
  for (const p of pending) {
    try {
      const result = applyChange(current, p.change, p.at, options);
      const invalid = check ? check(result.text, file) : undefined;
      if (invalid) {
        refuse(p, `it would make the file invalid (${invalid})`, true);
        continue;
      }
      current = result.text;
      options = { eol, dialect: result.dialect, ...(cache ? { cache } : {}) };
      kept.push(p);
    } catch (err) {
      // An edit never produces a syntax error; one here is the file's own, so nothing is set aside.
      if (err instanceof TomlSyntaxError || err instanceof TomlDecodeError) throw err;
      // Only an edit that does not fit the text (a missing table, a reshaped key) can be a hand
      // edit's doing; anything else (a value TOML cannot hold, a fault of ours) is a failure.
      refuse(p, err instanceof Error ? err.message : String(err), err instanceof TomlEditError);
    }
  }
  return { text: current, kept, conflicts, failed };
}

/**
 * The file's text with the pending changes on top, checked as a whole config. The common case
 * (every change fits) costs one validation; only when the result is invalid is each change
 * checked on its own to find the ones that do not fit.
 */
export function rebasePending(text: string, eol: LineEnding, pending: readonly PendingChange[], file: string, base: RebaseBase, check: TextCheck, cache?: TomlDocumentCache): Rebased {
  const all = applyAll(text, eol, pending, file, undefined, base, cache);
  // The editor's parse of the result, when it kept one, spares the check parsing it again.
  if (!check(all.text, file, cache?.peek(all.text), valueSets(text, all.kept))) return all;
  const broken = check(text, file);
  if (broken) {
    throw new AppError('PERSIST_FAILED', `cannot write ${file}: the file has errors now (${broken}); fix it, then save again`);
  }
  return applyAll(text, eol, pending, file, check, base);
}
