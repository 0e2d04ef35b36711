/**
 * Test-only: a real core on a temp config whose serial instruments are the in-process
 * simulators (`sim://` ports, as the shipped config has them), with short serial timeouts and a
 * hand on each simulator (its received bytes, faults, unplugging). Every answer is checked
 * against the contract. Nothing in the product imports this file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, vi } from 'vitest';
import { appErrorSchema, type AppErrorData } from '../../../../shared/errors.js';
import { commands, type CommandName, type CommandResponse, type DaqEvent, type EventBatch } from '../../../../shared/ipc/contract.js';
import type { RunSummary } from '../../../../shared/model/runs.js';
import type { ModuleView } from '../../../../shared/model/runtime.js';
import { createCore, type Core, type CoreDeps } from '../../index.js';
import { createSerialDrivers } from '../../instruments/serial-drivers.js';
import { fastSerialEnv } from '../../instruments/test-support/serial-test-kit.js';
import type { DeviceSimulator, SerialEnv } from '../../serial/index.js';

/** A bench of simulated instruments with fast polling, a short scan and a short imaging run. */
export const SIM_BENCH = `log_level = "info"
[application]
[application.dynamic_config]
enable_hot_reload = false
[storage]
default_path = "runs"
default_format = "csv"

[instruments.pm_reference]
type = "newport_1830c"
port = "sim://newport_1830c/reference"
wavelength = 800.0
polling_rate_hz = 20.0

[instruments.ti_sapph]
type = "maitai"
port = "sim://maitai"
polling_rate_hz = 10.0

[instruments.hwp_rotator]
type = "elliptec"
port = "sim://elliptec"
device_addresses = [0, 1]
polling_rate_hz = 10.0

[instruments.xyz_stage]
type = "esp300"
port = "sim://esp300"
num_axes = 3
polling_rate_hz = 20.0
  [instruments.xyz_stage.axis1]
  units = 2
  velocity = 5.0

[instruments.camera]
type = "mock"
profile = "camera"
sample_rate_hz = 20.0

[modules.pol_scan]
type = "polarization_scan"
start_deg = 0.0
stop_deg = 20.0
step_deg = 5.0
  [modules.pol_scan.roles]
  rotator = "hwp_rotator"
  detector = "pm_reference"
  laser = "ti_sapph"

[modules.imaging]
type = "camera"
frames = 3
stage_step = 0.05
  [modules.imaging.roles]
  camera = "camera"
  stage = "xyz_stage"
`;

export interface SimBench {
  readonly core: Core;
  readonly env: SerialEnv;
  readonly dir: string;
  readonly configPath: string;
  readonly batches: EventBatch[];
  sim<T extends DeviceSimulator>(port: string): T;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts a core on `text` (written to a temp folder as `bench.toml`). */
export async function startSimBench(text: string, deps: Partial<CoreDeps> = {}): Promise<SimBench> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-sim-bench-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'bench.toml');
  await writeFile(configPath, text);
  const env = fastSerialEnv();
  const core = createCore({ configPath, readingsIntervalMs: 20, hotReload: false, drivers: createSerialDrivers(env), ...deps });
  const batches: EventBatch[] = [];
  core.onEvents((b) => batches.push(b));
  cleanups.push(() => core.stop());
  await core.start();
  return { core, env, dir, configPath, batches, sim: <T extends DeviceSimulator>(port: string) => env.simulators.simulator(port) as T };
}

/** A command that must succeed; its answer is checked against the contract. */
export async function ok<K extends CommandName>(bench: SimBench, name: K, payload: unknown): Promise<CommandResponse<K>> {
  const r = await bench.core.call(name, payload);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  const parsed = commands[name].response.safeParse(r.value);
  expect(parsed.success, `${name} response breaks its schema: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  return r.value as CommandResponse<K>;
}

/** A command that must fail with `code`. */
export async function refused(bench: SimBench, name: CommandName, payload: unknown, code: AppErrorData['code']): Promise<AppErrorData> {
  const r = await bench.core.call(name, payload);
  if (r.ok) throw new Error(`${name} succeeded; expected ${code}`);
  expect(appErrorSchema.safeParse(r.error).success).toBe(true);
  expect(r.error.code, r.error.message).toBe(code);
  return r.error;
}

export async function moduleView(bench: SimBench, id: string): Promise<ModuleView> {
  const { modules } = await ok(bench, 'ListModules', {});
  const found = modules.find((m) => m.id === id);
  if (!found) throw new Error(`no module ${id}`);
  return found;
}

/** Waits until the module's run satisfies `until` (its state, or point k of n). */
export async function waitForRun(bench: SimBench, id: string, until: (run: RunSummary) => boolean, timeout = 10_000): Promise<RunSummary> {
  let last: RunSummary | undefined;
  await vi.waitFor(
    async () => {
      last = (await moduleView(bench, id)).run;
      expect(last && until(last), `run of ${id}: ${JSON.stringify(last)}`).toBe(true);
    },
    { timeout, interval: 20 },
  );
  return last!;
}

/** Every event of a kind sent so far. */
export function eventsOf<T extends DaqEvent['type']>(bench: SimBench, type: T): Extract<DaqEvent, { type: T }>[] {
  return bench.batches.flatMap((b) => b.events.filter((e): e is Extract<DaqEvent, { type: T }> => e.type === type));
}

/** A recording's text, once its end line is there. */
export async function recording(bench: SimBench, file: string, ended = true): Promise<string> {
  const path = join(bench.dir, 'runs', file);
  if (!ended) return readFile(path, 'utf8');
  let text = '';
  await vi.waitFor(
    async () => {
      text = await readFile(path, 'utf8');
      expect(text).toMatch(/# ended: /);
    },
    { timeout: 5000, interval: 20 },
  );
  return text;
}

/** The data rows of a recording (no comment lines, no column header). */
export function dataRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split(','));
}
