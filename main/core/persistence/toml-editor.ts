/**
 * Format-preserving edits of a TOML document. Each operation parses the text, splices only
 * the text it must change, and verifies the result (parses in the file's dialect, decodes to
 * the old value with the change applied, identical outside the edited spans) before returning.
 */
import { planAddTable, type AddTableLayout } from './add-table.js';
import { changeMarkerText, planChangeMarker } from './change-marker.js';
import type { KeyPath } from './document-index.js';
import { createContext, type EditContext, type EditOptions } from './edit-context.js';
import { TomlEditError } from './errors.js';
import { planInsert } from './insert-value.js';
import { cloneValue, deleteIn, getIn, setIn } from './model-ops.js';
import { planRemove } from './remove-path.js';
import { planReplace } from './replace-value.js';
import { applyEdits, composeSpans, type EditSpan, type SplicedText, type TextEdit } from './text-edits.js';
import { isPlainObject, type TomlInputValue } from './toml-serialize.js';
import type { TomlDialect } from './toml-text.js';
import { verifyEdit } from './verify-edit.js';

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
  /** A comment line left where the table was, e.g. `# Removed: laser-1 at 2026-08-20T10:00:00Z`. */
  readonly placeholder?: string;
}

/**
 * Sets `keyPath` to `value`. An existing value keeps its notation (integer, float with its
 * decimals, string quote style) and the rest of its line; a missing key is inserted at the end
 * of its table's key/value block, creating the table header if needed. A plain object given
 * for an existing table sets each key and removes the keys it does not have.
 */
export function setValue(text: string, keyPath: KeyPath, value: TomlInputValue, options: SetValueOptions = {}): EditResult {
  const ctx = createContext(text, options);
  const marker = options.changedAt === undefined ? undefined : changeMarkerText(options.changedAt);
  const intended = cloneValue(ctx.model) as Record<string, unknown>;
  if (keyPath.length > 0) setIn(intended, keyPath, value);
  const spliced = setRaw(ctx, keyPath, value, marker);
  return finish(ctx, spliced, keyPath.length > 0 ? intended : (value as Record<string, unknown>), keyPath);
}

/** Adds the table `keyPath` (which must not exist) after the last table under `afterPrefix`. */
export function addTable(text: string, keyPath: KeyPath, values: TomlInputValue, options: AddTableOptions = {}): EditResult {
  const ctx = createContext(text, options);
  const intended = cloneValue(ctx.model) as Record<string, unknown>;
  setIn(intended, keyPath, values);
  return finish(ctx, applyEdits(ctx.text, planAddTable(ctx, keyPath, values, options)), intended, keyPath);
}

/**
 * Removes `keyPath`: a header table with its sub-tables, the comment lines directly above
 * their headers and the comments inside them; or pairs defined with dotted keys; or one pair,
 * inline-table entry or array element. A placeholder comment can mark the place.
 */
export function removeTable(text: string, keyPath: KeyPath, options: RemoveTableOptions = {}): EditResult {
  const ctx = createContext(text, options);
  const intended = cloneValue(ctx.model) as Record<string, unknown>;
  deleteIn(intended, keyPath, ctx.index);
  return finish(ctx, applyEdits(ctx.text, planRemove(ctx, keyPath, options.placeholder)), intended, keyPath);
}

/** Removes one key (or table) without a placeholder; {@link removeTable} with no placeholder. */
export function removeValue(text: string, keyPath: KeyPath, options: EditOptions = {}): EditResult {
  return removeTable(text, keyPath, { dialect: options.dialect, eol: options.eol });
}

/** Verifies the spliced text against the old value with the change applied; never returns a wrong text. */
function finish(ctx: EditContext, spliced: SplicedText, intended: Record<string, unknown>, keyPath: KeyPath): EditResult {
  const check = verifyEdit({ oldText: ctx.text, newText: spliced.text, spans: spliced.spans, intended, dialect: ctx.dialect });
  if (!check.ok) throw new TomlEditError(`the edit failed verification (${check.failure.check}): ${check.failure.message}`, keyPath);
  return { text: spliced.text, spans: spliced.spans, dialect: ctx.dialect, value: intended };
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

/** One marker per changed line, skipping a line whose comment lies inside an edit (it is being replaced). */
function markerEdits(ctx: EditContext, edits: readonly TextEdit[], marker: string, path: KeyPath): TextEdit[] {
  const lines = new Set(edits.map((e) => ctx.lines.lineOf(Math.max(e.start, e.end - 1))));
  const clashes = (m: TextEdit): boolean =>
    edits.some((e) => e.end > e.start && (m.end > m.start ? m.start < e.end && e.start < m.end : e.start < m.start && m.start < e.end));
  return [...lines].map((line) => planChangeMarker(ctx, line, marker, path)).filter((m) => !clashes(m));
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
