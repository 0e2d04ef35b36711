/**
 * Parameter schemas as data: one description per parameter (kind, unit, range, default,
 * whether a running instrument takes it live). The add form, inline editing, the config
 * loader and the actor all read these, so a range is written once.
 */
import { z } from 'zod';

export type ParamKind =
  | 'float'
  | 'integer'
  | 'boolean'
  | 'string'
  | 'integer-array'
  | 'string-map'
  | 'table';

/** A value a parameter can hold on the wire and in the model. */
export type ParamValue =
  | number
  | boolean
  | string
  | readonly (number | string | boolean)[]
  | { readonly [key: string]: ParamValue };

export interface ParamSpec {
  readonly kind: ParamKind;
  readonly label: string;
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values (integers or strings); the form shows a select. */
  readonly choices?: readonly (number | string)[];
  /**
   * The word each code stands for, keyed by the value as text (`{"0": "W", "1": "dBm"}`), so the
   * GUI never shows a bare code. Every choice of an enumerated parameter has one; a numeric
   * parameter may name special values only (range `0` = "auto").
   */
  readonly labels?: Readonly<Record<string, string>>;
  readonly default?: ParamValue;
  readonly required?: boolean;
  /** True when a running instrument applies it without a restart. */
  readonly live?: boolean;
  readonly description?: string;
  /** Sub-parameters of a `table` parameter (e.g. an ESP300 axis). */
  readonly fields?: Readonly<Record<string, ParamSpec>>;
  /** For strings: a regular expression the value must match, with a human hint. */
  readonly pattern?: { readonly regex: string; readonly hint: string };
  /** For arrays: the fewest elements the value may have. */
  readonly minItems?: number;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/**
 * The longest string a parameter may hold, in characters (UTF-16 code units, as JavaScript
 * counts). Names, hosts, resource strings and queries are far shorter; the cap keeps a pasted
 * file out of the model, the config file and every log line that shows the value.
 */
export const MAX_PARAM_STRING_CHARS = 65_536;

/** The longest key of a `string-map` parameter (a channel name). */
export const MAX_PARAM_KEY_CHARS = 256;

/**
 * No unpaired surrogate. A config file is UTF-8, which has no form for one: such a string can
 * be held in memory but never written, so it is refused before it reaches the model.
 */
export function isWellFormedText(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const UNPAIRED_SURROGATE = 'contains an unpaired UTF-16 surrogate, which a UTF-8 file cannot hold';

/** Every string a parameter holds (values and map keys): bounded and writable as UTF-8. */
function textSchema(maxChars: number, error: string | ((issue: { input?: unknown }) => string)): z.ZodType<string> {
  return z
    .string({ error })
    .max(maxChars, { message: `must be at most ${maxChars} characters long` })
    .refine(isWellFormedText, { message: UNPAIRED_SURROGATE });
}

function rangeHint(spec: ParamSpec): string {
  const unit = spec.unit ? ` ${spec.unit}` : '';
  if (spec.min !== undefined && spec.max !== undefined) return `${spec.min}..${spec.max}${unit}`;
  if (spec.min !== undefined) return `>= ${spec.min}${unit}`;
  return `<= ${spec.max}${unit}`;
}

/** A type error that says "missing" when the key is absent rather than "must be …". */
function typeError(expected: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'required parameter is missing' : `must be ${expected}`);
}

function numberSchema(spec: ParamSpec, integer: boolean): z.ZodType {
  const kindName = integer ? 'an integer' : 'a number';
  let schema = z.number({ error: typeError(kindName) });
  schema = schema.refine((v) => Number.isFinite(v), { message: `must be ${kindName}` });
  if (integer) schema = schema.refine((v) => Number.isInteger(v), { message: 'must be an integer' });
  if (spec.min !== undefined || spec.max !== undefined) {
    const min = spec.min ?? -Infinity;
    const max = spec.max ?? Infinity;
    // A value out of range is only that: "must be one of" on top would say it twice.
    schema = schema.refine((v) => v >= min && v <= max, {
      message: `out of range (${rangeHint(spec)})`,
      abort: true,
    });
  }
  if (spec.choices) {
    const choices = spec.choices;
    schema = schema.refine((v) => choices.includes(v), {
      message: `must be one of ${choices.join(', ')}`,
    });
  }
  // TOML has no negative zero integer: -0 would be written as the float -0.0.
  return integer ? schema.transform((v) => (v === 0 ? 0 : v)) : schema;
}

function stringSchema(spec: ParamSpec): z.ZodType {
  let schema = textSchema(MAX_PARAM_STRING_CHARS, typeError('a string'));
  if (spec.required) schema = schema.refine((v) => v.trim().length > 0, { message: 'must not be empty' });
  if (spec.choices) {
    const choices = spec.choices;
    schema = schema.refine((v) => choices.includes(v), {
      message: `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
    });
  }
  if (spec.pattern) {
    const { regex, hint } = spec.pattern;
    const re = new RegExp(regex);
    schema = schema.refine((v) => re.test(v), { message: hint });
  }
  return schema;
}

/** The zod schema of one parameter's value. */
export function paramValueSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'float':
      return numberSchema(spec, false);
    case 'integer':
      return numberSchema(spec, true);
    case 'boolean':
      return z.boolean({ error: typeError('true or false') });
    case 'string':
      return stringSchema(spec);
    case 'integer-array': {
      const items = spec.minItems ?? 0;
      return z
        .array(numberSchema(spec, true), { error: 'must be an array of integers' })
        .min(items, { message: `needs at least ${items === 1 ? 'one value' : `${items} values`}` });
    }
    case 'string-map':
      return z.record(textSchema(MAX_PARAM_KEY_CHARS, 'must be a string'), textSchema(MAX_PARAM_STRING_CHARS, 'must be a string'), {
        error: (issue) =>
          issue.code === 'invalid_key' ? `a key ${issue.issues.map((i) => i.message).join('; ')}` : 'must be a table of strings',
      });
    case 'table':
      return paramsObjectSchema(spec.fields ?? {});
  }
}

/**
 * The schema of a whole parameter table: known keys typed, required keys present, unknown keys
 * refused (the caller decides whether an unknown key in a file is only a warning).
 */
export function paramsObjectSchema(specs: ParamSpecs): z.ZodType {
  // Built once per spec table: validating a 5,000-line config builds no schema per instrument.
  const cached = objectSchemas.get(specs);
  if (cached) return cached;
  const built = buildParamsObjectSchema(specs);
  objectSchemas.set(specs, built);
  return built;
}

const objectSchemas = new WeakMap<ParamSpecs, z.ZodType>();

function buildParamsObjectSchema(specs: ParamSpecs): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = paramValueSchema(spec);
    shape[key] = spec.required ? value : value.optional();
  }
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown parameter` : 'must be a table',
  });
}

/** The word for a value of this parameter ("dBm" for 1830-C units 1), or undefined when it has none. */
export function valueLabel(spec: ParamSpec, value: unknown): string | undefined {
  if (!spec.labels || (typeof value !== 'number' && typeof value !== 'string')) return undefined;
  const key = String(value);
  return Object.hasOwn(spec.labels, key) ? spec.labels[key] : undefined;
}

/** Looks up the spec of a dotted parameter path (`wavelength`, `axis1.velocity`). */
export function findParamSpec(specs: ParamSpecs, path: string): ParamSpec | undefined {
  const parts = path.split('.');
  let current: ParamSpecs | undefined = specs;
  let spec: ParamSpec | undefined;
  for (const part of parts) {
    if (!current || !Object.hasOwn(current, part)) return undefined;
    spec = current[part];
    current = spec?.fields;
  }
  return spec;
}

/** Default values of the parameters that have one (for the add form). */
export function defaultParams(specs: ParamSpecs): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.kind === 'table' && spec.fields) out[key] = defaultParams(spec.fields);
    else if (spec.default !== undefined) out[key] = spec.default;
  }
  return out;
}
