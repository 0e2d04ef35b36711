/**
 * TOML's four date/time kinds as values that keep their kind and exact text. A JS Date cannot
 * do that: it has no local kinds, and turning a local date-time into an instant would change
 * what the file says.
 */

/** The four TOML date/time kinds, named as toml-eslint-parser names them. */
export type TomlDateTimeKind = 'offset-date-time' | 'local-date-time' | 'local-date' | 'local-time';

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?`;
const OFFSET = String.raw`([Zz]|[+-]\d{2}:\d{2})`;
const PATTERNS: Record<TomlDateTimeKind, RegExp> = {
  'offset-date-time': new RegExp(`^${DATE}[Tt ]${TIME}${OFFSET}$`),
  'local-date-time': new RegExp(`^${DATE}[Tt ]${TIME}$`),
  'local-date': new RegExp(`^${DATE}$`),
  'local-time': new RegExp(`^${TIME}$`),
};

/** A TOML date/time value: its kind plus its text in canonical form (see {@link canonicalDateTimeText}). */
export class TomlDateTime {
  readonly kind: TomlDateTimeKind;
  readonly text: string;

  /** Throws when `text` is not a date/time of that kind. */
  constructor(kind: TomlDateTimeKind, text: string) {
    this.kind = kind;
    this.text = canonicalDateTimeText(kind, text);
  }

  /** The kind of a date/time text, or undefined when it is none. */
  static kindOf(text: string): TomlDateTimeKind | undefined {
    return (Object.keys(PATTERNS) as TomlDateTimeKind[]).find((k) => PATTERNS[k].test(text));
  }

  /** Same kind and same value; offset date-times compare as instants. */
  equals(other: TomlDateTime): boolean {
    if (other.kind !== this.kind) return false;
    if (this.kind === 'offset-date-time') return instantOf(this.text) === instantOf(other.text);
    return trimFraction(this.text) === trimFraction(other.text);
  }

  /** The canonical text, as written into TOML. */
  toString(): string {
    return this.text;
  }
}

/**
 * Upper-case `T` and `Z`, `T` as the separator, seconds always present (TOML 1.0 requires
 * them), fraction digits kept as written.
 */
export function canonicalDateTimeText(kind: TomlDateTimeKind, text: string): string {
  const m = PATTERNS[kind].exec(text);
  if (!m) throw new RangeError(`not a TOML ${kind}: ${JSON.stringify(text)}`);
  const parts = m.slice(1);
  const date = kind === 'local-time' ? '' : `${parts[0]}-${parts[1]}-${parts[2]}`;
  if (kind === 'local-date') return date;
  const t = kind === 'local-time' ? parts : parts.slice(3);
  const time = `${t[0]}:${t[1]}:${t[2] ?? '00'}${t[3] !== undefined ? `.${t[3]}` : ''}`;
  const offset = kind === 'offset-date-time' ? (t[4] as string).toUpperCase() : '';
  return date === '' ? time : `${date}T${time}${offset}`;
}

/** Milliseconds since the epoch of a canonical offset date-time (sub-millisecond digits cut). */
export function instantOf(canonical: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(canonical);
  if (!m) return Number.NaN;
  const ms = ((m[2] ?? '') + '000').slice(0, 3);
  return Date.parse(`${m[1]}.${ms}${m[3]}`);
}

/** `10:00:00.500` and `10:00:00.5` are the same time. */
function trimFraction(text: string): string {
  return text.replace(/\.(\d*?)0*$/, (_, digits: string) => (digits ? `.${digits}` : ''));
}
