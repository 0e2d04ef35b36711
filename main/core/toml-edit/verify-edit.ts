/**
 * The check every write passes before the file is replaced: the new text parses in the file's
 * dialect, decodes to exactly the intended value, and is identical to the old text outside the
 * edited spans. A failure names the check and the place; it never lets a wrong text through.
 */
import type { AST } from 'toml-eslint-parser';
import { plainDocumentValue, type PlainTable } from './document-value.js';
import type { EditSpan } from './text-edits.js';
import { parseTomlText, positionOf, type TomlDialect } from './toml-text.js';
import { TomlSyntaxError } from './errors.js';
import { diffValues, type EqualityOptions } from './value-equality.js';

/** What to verify. */
export interface VerifyEditInput extends EqualityOptions {
  readonly oldText: string;
  readonly newText: string;
  /** The edited spans, as the editor returned them. */
  readonly spans: readonly EditSpan[];
  /** The value the new text must decode to (a plain object). */
  readonly intended: unknown;
  /** The dialect of the file; the new text must parse in it. */
  readonly dialect: TomlDialect;
}

/** Which check failed. */
export type VerifyCheck = 'spans' | 'untouched-text' | 'parse' | 'value';

/** A failed check, with the position in the new text where it applies. */
export interface VerifyFailure {
  readonly check: VerifyCheck;
  readonly message: string;
  /** 1-based line in the new text (for text and parse failures). */
  readonly line?: number;
  /** 0-based column in the new text. */
  readonly column?: number;
  /** Key path of the first value difference (for value failures). */
  readonly path?: string;
}

/** The verification outcome. */
export type VerifyEditResult = { readonly ok: true } | { readonly ok: false; readonly failure: VerifyFailure };

/** Thrown by {@link assertEditVerified}. */
export class TomlVerificationError extends Error {
  readonly failure: VerifyFailure;

  constructor(failure: VerifyFailure) {
    super(`edit verification failed (${failure.check}): ${failure.message}`);
    this.name = 'TomlVerificationError';
    this.failure = failure;
  }
}

function isSurrogateSplit(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** Spans sorted, inside both texts, consistent in length and not splitting a character. */
function checkSpans(oldText: string, newText: string, spans: readonly EditSpan[]): string | undefined {
  let oldAt = 0;
  let newAt = 0;
  for (const [i, s] of spans.entries()) {
    if (s.oldStart < oldAt || s.oldEnd < s.oldStart || s.newStart < newAt || s.newEnd < s.newStart) return `span ${i} is out of order or inverted`;
    if (s.oldStart - oldAt !== s.newStart - newAt) return `span ${i}: the untouched text before it differs in length`;
    if (s.oldEnd > oldText.length || s.newEnd > newText.length) return `span ${i} reaches past the end of the text`;
    for (const [t, at] of [[oldText, s.oldStart], [oldText, s.oldEnd], [newText, s.newStart], [newText, s.newEnd]] as const) {
      if (isSurrogateSplit(t, at)) return `span ${i} splits a character at ${at}`;
    }
    oldAt = s.oldEnd;
    newAt = s.newEnd;
  }
  return oldText.length - oldAt === newText.length - newAt ? undefined : 'the untouched text after the last span differs in length';
}

/** The first offset (in the new text) where an untouched segment differs, or -1. */
function firstUntouchedDifference(oldText: string, newText: string, spans: readonly EditSpan[]): number {
  let oldAt = 0;
  let newAt = 0;
  for (const s of [...spans, { oldStart: oldText.length, oldEnd: oldText.length, newStart: newText.length, newEnd: newText.length }]) {
    const len = s.oldStart - oldAt;
    if (oldText.slice(oldAt, oldAt + len) !== newText.slice(newAt, newAt + len)) {
      let k = 0;
      while (oldText.charCodeAt(oldAt + k) === newText.charCodeAt(newAt + k)) k++;
      return newAt + k;
    }
    oldAt = s.oldEnd;
    newAt = s.newEnd;
  }
  return -1;
}

/**
 * The text checks alone: spans well formed and every byte outside them unchanged. Undefined
 * when they hold.
 */
export function checkUntouched(oldText: string, newText: string, spans: readonly EditSpan[]): VerifyFailure | undefined {
  const spanProblem = checkSpans(oldText, newText, spans);
  if (spanProblem) return { check: 'spans', message: spanProblem };
  const diffAt = firstUntouchedDifference(oldText, newText, spans);
  if (diffAt === -1) return undefined;
  const pos = positionOf(newText, diffAt);
  const message = `text outside the edited spans changed at line ${pos.line}, column ${pos.column + 1}`;
  return { check: 'untouched-text', message, line: pos.line, column: pos.column };
}

/** {@link verifyEdit} that also hands back the parse of the new text when it succeeded. */
export function verifyEditParsed(input: VerifyEditInput): VerifyEditResult & { readonly ast?: AST.TOMLProgram; readonly value?: PlainTable } {
  const { oldText, newText, spans } = input;
  const textFailure = checkUntouched(oldText, newText, spans);
  if (textFailure) return { ok: false, failure: textFailure };
  let ast;
  try {
    ast = parseTomlText(newText, input.dialect);
  } catch (err) {
    if (!(err instanceof TomlSyntaxError)) throw err;
    return { ok: false, failure: { check: 'parse', message: err.message, line: err.line, column: err.column } };
  }
  const value = plainDocumentValue(ast);
  const diff = diffValues(value, input.intended, '', input);
  if (diff) return { ok: false, failure: { check: 'value', message: diff.message, path: diff.path } };
  return { ok: true, ast, value };
}

/** Runs every check, cheapest first, and reports the first failure. */
export function verifyEdit(input: VerifyEditInput): VerifyEditResult {
  const result = verifyEditParsed(input);
  return result.ok ? { ok: true } : { ok: false, failure: result.failure };
}

/** {@link verifyEdit} that throws {@link TomlVerificationError} on failure. */
export function assertEditVerified(input: VerifyEditInput): void {
  const result = verifyEdit(input);
  if (!result.ok) throw new TomlVerificationError(result.failure);
}
