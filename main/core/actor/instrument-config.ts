/**
 * Checks of instrument configs arriving through commands. Stricter than the file loader: an
 * unknown key in a request is an error (the form never sends one), where in a file it is only
 * a warning.
 */
import { AppError } from '../../../shared/errors.js';
import { portIssues, type InstrumentConfig } from '../../../shared/model/config.js';
import { instrumentTypeNames, instrumentTypes, isInstrumentType, type InstrumentType } from '../../../shared/model/instrument-types.js';
import { findParamSpec, paramsObjectSchema, paramValueSchema, type ParamSpec, type ParamValue } from '../../../shared/model/parameters.js';
import { tomlFloat, type TomlInputValue } from '../toml-edit/index.js';

function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Validates a whole `{type, ...params}` table; throws VALIDATION listing every issue. */
export function checkInstrumentConfig(id: string, config: Record<string, unknown>): InstrumentConfig {
  const type = config['type'];
  if (!isInstrumentType(type)) {
    throw new AppError('VALIDATION', `unknown instrument type ${JSON.stringify(type)} (known: ${instrumentTypeNames.join(', ')})`, {
      issues: [{ path: 'type', message: 'unknown instrument type' }],
    });
  }
  const { type: _type, ...params } = config;
  const parsed = paramsObjectSchema(instrumentTypes[type].params).safeParse(params);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: issuePath([...i.path, k]), message: 'unknown parameter' }))
        : [{ path: issuePath(i.path), message: i.message }],
    );
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new AppError('VALIDATION', `invalid config for instrument "${id}" (${type}): ${summary}`, { issues });
  }
  // Keep the caller's key order (the schema's order would reshuffle the table in the file).
  const checked = parsed.data as Record<string, ParamValue>;
  const ordered = Object.fromEntries(Object.keys(params).filter((k) => Object.hasOwn(checked, k)).map((k) => [k, checked[k] as ParamValue]));
  return { type, ...ordered } as InstrumentConfig;
}

/** The spec of a parameter a command wants to change, or a VALIDATION error naming the known ones. */
export function requireParamSpec(type: InstrumentType, param: string): ParamSpec {
  if (param === 'type') {
    throw new AppError('VALIDATION', 'the instrument type cannot be changed; remove the instrument and add it again');
  }
  const specs = instrumentTypes[type].params;
  const spec = findParamSpec(specs, param);
  if (!spec || spec.kind === 'table') {
    throw new AppError('VALIDATION', `unknown parameter "${param}" for ${type} (known: ${leafNames(specs).join(', ')})`, { param });
  }
  return spec;
}

function leafNames(specs: Readonly<Record<string, ParamSpec>>, prefix = ''): string[] {
  return Object.entries(specs).flatMap(([key, spec]) =>
    spec.kind === 'table' && spec.fields ? leafNames(spec.fields, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Checks a value against its parameter spec; throws VALIDATION with the reason. */
export function checkParamValue(param: string, spec: ParamSpec, value: unknown): ParamValue {
  const parsed = paramValueSchema(spec).safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join('; ');
    // The refused value goes back only when it is small: a 100 KB string need not travel twice.
    const small = JSON.stringify(value ?? null).length <= 1000;
    throw new AppError('VALIDATION', `invalid value for "${param}": ${message}`, small ? { param, value } : { param });
  }
  return parsed.data as ParamValue;
}

/** A copy of `config` with the dotted `path` set to `value` (creating sub-tables as needed). */
export function withParam(config: InstrumentConfig, path: string, value: ParamValue): InstrumentConfig {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...config, [head]: value } as InstrumentConfig;
  const child = (config[head] && typeof config[head] === 'object' && !Array.isArray(config[head]) ? config[head] : {}) as InstrumentConfig;
  return { ...config, [head]: withParam(child, rest.join('.'), value) } as InstrumentConfig;
}

/**
 * Refuses a config that would put instrument `id` on a serial port another instrument owns (or
 * on a simulator of another type). `instruments` is the model before the change.
 */
export function requirePortFree(instruments: Readonly<Record<string, InstrumentConfig>>, id: string, config: InstrumentConfig): void {
  const { [id]: _self, ...others } = instruments;
  const issues = portIssues({ ...others, [id]: config }).filter((i) => i.id === id || i.otherId === id);
  if (issues.length === 0) return;
  const port = typeof config['port'] === 'string' ? config['port'] : undefined;
  throw new AppError('VALIDATION', issues.map((i) => i.message).join('; '), {
    port,
    issues: issues.map((i) => ({ path: i.key, message: i.message, ...(i.otherId ? { otherInstrument: i.otherId } : {}) })),
  });
}

/**
 * A parameter value as the TOML editor should write it: float parameters stay floats even when
 * the number is whole (`sample_rate_hz = 25.0`, not `25`), so a file keeps the types a person
 * would write. Nested tables (ESP300 axes) follow their fields' specs.
 */
export function tomlValueFor(spec: ParamSpec | undefined, value: ParamValue): TomlInputValue {
  if (spec?.kind === 'float' && typeof value === 'number') return tomlFloat(value);
  if (spec?.kind === 'table' && value && typeof value === 'object' && !Array.isArray(value)) {
    return tomlTableFor(spec.fields ?? {}, value as Record<string, ParamValue>);
  }
  return value as TomlInputValue;
}

/** A whole parameter table as the TOML editor should write it (see {@link tomlValueFor}). */
export function tomlTableFor(specs: Readonly<Record<string, ParamSpec>>, values: Readonly<Record<string, ParamValue>>): Record<string, TomlInputValue> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, tomlValueFor(Object.hasOwn(specs, k) ? specs[k] : undefined, v)]));
}
