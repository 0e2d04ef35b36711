/**
 * Errors of the TOML layer. Each carries enough position data for the GUI to pin the problem
 * to a line and column; the persistence feature maps them to its wire error codes.
 */

/** The bytes are not a UTF-8 text (invalid sequence, or a UTF-16 file). */
export class TomlDecodeError extends Error {
  /** Byte offset of the first byte that cannot be decoded. */
  readonly byteOffset: number;

  constructor(message: string, byteOffset: number) {
    super(message);
    this.name = 'TomlDecodeError';
    this.byteOffset = byteOffset;
  }
}

/** The text is not a TOML document in the requested dialect. */
export class TomlSyntaxError extends Error {
  /** 1-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units, as toml-eslint-parser reports it. */
  readonly column: number;
  /** UTF-16 offset into the text. */
  readonly offset: number;
  readonly dialect: '1.0' | '1.1';
  /** The problem without its position (for messages that give the position themselves). */
  readonly reason: string;

  constructor(message: string, where: { line: number; column: number; offset: number }, dialect: '1.0' | '1.1') {
    super(`${message} (line ${where.line}, column ${where.column + 1}, TOML ${dialect})`);
    this.reason = message;
    this.name = 'TomlSyntaxError';
    this.line = where.line;
    this.column = where.column;
    this.offset = where.offset;
    this.dialect = dialect;
  }
}

/** An edit that cannot be expressed (missing key, wrong shape, value TOML cannot hold). */
export class TomlEditError extends Error {
  /** The key path the failed operation was about. */
  readonly keyPath: readonly (string | number)[];

  constructor(message: string, keyPath: readonly (string | number)[]) {
    super(keyPath.length > 0 ? `${message} (at ${formatKeyPath(keyPath)})` : message);
    this.name = 'TomlEditError';
    this.keyPath = keyPath;
  }
}

/** `a.b[2]."x y"` — a key path as people read it in messages. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      const key = /^[A-Za-z0-9_-]+$/.test(seg) ? seg : JSON.stringify(seg);
      return i === 0 ? key : `.${key}`;
    })
    .join('');
}
