/**
 * Parameter form logic shared by the add form and inline editing: every input holds its raw
 * text (a draft); these functions turn a draft into a typed value and check it against the
 * same zod schema the core uses (`paramValueSchema`), so the form refuses what main would.
 */
import { ID_PATTERN, isReservedName } from '../../shared/model/ids.js';
import { instrumentTypes, type InstrumentType } from '../../shared/model/instrument-types.js';
import { paramValueSchema, type ParamSpec, type ParamSpecs, type ParamValue } from '../../shared/model/parameters.js';

/** One editable input: a top-level parameter or one field of a table (`axis1.velocity`). */
export interface ParamField {
  readonly path: string;
  readonly spec: ParamSpec;
  /** The accessible name of the input: the spec's label, plus the table key for table fields. */
  readonly label: string;
}

export type Drafts = Readonly<Record<string, string>>;
export type DraftCheck = { readonly ok: true; readonly value: ParamValue | undefined } | { readonly ok: false; readonly error: string };

const fieldCache = new WeakMap<ParamSpecs, readonly ParamField[]>();

/** The inputs for a parameter table, tables flattened; the same array for the same specs. */
export function paramFields(specs: ParamSpecs): readonly ParamField[] {
  const cached = fieldCache.get(specs);
  if (cached) return cached;
  const fields: ParamField[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.kind === 'table') {
      for (const [sub, subSpec] of Object.entries(spec.fields ?? {})) {
        fields.push({ path: `${key}.${sub}`, spec: subSpec, label: `${subSpec.label} (${key})` });
      }
    } else {
      fields.push({ path: key, spec, label: spec.label });
    }
  }
  fieldCache.set(specs, fields);
  return fields;
}

/** The parameter specs of a type. */
export function specsOf(type: InstrumentType): ParamSpecs {
  return instrumentTypes[type].params;
}

/** A value as the text its input shows. */
export function formatDraft(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join('\n');
  }
  return String(value);
}

/** The value at a dotted path of a config (`axis1.velocity`), or undefined when it is not there. */
export function valueAt(config: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = config;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Drafts for every field: the configured value, else the spec's default, else empty. */
export function draftsFor(specs: ParamSpecs, config: Readonly<Record<string, unknown>>): Record<string, string> {
  const drafts: Record<string, string> = {};
  for (const field of paramFields(specs)) {
    const value = valueAt(config, field.path);
    drafts[field.path] = formatDraft(value === undefined ? field.spec.default : value);
  }
  return drafts;
}

type Parsed = { kind: 'empty' } | { kind: 'value'; value: unknown } | { kind: 'invalid'; message: string };

function parseRaw(spec: ParamSpec, raw: string): Parsed {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  switch (spec.kind) {
    case 'float':
    case 'integer': {
      const n = Number(text);
      return Number.isFinite(n) ? { kind: 'value', value: n } : { kind: 'invalid', message: 'must be a number' };
    }
    case 'boolean':
      return { kind: 'value', value: text === 'true' };
    case 'integer-array': {
      const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
      return parts.every(Number.isFinite)
        ? { kind: 'value', value: parts }
        : { kind: 'invalid', message: 'must be whole numbers separated by commas' };
    }
    case 'string-map': {
      const map: Record<string, string> = {};
      for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const eq = line.indexOf('=');
        if (eq <= 0) return { kind: 'invalid', message: 'write one "name = value" per line' };
        map[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      }
      return { kind: 'value', value: map };
    }
    default:
      return { kind: 'value', value: text };
  }
}

/**
 * Checks one draft. `add`: an empty optional field is left out (`value: undefined`). `edit`: an
 * empty text parameter means the empty string, any other empty field is an error (the update
 * command sets a value; it cannot unset one).
 */
export function checkDraft(spec: ParamSpec, raw: string, mode: 'add' | 'edit'): DraftCheck {
  const parsed = parseRaw(spec, raw);
  if (parsed.kind === 'invalid') return { ok: false, error: parsed.message };
  let value: unknown;
  if (parsed.kind === 'empty') {
    if (spec.required) return { ok: false, error: 'required' };
    if (mode === 'add') return { ok: true, value: undefined };
    if (spec.kind !== 'string') return { ok: false, error: 'enter a value' };
    value = '';
  } else {
    value = parsed.value;
  }
  const result = paramValueSchema(spec).safeParse(value);
  if (!result.success) return { ok: false, error: result.error.issues[0]?.message ?? 'invalid value' };
  return { ok: true, value: result.data as ParamValue };
}

/**
 * Whether two drafts mean the same value ("780.0" and "780", "0,1" and "0, 1"), so a value that
 * comes back from the core in its own notation is not taken for a change.
 */
export function sameDraft(spec: ParamSpec, a: string, b: string): boolean {
  if (a === b) return true;
  const x = checkDraft(spec, a, 'edit');
  const y = checkDraft(spec, b, 'edit');
  if (!x.ok || !y.ok) return a.trim() === b.trim();
  return formatDraft(x.value) === formatDraft(y.value);
}

/**
 * The drafts that parse, as a nested config (`{axis1: {units: 7}}`): what the form would set,
 * for whatever depends on another field while typing (an ESP300 axis's rate unit).
 */
export function configFromDrafts(type: InstrumentType, drafts: Drafts): Record<string, ParamValue> {
  const config: Record<string, ParamValue> = {};
  for (const field of paramFields(specsOf(type))) {
    const check = checkDraft(field.spec, drafts[field.path] ?? '', 'edit');
    if (!check.ok || check.value === undefined) continue;
    const [head, sub] = field.path.split('.') as [string, string | undefined];
    if (sub === undefined) config[head] = check.value;
    else config[head] = { ...((config[head] as Record<string, ParamValue> | undefined) ?? {}), [sub]: check.value };
  }
  return config;
}

/** The error to show under one input while typing, or undefined. */
export function draftError(spec: ParamSpec, raw: string, mode: 'add' | 'edit'): string | undefined {
  const check = checkDraft(spec, raw, mode);
  return check.ok ? undefined : check.error;
}

/** Why an instrument id cannot be used, or undefined when it can. */
export function instrumentIdError(id: string, existing: readonly string[] = []): string | undefined {
  if (id === '') return 'required';
  if (!ID_PATTERN.test(id)) return 'use 1-64 letters, digits, _ or -';
  if (isReservedName(id)) return `"${id}" is a reserved name; choose another`;
  if (existing.includes(id)) return `an instrument "${id}" already exists`;
  return undefined;
}

export type BuiltConfig =
  | { readonly ok: true; readonly config: { type: InstrumentType } & Record<string, ParamValue> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** The `{type, ...params}` table of the add form, nested by dotted path, empty optionals left out. */
export function buildInstrumentConfig(type: InstrumentType, drafts: Drafts): BuiltConfig {
  const errors: Record<string, string> = {};
  const config: Record<string, ParamValue> = {};
  for (const field of paramFields(specsOf(type))) {
    const check = checkDraft(field.spec, drafts[field.path] ?? '', 'add');
    if (!check.ok) {
      errors[field.path] = check.error;
      continue;
    }
    if (check.value === undefined) continue;
    const [head, sub] = field.path.split('.') as [string, string | undefined];
    if (sub === undefined) config[head] = check.value;
    else config[head] = { ...((config[head] as Record<string, ParamValue> | undefined) ?? {}), [sub]: check.value };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, config: { type, ...config } };
}

function compact(n: number): string {
  return Math.abs(n) >= 1_000_000 ? n.toExponential().replace('e+', 'e') : String(n);
}

/** "0.1 to 1e6 Hz", ">= 0", or '' when the parameter has no range; `unit` when it is not the spec's (mm/s). */
export function rangeHint(spec: ParamSpec, unitText: string | undefined = spec.unit): string {
  const unit = unitText ? ` ${unitText}` : '';
  if (spec.min !== undefined && spec.max !== undefined) return `${compact(spec.min)} to ${compact(spec.max)}${unit}`;
  if (spec.min !== undefined) return `>= ${compact(spec.min)}${unit}`;
  if (spec.max !== undefined) return `<= ${compact(spec.max)}${unit}`;
  return '';
}
