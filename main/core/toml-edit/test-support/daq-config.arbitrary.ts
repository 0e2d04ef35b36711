/**
 * Random, realistic DAQ Studio configs for the editor's property tests: top-level keys, an
 * `[application]` table, instruments as header tables (with sub-tables), inline tables or
 * dotted keys, each with comments that name their owner so ownership can be checked. The
 * renderer here is independent of the editor's own serialiser.
 */
import fc from 'fast-check';
import { TomlDateTime } from '../toml-datetime.js';

/** A scalar or array as it is written, plus its decoded value. */
export interface GenValue {
  readonly text: string;
  readonly value: unknown;
  /** The one-line form (inside inline tables), when `text` spans lines. */
  readonly inline?: string;
}
/** One key/value line (or inline entry). */
export interface GenPair {
  readonly key: string;
  readonly value: GenValue;
  readonly trailing: boolean;
}
/** One instrument. */
export interface GenInstrument {
  readonly id: string;
  readonly style: 'table' | 'inline' | 'dotted';
  readonly pairs: GenPair[];
  readonly subTables: { readonly name: string; readonly pairs: GenPair[] }[];
  readonly ownedTrailer: boolean;
}
/** A whole config and its layout choices. */
export interface GenConfig {
  readonly top: GenPair[];
  readonly application: GenPair[] | null;
  readonly instruments: GenInstrument[];
  readonly eol: '\n' | '\r\n';
  readonly indent: string;
  readonly eq: string;
  readonly blank: string;
  readonly finalNewline: boolean;
  readonly spacedHeaders: boolean;
  readonly headerComments: boolean;
  readonly bom: boolean;
  /** Adds a TOML 1.1-only line (`\e` escape), making the file a 1.1 file. */
  readonly v11: boolean;
}

const CHARS = ['a', 'b', 'Z', '0', ' ', '\t', 'é', '漢', '😀', '"', "'", '\\', '#', '=', '\n', '\u0001', '.', '[', '}'];
/** Short strings with the characters that need care: quotes, escapes, tabs, non-BMP, controls. */
export const stringArb = fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 8 });
/** Keys: bare ones and ones that must be quoted. */
export const keyArb = fc.constantFrom('port', 'rate', 'gain_dB', 'offset-2', 'mode', 'µ', 'with space', 'Grüße', 'a.b', 'x', 'enabled', '');
/** Instrument ids, some needing quotes. */
export const idArb = fc.constantFrom('laser', 'laser-2', 'stage_x', 'cam1', 'μscope', 'dev 3', 'Ω');
const subNameArb = fc.constantFrom('axis1', 'axis 2', 'ch-A');

function basic(s: string): string {
  return JSON.stringify(s).replace(/\u007f/g, '\\u007F');
}

/** A string value, basic or (when it can be) literal. */
const stringValueArb = fc.tuple(stringArb, fc.boolean()).map(([s, lit]): GenValue => {
  const literalOk = !/[\u0000-\u0008\u000a-\u001f\u007f']/.test(s);
  return { text: lit && literalOk ? `'${s}'` : basic(s), value: s };
});
const intValueArb = fc
  .tuple(fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), fc.boolean())
  .map(([n, hex]): GenValue => ({ text: hex && n >= 0n ? `0x${n.toString(16)}` : n.toString(), value: n }));
const floatValueArb = fc.tuple(fc.integer({ min: -80000, max: 80000 }), fc.constantFrom('plain', 'exp', 'padded')).map(([n, style]): GenValue => {
  const v = n / 8;
  const plain = Number.isInteger(v) ? `${v}.0` : String(v);
  const text = style === 'exp' && v !== 0 ? v.toExponential() : style === 'padded' && !plain.includes('e') ? `${plain}0` : plain;
  return { text: Object.is(v, -0) ? '-0.0' : text, value: v };
});
/** Multi-line strings, basic (escapes, raw line breaks) or literal. */
const multilineValueArb = fc.tuple(stringArb, fc.boolean()).map(([s, lit]): GenValue => {
  const literalOk = !/[\u0000-\u0008\u000b-\u001f\u007f]|'''|'$/.test(s);
  if (lit && literalOk) return { text: `'''\n${s}'''`, value: s, inline: basic(s) };
  const esc = (c: string): string => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const body = s.replace(/[\\"\u0000-\u0008\u000b-\u001f\u007f]/g, esc);
  return { text: `"""\n${body}"""`, value: s, inline: basic(s) };
});
const dateValueArb = fc
  .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 86399 }), fc.boolean())
  .map(([y, mo, d, secs, offset]): GenValue => {
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
    const time = `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
    const text = offset ? `${date}T${time}Z` : date;
    return { text, value: new TomlDateTime(offset ? 'offset-date-time' : 'local-date', text) };
  });
const boolValueArb = fc.boolean().map((b): GenValue => ({ text: String(b), value: b }));
const arrayValueArb = fc.tuple(fc.array(intValueArb, { maxLength: 3 }), fc.boolean()).map(([items, multi]): GenValue => ({
  text: multi && items.length > 0 ? `[\n    ${items.map((i) => i.text).join(',\n    ')},\n]` : `[${items.map((i) => i.text).join(', ')}]`,
  value: items.map((i) => i.value),
  inline: `[${items.map((i) => i.text).join(', ')}]`,
}));
/** Any value a pair may hold. */
export const valueArb = fc.oneof(stringValueArb, intValueArb, floatValueArb, boolValueArb, arrayValueArb, multilineValueArb, dateValueArb);

function uniqueBy<T>(arb: fc.Arbitrary<T>, key: (t: T) => string, max: number): fc.Arbitrary<T[]> {
  return fc.uniqueArray(arb, { selector: key, maxLength: max });
}

const pairsArb = (max: number): fc.Arbitrary<GenPair[]> =>
  uniqueBy(fc.record({ key: keyArb, value: valueArb, trailing: fc.boolean() }), (p) => p.key, max);

const instrumentArb: fc.Arbitrary<GenInstrument> = fc
  .record({
    id: idArb,
    style: fc.constantFrom('table', 'table', 'table', 'inline', 'dotted'),
    pairs: pairsArb(4),
    subTables: uniqueBy(fc.record({ name: subNameArb, pairs: pairsArb(2) }), (s) => s.name, 2),
    ownedTrailer: fc.boolean(),
  })
  .map((i) => {
    const pairs = i.style === 'dotted' && i.pairs.length === 0 ? [{ key: 'port', value: { text: '"COM1"', value: 'COM1' }, trailing: false }] : i.pairs;
    const subTables = i.style === 'inline' ? [] : i.subTables.filter((s) => !pairs.some((p) => p.key === s.name));
    return { ...i, pairs, subTables };
  });

/** A random config. */
export const configArb: fc.Arbitrary<GenConfig> = fc.record({
  top: pairsArb(3),
  application: fc.option(pairsArb(4), { nil: null }),
  instruments: uniqueBy(instrumentArb, (i) => i.id, 5),
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  indent: fc.constantFrom('', '', '  ', '\t'),
  eq: fc.constantFrom(' = ', '=', '  =  '),
  blank: fc.constantFrom('', '\n', '\n', '\n\n'),
  finalNewline: fc.boolean(),
  spacedHeaders: fc.boolean(),
  headerComments: fc.boolean(),
  bom: fc.boolean(),
  v11: fc.boolean(),
});

function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : basic(k);
}

/** The comment strings an instrument owns; each names the instrument. */
export function ownedComments(id: string): string[] {
  return [`lead:${id}:`, `inner:${id}:`, `sub:${id}:`, `tail:${id}:`];
}

function pairLines(pairs: readonly GenPair[], cfg: GenConfig, prefix: string, indent: string, owner: string): string[] {
  const out: string[] = [];
  pairs.forEach((p, i) => {
    if (owner && i === pairs.length - 1 && i > 0) out.push(`${indent}# inner:${owner}: before the last key`);
    const comment = p.trailing ? ` # note ${i}${owner ? ` inner:${owner}:` : ''}` : '';
    out.push(`${indent}${prefix}${key(p.key)}${cfg.eq}${p.value.text}${comment}`);
  });
  return out;
}

function header(path: string[], cfg: GenConfig): string {
  const inner = path.map(key).join(cfg.spacedHeaders ? ' . ' : '.');
  const text = cfg.spacedHeaders ? ` [ ${inner} ]` : `[${inner}]`;
  return cfg.headerComments ? `${text} # header of ${path.length}` : text;
}

/** The config as TOML text (LF; the caller converts to the chosen line ending). */
export function renderConfig(cfg: GenConfig): string {
  const first = ['# DAQ Studio test config', ...(cfg.v11 ? ['esc = "\\e"'] : []), ...pairLines(cfg.top, cfg, '', '', '')];
  const sections: string[][] = [first];
  if (cfg.application) sections.push(['# application settings', header(['application'], cfg), ...pairLines(cfg.application, cfg, '', cfg.indent, '')]);
  const grouped = cfg.instruments.filter((i) => i.style !== 'table');
  if (grouped.length > 0) {
    const lines = [header(['instruments'], cfg)];
    for (const i of grouped) {
      lines.push(`${cfg.indent}# lead:${i.id}:`);
      if (i.style === 'inline') {
        const body = i.pairs.map((p) => `${key(p.key)} = ${p.value.inline ?? p.value.text}`).join(', ');
        lines.push(`${cfg.indent}${key(i.id)}${cfg.eq}{${body ? ` ${body} ` : ''}}${i.pairs.some((p) => p.trailing) ? ` # inner:${i.id}:` : ''}`);
      } else {
        lines.push(...pairLines(i.pairs, cfg, `${key(i.id)}.`, cfg.indent, i.id));
      }
    }
    sections.push(lines);
  }
  for (const i of cfg.instruments) {
    const base = ['instruments', i.id];
    if (i.style === 'table') {
      const lines = [`# lead:${i.id}: instrument`, header(base, cfg), ...pairLines(i.pairs, cfg, '', cfg.indent, i.id)];
      if (i.ownedTrailer && cfg.blank !== '') lines.push(`# tail:${i.id}: disabled = true`);
      sections.push(lines);
    }
    for (const s of i.subTables) sections.push([`# sub:${i.id}:`, header([...base, s.name], cfg), ...pairLines(s.pairs, cfg, '', cfg.indent, i.id)]);
  }
  const text = sections.map((s) => s.join('\n')).join(`\n${cfg.blank}`);
  return cfg.finalNewline ? `${text}\n` : text;
}

/** The decoded value the rendered config must have (integers as bigint, floats as number). */
export function configModel(cfg: GenConfig): Record<string, unknown> {
  const table = (pairs: readonly GenPair[]): Record<string, unknown> => Object.fromEntries(pairs.map((p) => [p.key, p.value.value]));
  const model: Record<string, unknown> = table(cfg.top);
  if (cfg.v11) model['esc'] = '\u001b';
  if (cfg.application) model['application'] = table(cfg.application);
  if (cfg.instruments.length > 0) {
    model['instruments'] = Object.fromEntries(
      cfg.instruments.map((i) => [i.id, { ...table(i.pairs), ...Object.fromEntries(i.subTables.map((s) => [s.name, table(s.pairs)])) }]),
    );
  }
  return model;
}
