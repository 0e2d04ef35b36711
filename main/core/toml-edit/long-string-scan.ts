/**
 * Finding the string tokens of a TOML text that are too long for the parser (long-strings.ts),
 * without parsing it. Outside strings and comments, `"` and `'` only open strings and `#` only
 * opens a comment, so one pass finds every string; brackets and `=` say whether it stands where
 * a value does or is a key.
 */

/** The opening delimiter of a string token. */
export type Delimiter = '"' | "'" | '"""' | "'''";

/** A string token: `text.slice(start, end)`, delimiters included. */
export interface LongString {
  readonly start: number;
  readonly end: number;
  readonly key: boolean;
}

// Where a string may end or an escape start: plain character classes, searched from lastIndex.
const BASIC_STOPS = /["\\]/g;
const BASIC_LINE_STOPS = /["\\\n]/g;
const LITERAL_LINE_STOPS = /['\n]/g;

/** The delimiter of the string token opening at `at`. */
export function delimiterAt(text: string, at: number): Delimiter {
  const q = text[at] as '"' | "'";
  return text.startsWith(q.repeat(3), at) ? (q === '"' ? '"""' : "'''") : q;
}

/**
 * A quick test that spares the scan below on ordinary files: a string longer than `threshold`
 * needs a line that long, or a multi-line string.
 */
export function mayHoldLongString(text: string, threshold: number): boolean {
  if (text.length <= threshold) return false;
  if (text.includes('"""') || text.includes("'''")) return true;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i - lineStart > threshold) return true;
    lineStart = i + 1;
  }
  return text.length - lineStart > threshold;
}

/**
 * The string values longer than `threshold` and the quoted keys longer than `keyThreshold`. An
 * unterminated string ends the search: the parser reports it.
 */
export function findLongStrings(text: string, threshold: number, keyThreshold: number): LongString[] {
  const found: LongString[] = [];
  const stack: ('array' | 'inline' | 'header')[] = [];
  let prev = '\n';
  const token = /[#"'[\]{}=,.\n]|[^\s#"'[\]{}=,.]+/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const ch = m[0];
    const at = m.index;
    const top = stack[stack.length - 1];
    if (ch === '#') {
      const eol = text.indexOf('\n', at);
      token.lastIndex = eol === -1 ? text.length : eol;
    } else if (ch === '"' || ch === "'") {
      const end = stringEnd(text, at);
      if (end === undefined) break;
      const value = top === 'array' || (top !== 'header' && prev === '=');
      if (end - at > (value ? threshold : keyThreshold)) found.push({ start: at, end, key: !value });
      token.lastIndex = end;
      prev = 'v';
    } else if (ch === '[') {
      if (top === 'array' || prev === '=') stack.push('array');
      else {
        if (text[at + 1] === '[') token.lastIndex = at + 2;
        stack.push('header');
      }
      prev = ch;
    } else if (ch === '{') {
      stack.push('inline');
      prev = ch;
    } else if (ch === ']' || ch === '}') {
      stack.pop();
      prev = 'v';
    } else {
      prev = ch === '\n' || ch === '=' || ch === ',' || ch === '.' ? ch : 'v';
    }
  }
  return found;
}

/** End offset of the string token opening at `at`, or undefined when it is not terminated. */
function stringEnd(text: string, at: number): number | undefined {
  const q = text[at] as '"' | "'";
  const triple = q.repeat(3);
  if (text.startsWith(triple, at)) {
    let from = at + 3;
    for (;;) {
      const k = q === '"' ? nextOf(text, BASIC_STOPS, from) : text.indexOf("'", from);
      if (k === -1) return undefined;
      if (text[k] === '\\') {
        from = k + 2;
        continue;
      }
      if (!text.startsWith(triple, k)) {
        from = k + 1;
        continue;
      }
      // Up to two quotes next to the closing delimiter belong to the string.
      let end = k + 3;
      while (end - k < 5 && text[end] === q) end++;
      return text[end] === q ? undefined : end;
    }
  }
  const stop = q === '"' ? BASIC_LINE_STOPS : LITERAL_LINE_STOPS;
  for (let from = at + 1; ;) {
    const k = nextOf(text, stop, from);
    if (k === -1 || text[k] === '\n') return undefined;
    if (text[k] === q) return k + 1;
    from = k + 2;
  }
}

function nextOf(text: string, re: RegExp, from: number): number {
  re.lastIndex = from;
  return re.exec(text)?.index ?? -1;
}

