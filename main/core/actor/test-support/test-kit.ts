/**
 * Shared harness of the actor tests: a real core on a temp copy of a config file, fake drivers
 * a test can make fail, hang or refuse, and helpers that check every answer against the
 * contract. Test-only: nothing in the product imports it.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect } from 'vitest';
import { appErrorSchema, type AppErrorData, type Result } from '../../../../shared/errors.js';
import { commands, type CommandName, type CommandResponse, type DaqEvent, type EventBatch } from '../../../../shared/ipc/contract.js';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../../shared/model/instrument-actions.js';
import type { InstrumentType } from '../../../../shared/model/instrument-types.js';
import type { ParamValue } from '../../../../shared/model/parameters.js';
import type { InstrumentView, LogEntry, ModuleView } from '../../../../shared/model/runtime.js';
import { createCore, type Core, type CoreDeps } from '../../index.js';
import type { DriverContext, DriverFactory } from '../../instruments/index.js';

export const root = resolve(import.meta.dirname, '../../../..');

export const BASE = `log_level = "info"
[application]
[storage]
default_path = "data"
`;

/** A power-meter mock used by a power monitor, a plain signal mock with a processor chain. */
export const BENCH = `${BASE}
[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 50.0

[instruments.sig]
type = "mock"
name = "Signal"
sample_rate_hz = 10.0

[processors]
sig = [ { type = "iir", filter_type = "Lowpass", f0 = 1.0, fs = 10.0 } ]

[modules.watch]
type = "power_meter"
low_threshold = 1.0e-4
high_threshold = 5.0e-3
[modules.watch.roles]
power_meter = "pm"
`;

// ---------------------------------------------------------------------------------------------
// Fake drivers (test doubles live here, never in production code)

export interface FakeBehaviour {
  connect?: (config: InstrumentConfig, attempt: number) => Promise<void> | void;
  apply?: (path: string, value: ParamValue) => Promise<void> | void;
  /** Answers an instrument action (default: taken, the device carries on). */
  action?: (action: string, args: ActionArgs) => Promise<ActionOutcome> | ActionOutcome;
  disconnect?: () => Promise<void> | void;
}

/** Records every call the core makes on the drivers of one instrument type. */
export class FakeDevice {
  readonly connects: { id: string; config: InstrumentConfig }[] = [];
  readonly applied: { id: string; path: string; value: ParamValue; config: InstrumentConfig }[] = [];
  readonly disconnects: string[] = [];
  readonly actions: { id: string; action: string; args: ActionArgs }[] = [];
  readonly contexts: DriverContext[] = [];

  constructor(public behaviour: FakeBehaviour = {}) {}

  /** The context of the newest driver made for `id`. */
  ctx(id: string): DriverContext {
    const ctx = this.contexts.filter((c) => c.id === id).at(-1);
    if (!ctx) throw new Error(`no driver was made for ${id}`);
    return ctx;
  }

  readonly factory: DriverFactory = (ctx) => {
    this.contexts.push(ctx);
    return {
      connect: async (config) => {
        this.connects.push({ id: ctx.id, config });
        await this.behaviour.connect?.(config, this.connects.length);
      },
      applyParameter: async (path, value, config) => {
        this.applied.push({ id: ctx.id, path, value, config });
        await this.behaviour.apply?.(path, value);
      },
      runAction: async (action, args) => {
        this.actions.push({ id: ctx.id, action, args });
        return (await this.behaviour.action?.(action, args)) ?? { completed: false };
      },
      disconnect: async () => {
        this.disconnects.push(ctx.id);
        await this.behaviour.disconnect?.();
      },
    };
  };
}

export const never = (): Promise<void> => new Promise<void>(() => undefined);

// ---------------------------------------------------------------------------------------------
// Harness

export interface Harness {
  readonly core: Core;
  readonly configPath: string;
  /** Every batch since before start. */
  readonly batches: EventBatch[];
  readonly logs: LogEntry[];
}

export const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function tempConfig(text: string | { copyOf: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-core-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'daq.toml');
  if (typeof text === 'string') await writeFile(configPath, text);
  else await copyFile(text.copyOf, configPath);
  return configPath;
}

export async function startCore(
  text: string | { copyOf: string },
  deps: Omit<Partial<CoreDeps>, 'drivers'> & { drivers?: Partial<Record<InstrumentType, FakeDevice>> } = {},
): Promise<Harness> {
  const configPath = await tempConfig(text);
  const drivers: Partial<Record<InstrumentType, DriverFactory>> = {};
  for (const [type, device] of Object.entries(deps.drivers ?? {})) drivers[type as InstrumentType] = device.factory;
  const logs: LogEntry[] = [];
  const core = createCore({
    readingsIntervalMs: 20,
    ...deps,
    timeouts: { connectMs: 300, applyMs: 300, stopMs: 300, ...deps.timeouts },
    configPath,
    drivers,
    logSink: (e) => logs.push(e),
  });
  const batches: EventBatch[] = [];
  core.onEvents((b) => batches.push(b));
  cleanups.push(() => core.stop());
  await core.start();
  return { core, configPath, batches, logs };
}

/** Calls a command and checks the answer against the contract: the response schema or the error schema. */
export async function call<K extends CommandName>(h: Harness, name: K, payload: unknown): Promise<Result<CommandResponse<K>>> {
  const r = await h.core.call(name, payload);
  if (r.ok) {
    const parsed = commands[name].response.safeParse(r.value);
    expect(parsed.success, `${name} response breaks its schema: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  } else {
    expect(appErrorSchema.safeParse(r.error).success, `${name} error breaks the error schema`).toBe(true);
  }
  return r as Result<CommandResponse<K>>;
}

export async function ok<K extends CommandName>(h: Harness, name: K, payload: unknown): Promise<CommandResponse<K>> {
  const r = await call(h, name, payload);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export async function refused(h: Harness, name: CommandName, payload: unknown, code: AppErrorData['code']): Promise<AppErrorData> {
  const r = await call(h, name, payload);
  if (r.ok) throw new Error(`${name} succeeded; expected ${code}`);
  expect(r.error.code, r.error.message).toBe(code);
  return r.error;
}

export async function instruments(h: Harness): Promise<Record<string, InstrumentView>> {
  const { instruments: list } = await ok(h, 'ListInstruments', {});
  return Object.fromEntries(list.map((i) => [i.id, i]));
}

export async function modules(h: Harness): Promise<Record<string, ModuleView>> {
  const { modules: list } = await ok(h, 'ListModules', {});
  return Object.fromEntries(list.map((m) => [m.id, m]));
}

export interface SettingsShape {
  instruments: Record<string, Record<string, unknown>>;
  processors: Record<string, unknown>;
  modules: Record<string, { type: string; roles: Record<string, string> }>;
}

export async function settings(h: Harness): Promise<SettingsShape> {
  const r = await ok(h, 'GetSettings', {});
  if (!r.settings) throw new Error('no settings');
  return r.settings as unknown as SettingsShape;
}

/** Resolves with the first event matching `match` that arrives from now on. */
export function nextEvent<E extends DaqEvent>(h: Harness, match: (e: DaqEvent) => e is E, timeoutMs?: number): Promise<E>;
export function nextEvent(h: Harness, match: (e: DaqEvent) => boolean, timeoutMs?: number): Promise<DaqEvent>;
export function nextEvent(h: Harness, match: (e: DaqEvent) => boolean, timeoutMs = 2000): Promise<DaqEvent> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = h.core.onEvents((batch) => {
      const found = batch.events.find(match);
      if (found) {
        clearTimeout(timer);
        off();
        resolvePromise(found);
      }
    });
  });
}

export const readingOf =
  (channel: string) =>
  (e: DaqEvent): boolean =>
    e.type === 'instruments:readings' && e.readings.some((r) => r.channel === channel);

/** Batches carrying anything but readings, from index `from` on. */
export function stateBatches(h: Harness, from: number): EventBatch[] {
  return h.batches.slice(from).filter((b) => b.events.some((e) => e.type !== 'instruments:readings'));
}

export const newport = (extra: Record<string, unknown> = {}) => ({ type: 'newport_1830c', port: '/dev/ttyUSB0', ...extra });

// ---------------------------------------------------------------------------------------------

/** Runs `work` on a fresh core started on `configPath`, as the app after a restart, then stops it. */
export async function onRestartedCore<T>(configPath: string, work: (core: Core) => Promise<T>, deps: Partial<CoreDeps> = {}): Promise<T> {
  const core = createCore({ hotReload: false, ...deps, configPath });
  await core.start();
  try {
    return await work(core);
  } finally {
    await core.stop();
  }
}

/** Begins a change set holding one parameter update; answers its id. */
export async function stagedUpdate(h: Harness, id: string, param: string, value: number): Promise<string> {
  const tx = (await ok(h, 'BeginTransaction', {})).transactionId;
  await ok(h, 'StageParameterUpdate', { transactionId: tx, id, param, value });
  return tx;
}

/** A device whose connect for an instrument named "slow" waits until `release` is called. */
export function slowConnectDevice(): { device: FakeDevice; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  return { device: new FakeDevice({ connect: async (config) => (config['name'] === 'slow' ? held : undefined) }), release };
}
