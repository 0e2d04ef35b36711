/**
 * What the chaos run tracks of a config: a flat map of key paths to values ("facts"), small
 * enough to compare after every kill. An instrument or module is the fact `instruments.<id>` /
 * `modules.<id>` (its type); its tracked parameters and roles hang below it. A promise is a set
 * of facts; `null` says the key must be absent, and a `null` on a table covers everything below.
 */
import type { DaqConfig } from '../../shared/model/config.js';

export type FactValue = string | number | boolean | null;
export type Facts = Record<string, FactValue>;

/** Parameters followed on every instrument: the app changes amplitude, the editor offset; a serial instrument's port never changes. */
const TRACKED_PARAMS = ['amplitude', 'profile', 'offset', 'port'] as const;

/** The one key the person's editor changes; the app's operations never touch it. */
export const EDITOR_INSTRUMENT = 'desk';
export const EDITOR_KEY = `instruments.${EDITOR_INSTRUMENT}.offset`;

export function factsOf(config: DaqConfig): Facts {
  const facts: Facts = {};
  for (const [id, instrument] of Object.entries(config.instruments)) {
    facts[`instruments.${id}`] = instrument.type;
    for (const param of TRACKED_PARAMS) {
      const value = instrument[param];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') facts[`instruments.${id}.${param}`] = value;
    }
  }
  for (const [id, mod] of Object.entries(config.modules)) {
    facts[`modules.${id}`] = mod.type;
    for (const [role, instrument] of Object.entries(mod.roles)) facts[`modules.${id}.roles.${role}`] = instrument;
  }
  return facts;
}

/** The table a path lies in (`instruments.x` for `instruments.x.amplitude`), or the path itself. */
function tableOf(path: string): string {
  return path.split('.').slice(0, 2).join('.');
}

/**
 * Applies `later` on top of `earlier`, in order: a table removed takes every fact below it
 * along, so a promise built from several operations says what the last one left.
 */
export function mergeFacts(earlier: Facts, later: Facts): Facts {
  const merged: Facts = { ...earlier };
  for (const [path, value] of Object.entries(later)) {
    if (value === null && tableOf(path) === path) {
      for (const key of Object.keys(merged)) if (key.startsWith(`${path}.`)) delete merged[key];
    }
    merged[path] = value;
  }
  return merged;
}

/**
 * What a promise says about `path`: its own fact, else absent when the promise removed the
 * table it lies in (or replaced the whole file), else nothing (`undefined`).
 */
export function factFor(promise: Facts, path: string, wholeFile: boolean): FactValue | undefined {
  if (Object.hasOwn(promise, path)) return promise[path] as FactValue;
  const table = tableOf(path);
  if (Object.hasOwn(promise, table) && promise[table] === null) return null;
  return wholeFile ? null : undefined;
}

/** A value as a set member: numbers and strings never collide. */
export function factKey(value: FactValue | undefined): string {
  return JSON.stringify(value ?? null);
}

/** A serial instrument of the bench: its id, type and the port its simulator serves. */
export interface SerialInstrument {
  readonly id: string;
  readonly type: 'newport_1830c' | 'elliptec';
  readonly port: string;
}

/** The table of a serial instrument; the app's operations leave these alone (bench-view.ts). */
function serialTable({ id, type, port }: SerialInstrument): string {
  const specific = type === 'elliptec' ? 'device_addresses = [0]\npolling_rate_hz = 2.0' : 'wavelength = 800.0\npolling_rate_hz = 5.0';
  return `[instruments.${id}]\ntype = "${type}"\nport = ${JSON.stringify(port)}\nbaud_rate = 9600\n${specific}\n\n`;
}

/**
 * The bench every run starts from: signal and power-meter mocks, modules using them, the
 * editor's instrument, and the serial instruments on simulated ports (none: mocks only).
 */
export function chaosBench(serial: readonly SerialInstrument[] = []): string {
  const [instruments, modules] = CHAOS_BENCH.split('[modules.m1]') as [string, string];
  return `${instruments}${serial.map(serialTable).join('')}[modules.m1]${modules}`;
}

/** The mock part of the bench. */
export const CHAOS_BENCH = `# Chaos bench: the app and a person's editor both change this file.
log_level = "info"

[application]

[application.dynamic_config]
enable_persistence = true
enable_hot_reload = true
enable_transactions = true
enable_versioning = true
snapshot_retention = 12
hot_reload_debounce_ms = 25
transaction_timeout_s = 20

[storage]
default_path = "data"

# The person edits this one by hand (offset); the app leaves it alone.
[instruments.${EDITOR_INSTRUMENT}]
type = "mock"
name = "Desk lamp"
sample_rate_hz = 5.0
offset = 0.5

[instruments.p1]
type = "mock"
profile = "power_meter"
sample_rate_hz = 10.0
amplitude = 1.0

[instruments.p2]
type = "mock"
profile = "power_meter"
sample_rate_hz = 10.0
amplitude = 2.0

[instruments.s1]
type = "mock"
sample_rate_hz = 10.0
amplitude = 3.0

[modules.m1]
type = "power_meter"
[modules.m1.roles]
power_meter = "p1"

[modules.m2]
type = "power_meter"
[modules.m2.roles]
power_meter = "p2"

[modules.m3]
type = "power_meter"
[modules.m3.roles]
power_meter = "p1"

[modules.m4]
type = "power_meter"
`;
