/**
 * Everything an edit needs to know about the document it edits, computed once per operation.
 */
import type { AST } from 'toml-eslint-parser';
import { DocumentIndex } from './document-index.js';
import { plainDocumentValue, type PlainTable } from './document-value.js';
import { classifyLines, LineMap, type LineKind } from './text-lines.js';
import { detectLineEnding, parseTomlDocument, parseTomlText, type LineEnding, type TomlDialect } from './toml-text.js';

/** Options every editing operation accepts. */
export interface EditOptions {
  /** The file's dialect; detected from the text when omitted. */
  readonly dialect?: TomlDialect;
  /** Line ending for inserted lines; detected from the text when omitted. */
  readonly eol?: LineEnding;
}

/** A parsed document plus its line structure and index. */
export interface EditContext {
  readonly text: string;
  readonly ast: AST.TOMLProgram;
  readonly dialect: TomlDialect;
  readonly eol: LineEnding;
  readonly index: DocumentIndex;
  readonly lines: LineMap;
  readonly kinds: LineKind[];
  readonly model: PlainTable;
}

/** Parses `text` (in the given dialect, or detecting it) and indexes it. */
export function createContext(text: string, options: EditOptions = {}): EditContext {
  const parsed = options.dialect ? { ast: parseTomlText(text, options.dialect), dialect: options.dialect } : parseTomlDocument(text);
  const lines = new LineMap(text);
  return {
    text,
    ast: parsed.ast,
    dialect: parsed.dialect,
    eol: options.eol ?? detectLineEnding(text),
    index: new DocumentIndex(parsed.ast),
    lines,
    kinds: classifyLines(parsed.ast, lines),
    model: plainDocumentValue(parsed.ast),
  };
}
