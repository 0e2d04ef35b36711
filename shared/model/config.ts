/**
 * The config document (`config/default.toml`) as zod schemas: top-level settings, instruments
 * checked against their type's parameter schema, processors, and modules whose roles must
 * point at existing, capable instruments. One validator serves the loader, the actor (for
 * runtime changes) and, later, hot reload and transactions.
 */
import { z } from 'zod';
import { idSchema } from './ids.js';
import {
  capabilitiesOf,
  capabilityLabels,
  instrumentTypeNames,
  instrumentTypes,
  isInstrumentType,
  parseSimulatedPort,
} from './instrument-types.js';
import { isModuleType, moduleTypeNames, moduleTypes } from './module-types.js';
import { paramsObjectSchema, type ParamValue } from './parameters.js';

export const logLevels = ['error', 'warn', 'info', 'debug', 'trace'] as const;

/** "missing table [x]" when absent, "must be a table" when of another type. */
function tableError(name: string): (issue: { input?: unknown; code?: string }) => string | undefined {
  return (issue) => {
    if (issue.code === 'unrecognized_keys') return undefined;
    return issue.input === undefined ? `missing table [${name}]` : `[${name}] must be a table`;
  };
}

const dynamicConfigSchema = z.strictObject({
  enable_persistence: z.boolean().default(true),
  enable_hot_reload: z.boolean().default(true),
  enable_transactions: z.boolean().default(true),
  enable_versioning: z.boolean().default(true),
  snapshot_retention: z.int().min(1).max(1000).default(10),
  hot_reload_debounce_ms: z.int().min(0).max(60_000).default(500),
  transaction_timeout_s: z.int().min(1).max(86_400).default(300),
}, { error: tableError('application.dynamic_config') });

const applicationSchema = z.strictObject({
  broadcast_channel_capacity: z.int().min(64).max(65_536).default(1024),
  command_channel_capacity: z.int().min(8).max(4096).default(32),
  dynamic_config: dynamicConfigSchema.default(() => dynamicConfigSchema.parse({})),
}, { error: tableError('application') });

const storageSchema = z.strictObject({
  default_path: z
    .string()
    .min(1, { message: 'must not be empty' })
    .refine((p) => !p.includes('\0'), { message: 'must not contain NUL bytes' }),
  default_format: z.enum(['csv', 'hdf5', 'arrow']).default('csv'),
}, { error: tableError('storage') });

const iirSchema = z
  .strictObject({
    type: z.literal('iir'),
    filter_type: z.enum(['Lowpass', 'Highpass', 'Bandpass', 'Bandstop']),
    // Bounds a biquad can be computed for: outside them its coefficients overflow or vanish and
    // every filtered reading would be NaN or Infinity.
    f0: z.number().min(1e-6).max(1e7),
    fs: z.number().min(1e-6).max(1e7),
    q: z.number().min(0.01).max(1000).optional(),
  })
  // A biquad's cutoff must lie below the Nyquist frequency, or its coefficients are meaningless.
  .refine((p) => p.f0 < p.fs / 2, { path: ['f0'], message: 'must be below fs/2 (the Nyquist frequency)' });
const fftSchema = z.strictObject({
  type: z.literal('fft'),
  window_size: z.int().min(2).max(1 << 20),
  overlap: z.int().min(0),
  sampling_rate: z.number().positive(),
});
export const processorSchema = z.discriminatedUnion('type', [iirSchema, fftSchema], {
  error: 'unknown processor type (known: iir, fft)',
});
export type ProcessorConfig = z.infer<typeof processorSchema>;

/** One `[instruments.<id>]` table: `type` plus that type's parameters. */
export type InstrumentConfig = { readonly type: string } & Readonly<Record<string, ParamValue>>;

/** One `[modules.<id>]` table: `type`, parameters and a `roles` map role → instrument id. */
export interface ModuleConfig {
  readonly type: string;
  readonly roles: Readonly<Record<string, string>>;
  readonly [param: string]: ParamValue | Readonly<Record<string, string>>;
}

/** "missing `type`" only when it is absent; `type = 7` used to be reported as missing too. */
function typeKeyError(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `missing \`type\` (the ${what} type)` : `\`type\` must be a string (the ${what} type)`);
}

const instrumentEntrySchema = z
  .looseObject({ type: z.string({ error: typeKeyError('instrument') }) })
  .superRefine((entry, ctx) => {
    if (!isInstrumentType(entry.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `unknown instrument type "${entry.type}" (known: ${instrumentTypeNames.join(', ')})`,
      });
      return;
    }
    const { type: _type, ...params } = entry;
    const parsed = paramsObjectSchema(instrumentTypes[entry.type].params).safeParse(params);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as never);
  });

const moduleEntrySchema = z
  .looseObject({
    type: z.string({ error: typeKeyError('module') }),
    roles: z.record(z.string(), z.string({ error: 'must be an instrument id' })).default({}),
  })
  .superRefine((entry, ctx) => {
    if (!isModuleType(entry.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `unknown module type "${entry.type}" (known: ${moduleTypeNames.join(', ')})`,
      });
      return;
    }
    const spec = moduleTypes[entry.type];
    const { type: _type, roles, ...params } = entry;
    const parsed = paramsObjectSchema(spec.params).safeParse(params);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as never);
    for (const role of Object.keys(roles)) {
      if (!Object.hasOwn(spec.roles, role)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', role],
          message: `module type ${entry.type} has no role "${role}" (roles: ${Object.keys(spec.roles).join(', ')})`,
        });
      }
    }
  });

/** `[instruments.*]` and `[modules.*]`: ids checked, each entry against its type. */
export const instrumentsSchema = z.record(idSchema, instrumentEntrySchema).default({});
export const modulesSchema = z.record(idSchema, moduleEntrySchema).default({});

export const daqConfigSchema = z
  .strictObject({
    log_level: z.preprocess(
      (v) => (typeof v === 'string' ? v.toLowerCase() : v),
      z.enum(logLevels, {
        error: (issue) => (issue.input === undefined ? 'missing key log_level' : `must be one of ${logLevels.join(', ')}`),
      }),
    ),
    application: applicationSchema,
    storage: storageSchema,
    instruments: instrumentsSchema,
    processors: z.record(z.string(), z.array(processorSchema)).default({}),
    modules: modulesSchema,
  });

export type DaqConfig = z.infer<typeof daqConfigSchema> & {
  readonly instruments: Readonly<Record<string, InstrumentConfig>>;
  readonly modules: Readonly<Record<string, ModuleConfig>>;
};

type Path = (string | number)[];

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Checks that need the whole document: processors keyed by existing instruments, and module
 * roles pointing at existing, capable instruments. Runs on raw values too, so a file with
 * other errors still reports these.
 */
export function crossReferenceIssues(doc: unknown): { path: Path; message: string }[] {
  const root = asRecord(doc);
  const instruments = asRecord(root['instruments']) as Record<string, InstrumentConfig>;
  const out: { path: Path; message: string }[] = [];
  for (const key of Object.keys(asRecord(root['processors']))) {
    if (!Object.hasOwn(instruments, key)) out.push({ path: ['processors', key], message: `no instrument "${key}" for these processors` });
  }
  for (const issue of portIssues(instruments)) out.push({ path: ['instruments', issue.id, issue.key], message: issue.message });
  for (const [moduleId, raw] of Object.entries(asRecord(root['modules']))) {
    const mod = asRecord(raw);
    const roles = asRecord(mod['roles']);
    if (typeof mod['type'] !== 'string' || Object.values(roles).some((v) => typeof v !== 'string')) continue;
    for (const issue of roleIssues(mod as unknown as ModuleConfig, instruments)) {
      out.push({ path: ['modules', moduleId, 'roles', issue.role], message: issue.message });
    }
  }
  return out;
}

/** Why a module's role assignments do not fit the instruments (missing or incapable). */
export function roleIssues(
  mod: ModuleConfig,
  instruments: Readonly<Record<string, InstrumentConfig>>,
): { role: string; message: string }[] {
  if (!isModuleType(mod.type)) return [];
  const spec = moduleTypes[mod.type];
  const out: { role: string; message: string }[] = [];
  for (const [role, instrumentId] of Object.entries(mod.roles ?? {})) {
    const roleSpec = Object.hasOwn(spec.roles, role) ? (spec.roles as Record<string, { capability: keyof typeof capabilityLabels }>)[role] : undefined;
    if (!roleSpec) continue;
    const inst = Object.hasOwn(instruments, instrumentId) ? instruments[instrumentId] : undefined;
    if (!inst) {
      out.push({ role, message: `role "${role}" points at instrument "${instrumentId}", which does not exist` });
      continue;
    }
    if (!isInstrumentType(inst.type)) continue;
    if (!capabilitiesOf(inst.type, inst).includes(roleSpec.capability)) {
      out.push({
        role,
        message: `role "${role}" needs ${capabilityLabels[roleSpec.capability]}, which instrument "${instrumentId}" (${inst.type}) does not offer`,
      });
    }
  }
  return out;
}

/** One serial-port problem of an instrument: `key` is the offending parameter. */
export interface PortIssue {
  readonly id: string;
  readonly key: 'port' | 'device_addresses';
  readonly message: string;
  /** The instrument already holding the port, for a shared-port clash. */
  readonly otherId?: string;
}

/** Compares port names as the OS does: `COM7`, `com7` and `\\.\COM7` are one port on Windows. */
function portKey(port: string): string {
  const trimmed = port.trim();
  const com = /^(?:\\\\\.\\)?(com\d+)$/i.exec(trimmed);
  return com?.[1] ? com[1].toUpperCase() : trimmed;
}

/**
 * Serial-port ownership rules: one instrument per port (several ELL14 mounts share a port as
 * the `device_addresses` of one elliptec instrument, never as two instruments), a `sim://`
 * port must simulate the instrument's own type, and a bus lists each address once. Issues go to
 * the later instrument in document order, naming the earlier one.
 */
export function portIssues(instruments: Readonly<Record<string, InstrumentConfig>>): PortIssue[] {
  const holders = new Map<string, string>();
  const out: PortIssue[] = [];
  for (const [id, raw] of Object.entries(instruments)) {
    const inst = asRecord(raw);
    const type = inst['type'];
    const port = inst['port'];
    if (!isInstrumentType(type) || !instrumentTypes[type].serial || typeof port !== 'string' || port.trim() === '') continue;
    const sim = parseSimulatedPort(port.trim());
    if (sim && !sim.known) out.push({ id, key: 'port', message: `unknown simulator "${port}" (use sim://<type>[/<name>] with a serial instrument type)` });
    else if (sim && sim.type !== type) out.push({ id, key: 'port', message: `port "${port}" simulates type ${sim.type}, not ${type}` });
    const key = portKey(port);
    const holder = holders.get(key);
    if (holder !== undefined) {
      const hint = type === 'elliptec' ? '; put several ELL14 mounts on one bus as the device_addresses of one instrument' : '';
      out.push({ id, key: 'port', otherId: holder, message: `instruments "${holder}" and "${id}" both use serial port "${port}"; a port has one owner${hint}` });
    } else holders.set(key, id);
    const addresses = inst['device_addresses'];
    if (Array.isArray(addresses)) {
      const dup = addresses.find((a, i) => addresses.indexOf(a) !== i);
      if (dup !== undefined) out.push({ id, key: 'device_addresses', message: `bus address ${String(dup)} is listed twice` });
    }
  }
  return out;
}
