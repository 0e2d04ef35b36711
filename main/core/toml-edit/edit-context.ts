/**
 * Everything an edit needs to know about the document it edits. Only the parse is done up
 * front: the index, line structure and decoded value are built on first use, because a simple
 * value edit needs none of them and building them costs as much as a third of the parse.
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
  /**
   * Remembers the parsed result of an edit so the next edit of exactly that text starts
   * without parsing it again. For a caller that edits the same file repeatedly.
   */
  readonly cache?: EditContextCache;
}

/** Where the parse of an edit's result waits for the next edit (`TomlDocumentCache`). */
export interface EditContextCache {
  take(text: string, dialect: TomlDialect | undefined): EditContext | undefined;
  put(ctx: EditContext): void;
}

/** The range arrays of a parse in flat lists sorted by start (see rewrite-context.ts). */
export interface RangeLists {
  readonly nodes: AST.Range[];
  readonly tokens: AST.Range[];
  readonly comments: AST.Range[];
}

/** What is built on first use; shared by contexts that differ only in their line ending. */
export interface LazyParts {
  index?: DocumentIndex;
  lines?: LineMap;
  kinds?: LineKind[];
  model?: PlainTable;
  ranges?: RangeLists;
}

/** A parsed document plus its line structure and index. */
export class EditContext {
  /**
   * @param parsed whether `ast` comes from parsing exactly `text`. A context rewritten line by
   *   line after a locally verified edit is not: it only serves further such edits (see
   *   line-rewrite.ts), every other edit parses the text again first.
   */
  constructor(
    readonly text: string,
    readonly ast: AST.TOMLProgram,
    readonly dialect: TomlDialect,
    /** The line ending the edit asked for; detected from the text when undefined. */
    readonly eolOption: LineEnding | undefined,
    readonly parsed: boolean,
    private readonly lazy: LazyParts = {},
  ) {}

  /** Line ending for inserted lines. */
  get eol(): LineEnding {
    return this.eolOption ?? detectLineEnding(this.text);
  }

  /** Where each key path is defined. */
  get index(): DocumentIndex {
    return (this.lazy.index ??= new DocumentIndex(this.ast));
  }

  /** Line offsets of the text. */
  get lines(): LineMap {
    return (this.lazy.lines ??= new LineMap(this.text));
  }

  /** Blank, comment or content, per line. */
  get kinds(): LineKind[] {
    return (this.lazy.kinds ??= classifyLines(this.ast, this.lines));
  }

  /** The decoded value of the document. */
  get model(): PlainTable {
    return (this.lazy.model ??= plainDocumentValue(this.ast));
  }

  /** The range lists of the parse, built by `collect` on first use. */
  rangeLists(collect: (ast: AST.TOMLProgram) => RangeLists): RangeLists {
    return (this.lazy.ranges ??= collect(this.ast));
  }

  /** This context when it was parsed from its text, otherwise one from a fresh parse of the text. */
  asParsed(): EditContext {
    return this.parsed ? this : new EditContext(this.text, parseTomlText(this.text, this.dialect), this.dialect, this.eolOption, true);
  }

  /** The same document with the line ending an edit asked for. */
  withEol(eol: LineEnding | undefined): EditContext {
    return eol === this.eolOption ? this : new EditContext(this.text, this.ast, this.dialect, eol, this.parsed, this.lazy);
  }
}

/** Parses `text` (in the given dialect, or detecting it). */
export function createContext(text: string, options: EditOptions = {}): EditContext {
  const parsed = options.dialect ? { ast: parseTomlText(text, options.dialect), dialect: options.dialect } : parseTomlDocument(text);
  return new EditContext(text, parsed.ast, parsed.dialect, options.eol, true);
}

/**
 * The context an edit starts from: the cached one when the cache holds exactly this text in
 * the wanted dialect, otherwise a fresh parse. A context taken from the cache belongs to this
 * edit alone (it may be rewritten in place for the new text).
 */
export function acquireContext(text: string, options: EditOptions): EditContext {
  const cached = options.cache?.take(text, options.dialect);
  return cached ? cached.withEol(options.eol) : createContext(text, options);
}
