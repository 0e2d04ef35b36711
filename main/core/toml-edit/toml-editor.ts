/**
 * Format-preserving edits of a TOML document. Each operation splices only the text it must
 * change and verifies the result (parses in the file's dialect, decodes to the old value with
 * the change applied, identical outside the edited spans) before returning. An edit that stays
 * on one key/value line is verified by parsing that line alone (line-rewrite.ts argues why this
 * is as strong); every other edit by parsing the whole new text.
 *
 * With a {@link TomlDocumentCache} in the options, the parse an edit ends with (the full
 * verification parse, or the old parse carried over a one-line edit) is kept for the next edit
 * of exactly that text, so a program editing its file repeatedly does not parse it each time.
 */
import { planAddTable, type AddTableLayout } from './add-table.js';
import { changeMarkerText, markerEdits } from './change-marker.js';
import type { TomlDocumentCache } from './document-cache.js';
import type { KeyPath } from './document-index.js';
import { plainDocumentValue } from './document-value.js';
import { acquireContext, createContext, EditContext, type EditOptions } from './edit-context.js';
import { TomlEditError } from './errors.js';
import { planInsert } from './insert-value.js';
import { checkLineRewrite, findPairValue } from './line-rewrite.js';
import { planCommentOut, planUncomment } from './commented-pairs.js';
import { cloneValue, deleteIn, getIn, setIn } from './model-ops.js';
import { dropStaleMarkers } from './removal-markers.js';
import { planRemove } from './remove-path.js';
import { planReplace } from './replace-value.js';
import { rewriteContext } from './rewrite-context.js';
import { applyEdits, composeSpans, type EditSpan, type SplicedText } from './text-edits.js';
import { isPlainObject, type TomlInputValue } from './toml-serialize.js';
import { parseTomlText, type TomlDialect } from './toml-text.js';
import { verifyEditParsed } from './verify-edit.js';

/** The outcome of an edit. */
export interface EditResult {
  /** The new document text. */
  readonly text: string;
  /** Changed spans (UTF-16 offsets in the old and the new text); everything else is unchanged. */
  readonly spans: EditSpan[];
  /** The file's dialect, kept by the edit. */
  readonly dialect: TomlDialect;
  /** The decoded value the new text has: the old value with the change applied (new values as given). */
  readonly value: Record<string, unknown>;
}

/** Options of {@link setValue}. */
export interface SetValueOptions extends EditOptions {
  /** Writes `# changed <time>` at the end of each changed line, replacing an earlier such marker. */
  readonly changedAt?: Date | string;
}

/** Options of {@link addTable}. */
export interface AddTableOptions extends EditOptions, AddTableLayout {}

/** Options of {@link removeTable}. */
export interface RemoveTableOptions extends EditOptions {
  /**
   * A comment line left where the table was, e.g. `# Removed: laser-1 at 2026-08-20T10:00:00Z`.
   * A marker in that form replaces earlier ones for the same subject, and the file keeps at
   * most the newest few (removal-markers.ts).
   */
  readonly placeholder?: string;
}

/**
 * Sets `keyPath` to `value`. An existing value keeps its notation (integer, float with its
 * decimals, string quote style) and the rest of its line; a missing key is inserted at the end
 * of its table's key/value block, creating the table header if needed. A plain object given
 * for an existing table sets each key and removes the keys it does not have.
 *
 * Verification: an edit confined to one key/value line is verified locally (line-rewrite.ts);
 * every other edit by parsing the whole new text.
 */
export function setValue(text: string, keyPath: KeyPath, value: TomlInputValue, options: SetValueOptions = {}): EditResult {
  const start = acquireContext(text, options);
  const marker = options.changedAt === undefined ? undefined : changeMarkerText(options.changedAt);
  const local = keyPath.length > 0 ? tryLineRewrite(start, keyPath, value, marker, options) : undefined;
  if (local) return local;
  const ctx = start.asParsed();
  const intended = keyPath.length > 0 ? cloneValue(ctx.model) : (value as Record<string, unknown>);
  if (keyPath.length > 0) setIn(intended, keyPath, value);
  return finish(ctx, setRaw(ctx, keyPath, value, marker), intended, keyPath, options);
}

/** Adds the table `keyPath` (which must not exist) after the last table under `afterPrefix`. */
export function addTable(text: string, keyPath: KeyPath, values: TomlInputValue, options: AddTableOptions = {}): EditResult {
  const ctx = acquireContext(text, options).asParsed();
  const intended = cloneValue(ctx.model);
  setIn(intended, keyPath, values);
  return finish(ctx, applyEdits(ctx.text, planAddTable(ctx, keyPath, values, options)), intended, keyPath, options);
}

/**
 * Removes `keyPath`: a header table with its sub-tables, the comment lines directly above
 * their headers and the comments inside them; or pairs defined with dotted keys; or one pair,
 * inline-table entry or array element. A placeholder comment can mark the place.
 */
export function removeTable(text: string, keyPath: KeyPath, options: RemoveTableOptions = {}): EditResult {
  const ctx = acquireContext(text, options).asParsed();
  const intended = cloneValue(ctx.model);
  deleteIn(intended, keyPath, ctx.index);
  const spliced = applyEdits(ctx.text, planRemove(ctx, keyPath, options.placeholder));
  const tidied = options.placeholder === undefined ? spliced : dropStaleMarkers(ctx, spliced, options.placeholder);
  return finish(ctx, tidied, intended, keyPath, options);
}

/** Removes one key (or table) without a placeholder; {@link removeTable} with no placeholder. */
export function removeValue(text: string, keyPath: KeyPath, options: EditOptions = {}): EditResult {
  return removeTable(text, keyPath, { dialect: options.dialect, eol: options.eol, cache: options.cache });
}

/**
 * Removes the one-line pair at `keyPath` by commenting it out, so its line and comment stay
 * readable in the file (commented-pairs.ts); removes it like {@link removeValue} where the pair
 * is not one line of a table body.
 */
export function commentOutValue(text: string, keyPath: KeyPath, options: EditOptions = {}): EditResult {
  const ctx = acquireContext(text, options).asParsed();
  const edit = planCommentOut(ctx, keyPath);
  if (!edit) return removeValue(text, keyPath, options);
  const intended = cloneValue(ctx.model);
  deleteIn(intended, keyPath, ctx.index);
  return finish(ctx, applyEdits(ctx.text, [edit]), intended, keyPath, options);
}

/** {@link setValue}, but a key its table lacks comes back on its commented-out line, if it has one. */
export function setValueUncommenting(text: string, keyPath: KeyPath, value: TomlInputValue, options: SetValueOptions = {}): EditResult {
  const ctx = acquireContext(text, options).asParsed();
  const edit = planUncomment(ctx, keyPath, value);
  if (!edit) return setValue(text, keyPath, value, options);
  const intended = cloneValue(ctx.model);
  setIn(intended, keyPath, value);
  return finish(ctx, applyEdits(ctx.text, [edit]), intended, keyPath, options);
}

/**
 * Verifies the spliced text by a full parse against the old value with the change applied;
 * never returns a wrong text. The parse becomes the cached context of the new text.
 */
function finish(ctx: EditContext, spliced: SplicedText, intended: Record<string, unknown>, keyPath: KeyPath, options: EditOptions): EditResult {
  const check = verifyEditParsed({ oldText: ctx.text, newText: spliced.text, spans: spliced.spans, intended, dialect: ctx.dialect });
  if (!check.ok) throw new TomlEditError(`the edit failed verification (${check.failure.check}): ${check.failure.message}`, keyPath);
  if (options.cache && check.ast) options.cache.put(new EditContext(spliced.text, check.ast, ctx.dialect, options.eol, true, { model: check.value }));
  return { text: spliced.text, spans: spliced.spans, dialect: ctx.dialect, value: intended };
}

/**
 * The edit of an existing value, when it stays on one key/value line and passes the local
 * check; undefined otherwise (the caller then takes the path with a full verification, which
 * also gives the authoritative error for an edit that cannot be made).
 */
function tryLineRewrite(ctx: EditContext, path: KeyPath, value: TomlInputValue, marker: string | undefined, options: EditOptions): EditResult | undefined {
  const hit = findPairValue(ctx.ast, path);
  if (!hit) return undefined;
  let spliced: SplicedText;
  try {
    const edits = planReplace(ctx, hit.node, value, path);
    spliced = applyEdits(ctx.text, marker === undefined ? edits : [...edits, ...markerEdits(ctx, edits, marker, path)]);
  } catch {
    return undefined;
  }
  const rewrite = checkLineRewrite({ ctx, hit, path, value, spliced });
  if (!rewrite) return undefined;
  if (options.cache) {
    try {
      options.cache.put(rewriteContext(ctx, rewrite));
    } catch {
      // The text is verified; without a carried-over context the next edit just parses it.
    }
  }
  // Built from the old text, not from `ctx`, whose parse may now describe the new text.
  const { text: oldText, dialect } = ctx;
  return lazyValueResult(spliced, dialect, () => {
    const model = plainDocumentValue(parseTomlText(oldText, dialect));
    setIn(model, path, value);
    return model;
  });
}

/** A result whose decoded value is only built when read (a local edit has no use for it). */
function lazyValueResult(spliced: SplicedText, dialect: TomlDialect, build: () => Record<string, unknown>): EditResult {
  let value: Record<string, unknown> | undefined;
  const result = { text: spliced.text, spans: spliced.spans, dialect } as EditResult;
  Object.defineProperty(result, 'value', { enumerable: true, get: () => (value ??= build()) });
  return result;
}

function setRaw(ctx: EditContext, path: KeyPath, value: TomlInputValue, marker: string | undefined): SplicedText {
  const entry = ctx.index.get(path);
  if (!entry) return applyEdits(ctx.text, planInsert(ctx, path, value, marker));
  if (entry.type === 'value') {
    const edits = planReplace(ctx, entry.node, value, path);
    return applyEdits(ctx.text, marker === undefined ? edits : [...edits, ...markerEdits(ctx, edits, marker, path)]);
  }
  if (entry.type === 'array-of-tables') throw new TomlEditError('an array of tables cannot be replaced as a whole', path);
  if (!isPlainObject(value)) throw new TomlEditError('the key is a table; it can only be set to a plain object', path);
  if ((entry.type === 'dotted' || entry.type === 'implicit') && Object.keys(value).length === 0) {
    throw new TomlEditError('a table that exists only through dotted keys or sub-tables cannot be emptied (it would disappear); remove it instead', path);
  }
  return setTableByKeys(ctx, path, value, marker);
}

/** A table set key by key (each step re-parsed), then keys the new value lacks removed. */
function setTableByKeys(ctx: EditContext, path: KeyPath, value: { readonly [k: string]: TomlInputValue }, marker: string | undefined): SplicedText {
  let current = ctx;
  let spans: EditSpan[] = [];
  const step = (next: SplicedText): void => {
    spans = composeSpans(spans, next.spans, { old: ctx.text.length, mid: current.text.length, new: next.text.length });
    current = createContext(next.text, { dialect: ctx.dialect, eol: ctx.eol });
  };
  for (const [key, v] of Object.entries(value)) step(setRaw(current, [...path, key], v, marker));
  const old = getIn(ctx.model, path) as Record<string, unknown>;
  for (const key of Object.keys(old)) {
    if (!Object.hasOwn(value, key)) step(applyEdits(current.text, planRemove(current, [...path, key])));
  }
  return { text: current.text, spans };
}
