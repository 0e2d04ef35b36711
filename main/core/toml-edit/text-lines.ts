/**
 * Line structure of a document: where lines start and end, and which lines are blank, hold
 * only a comment, or hold TOML content. Comment ownership and insert positions build on this.
 */
import type { AST } from 'toml-eslint-parser';

/** What a line holds. A line inside a multi-line string or array counts as content. */
export type LineKind = 'blank' | 'comment' | 'content';

/** Line offsets of a text; lines are 0-based here (the AST's are 1-based). */
export class LineMap {
  readonly text: string;
  private readonly starts: number[];

  constructor(text: string) {
    this.text = text;
    this.starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Number of lines; a text ending in a line break has an empty last line. */
  get count(): number {
    return this.starts.length;
  }

  /** The line holding `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset where `line` starts (the text end for a line past the last). */
  start(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** Offset of the line break (or the text end) that ends `line`. */
  contentEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    return this.text.charCodeAt(next - 2) === 0x0d ? next - 2 : next - 1;
  }

  /** Start of the following line, or the text end for the last line. */
  next(line: number): number {
    return this.starts[line + 1] ?? this.text.length;
  }

  /** Whether `line` ends with a line break (the last line may not). */
  hasBreak(line: number): boolean {
    return this.starts[line + 1] !== undefined;
  }

  /** The spaces and tabs a line starts with. */
  indentOf(line: number): string {
    const s = this.text.slice(this.start(line), this.contentEnd(line));
    return /^[ \t]*/.exec(s)?.[0] ?? '';
  }
}

/**
 * Classifies every line using the parser's tokens and comments, never the raw characters: a
 * `#` inside a multi-line string is no comment, and a blank line inside a multi-line array
 * belongs to its key/value pair.
 */
export function classifyLines(ast: AST.TOMLProgram, lines: LineMap): LineKind[] {
  const kinds: LineKind[] = new Array<LineKind>(lines.count).fill('blank');
  for (const c of ast.comments) kinds[c.loc.start.line - 1] = 'comment';
  const mark = (loc: AST.SourceLocation): void => {
    for (let l = loc.start.line; l <= loc.end.line; l++) kinds[l - 1] = 'content';
  };
  for (const t of ast.tokens) mark(t.loc);
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') mark(item.loc);
    else for (const pair of item.body) mark(pair.loc);
  }
  return kinds;
}
