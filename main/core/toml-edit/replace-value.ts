/**
 * Replacing an existing value node while keeping how it was written: integer stays integer
 * (in its base), float stays float (with its decimals), strings keep their quote style, arrays
 * and inline tables are edited element by element when their shape allows it.
 */
import type { AST } from 'toml-eslint-parser';
import { contentValue, keySegments, plainScalar } from './document-value.js';
import type { KeyPath } from './document-index.js';
import type { EditContext } from './edit-context.js';
import type { TextEdit } from './text-edits.js';
import {
  basicString,
  canBeLiteral,
  canBeMultilineLiteral,
  isPlainObject,
  multilineBasicString,
  multilineLiteralString,
  serializeDateTime,
  serializeFloat,
  serializeInteger,
  serializeKey,
  serializeValue,
  type TomlInputValue,
} from './toml-serialize.js';
import { TomlDateTime } from './toml-datetime.js';
import { TomlFloat } from './toml-float.js';
import { diffValues } from './value-equality.js';

/** Edits that turn `node` into `value`; none when the value is already equal. */
export function planReplace(ctx: EditContext, node: AST.TOMLContentNode, value: TomlInputValue, path: KeyPath): TextEdit[] {
  if (diffValues(contentValue(node, plainScalar), value) === undefined) return [];
  if (node.type === 'TOMLArray' && Array.isArray(value)) {
    const edits = planArray(ctx, node, value as readonly TomlInputValue[], path);
    if (edits) return edits;
  }
  if (node.type === 'TOMLInlineTable' && isPlainObject(value) && node.body.every((p) => p.key.keys.length === 1)) {
    return planInlineTable(ctx, node, value, path);
  }
  const insert = node.type === 'TOMLValue' ? serializeLike(ctx, node, value, path) : serializeValue(value, path);
  return [{ start: node.range[0], end: node.range[1], insert }];
}

/**
 * Arrays of the same length are edited element by element; elements appended at the end or
 * removed from one stretch are spliced so comments and layout inside the array stay. Other
 * changes rewrite the array (undefined here).
 */
function planArray(ctx: EditContext, node: AST.TOMLArray, value: readonly TomlInputValue[], path: KeyPath): TextEdit[] | undefined {
  const old = node.elements;
  if (value.length === old.length) return old.flatMap((el, i) => planReplace(ctx, el, value[i] as TomlInputValue, [...path, i]));
  const same = (i: number, j: number): boolean => diffValues(contentValue(old[i] as AST.TOMLContentNode, plainScalar), value[j]) === undefined;
  let prefix = 0;
  while (prefix < Math.min(old.length, value.length) && same(prefix, prefix)) prefix++;
  if (prefix === old.length) {
    const added = value.slice(prefix).map((v, i) => serializeValue(v, [...path, prefix + i]));
    return spliceList(node, old, old.map(() => true), added, '');
  }
  let suffix = 0;
  while (suffix < Math.min(old.length, value.length) - prefix && same(old.length - 1 - suffix, value.length - 1 - suffix)) suffix++;
  if (value.length > old.length || prefix + suffix !== value.length) return undefined;
  return spliceList(node, old, old.map((_, i) => i < prefix || i >= old.length - suffix), [], '');
}

/** Common keys edited in place, missing keys removed with their comma, new keys appended. */
function planInlineTable(ctx: EditContext, node: AST.TOMLInlineTable, value: { readonly [k: string]: TomlInputValue }, path: KeyPath): TextEdit[] {
  const names = node.body.map((p) => keySegments(p.key)[0] as string);
  const keep = names.map((n) => Object.hasOwn(value, n));
  const edits = node.body.flatMap((p, i) => (keep[i] ? planReplace(ctx, p.value, value[names[i] as string] as TomlInputValue, [...path, names[i] as string]) : []));
  const added = Object.keys(value)
    .filter((k) => !names.includes(k))
    .map((k) => `${serializeKey(k, path)} = ${serializeValue(value[k] as TomlInputValue, [...path, k])}`);
  return [...edits, ...spliceList(node, node.body, keep, added, ' ')];
}

/**
 * Removes the items not kept and appends `added` to a bracketed list (inline table or array),
 * keeping separators valid: an item is removed up to the next item, trailing items from the
 * end of the last kept one.
 */
export function spliceList(container: AST.HasLocs, items: readonly AST.HasLocs[], keep: readonly boolean[], added: readonly string[], pad: string): TextEdit[] {
  const lastKept = keep.lastIndexOf(true);
  if (lastKept === -1) {
    const inner = added.length > 0 ? `${pad}${added.join(', ')}${pad}` : '';
    return [{ start: container.range[0] + 1, end: container.range[1] - 1, insert: inner }];
  }
  const edits: TextEdit[] = [];
  const keptEnd = (items[lastKept] as AST.HasLocs).range[1];
  if (added.length > 0) edits.push({ start: keptEnd, end: keptEnd, insert: added.map((a) => `, ${a}`).join('') });
  items.forEach((item, i) => {
    if (keep[i] || i > lastKept) return;
    edits.push({ start: item.range[0], end: (items[i + 1] as AST.HasLocs).range[0], insert: '' });
  });
  const last = items[items.length - 1] as AST.HasLocs;
  if (lastKept < items.length - 1) edits.push({ start: keptEnd, end: last.range[1], insert: '' });
  return edits;
}

/** A scalar in the notation of the scalar it replaces, when the types agree. */
function serializeLike(ctx: EditContext, node: AST.TOMLValue, value: TomlInputValue, path: KeyPath): string {
  if (node.kind === 'integer' && isWholeNumber(value)) {
    const prefix = /^0[xob]/.exec(node.number)?.[0] ?? '';
    return serializeInteger(typeof value === 'bigint' ? value : BigInt(value), path, prefix, /[A-F]/.test(node.number));
  }
  if (node.kind === 'float' && (typeof value === 'number' || value instanceof TomlFloat)) {
    const v = typeof value === 'number' ? value : value.value;
    return exponentLike(v, node.number) ?? serializeFloat(v, decimalsOf(node.number));
  }
  if (node.kind === 'string' && typeof value === 'string') return serializeStringLike(ctx, node, value, path);
  if ((value instanceof Date || value instanceof TomlDateTime) && node.kind.includes('-')) return serializeDateTime(value, path);
  return serializeValue(value, path);
}

function isWholeNumber(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0));
}

/**
 * `v` in the exponent notation of `literal` when it has one (`1e6` → `2e6`, `5.0e-3` → `4.0e-3`,
 * `1E+06` → `3E+06`): the case of the `e`, an explicit `+`, the exponent's digit count and the
 * mantissa's decimals. Undefined for a plain literal, a value that is not finite or zero, or a
 * text that would not read back as exactly `v`.
 */
function exponentLike(v: number, literal: string): string | undefined {
  const m = /^([+-]?)([\d_]+)(?:\.([\d_]+))?([eE])([+-]?)(\d+)$/.exec(literal);
  if (!m || !Number.isFinite(v) || v === 0) return undefined;
  const [, , , fraction = '', e = 'e', sign = '', digits = ''] = m;
  const [mantissa = '', exponent = '0'] = v.toExponential().split('e');
  const minDecimals = fraction.replace(/_/g, '').length;
  const decimals = mantissa.includes('.') ? (mantissa.split('.')[1] ?? '').length : 0;
  const paddedMantissa = decimals >= minDecimals ? mantissa : Number(mantissa).toFixed(minDecimals);
  const power = Number(exponent);
  const expSign = power < 0 ? '-' : sign === '+' ? '+' : '';
  const text = `${paddedMantissa}${e}${expSign}${String(Math.abs(power)).padStart(digits.length, '0')}`;
  return Number(text) === v ? text : undefined;
}

/** Fraction digits of a plain decimal float (`800.00` -> 2); 0 for exponent notation. */
function decimalsOf(number: string): number {
  if (/[eE]/.test(number) || !number.includes('.')) return 0;
  return number.replace(/_/g, '').length - number.replace(/_/g, '').indexOf('.') - 1;
}

function serializeStringLike(ctx: EditContext, node: AST.TOMLStringValue, s: string, path: KeyPath): string {
  if (node.multiline) {
    const leadingBreak = /^("""|''')\r?\n/.test(ctx.text.slice(node.range[0], node.range[0] + 5));
    if (node.style === 'literal' && canBeMultilineLiteral(s)) return multilineLiteralString(s, ctx.eol, leadingBreak);
    return multilineBasicString(s, ctx.eol, leadingBreak, path);
  }
  if (node.style === 'literal' && canBeLiteral(s)) return `'${s}'`;
  return basicString(s, path);
}
