/**
 * The parsed form of the text an edit produced, kept for the next edit of exactly that text.
 * A program that writes its config file repeatedly reads back what it wrote last; with this
 * cache that read costs no parse. The key is the whole text, compared exactly, so a file that
 * someone else changed (even by one byte) is parsed afresh.
 */
import type { AST } from 'toml-eslint-parser';
import type { EditContext, EditContextCache } from './edit-context.js';
import type { TomlDialect } from './toml-text.js';

/** One remembered document; pass it as `cache` to consecutive edits of the same file. */
export class TomlDocumentCache implements EditContextCache {
  private held: EditContext | undefined;

  /**
   * The remembered context for exactly `text`, handed over to the caller (the cache forgets
   * it: an edit may rewrite it in place for its new text). Without a `dialect` the edit would
   * detect one, which picks 1.0 whenever the text is valid 1.0, so only a 1.0 document can
   * stand in for that detection; a 1.1 one is parsed again.
   */
  take(text: string, dialect: TomlDialect | undefined): EditContext | undefined {
    const held = this.held;
    this.held = undefined;
    if (held === undefined || held.text !== text) return undefined;
    if (dialect === undefined ? held.dialect !== '1.0' : held.dialect !== dialect) return undefined;
    return held;
  }

  /**
   * The parse of exactly `text`, left in the cache: for a reader that only looks (the app
   * checks the text it is about to write as a config without parsing it a second time).
   */
  peek(text: string): AST.TOMLProgram | undefined {
    return this.held?.text === text ? this.held.ast : undefined;
  }

  /** Remembers the context of an edit's result (replacing whatever was held). */
  put(ctx: EditContext): void {
    this.held = ctx;
  }

  /** Forgets the remembered document. */
  clear(): void {
    this.held = undefined;
  }
}
