/**
 * The watcher follows the settings and the start-up: an edit saved while instruments were
 * still connecting is applied, `enable_hot_reload = false` in the file stops watching,
 * and stopping the app makes a last attempt at changes still pending.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReloadStatus } from '../../../shared/model/runtime.js';
import { createCore, type Core, type CoreDeps } from '../index.js';

const CONFIG = `log_level = "info"
[application]
[application.dynamic_config]
hot_reload_debounce_ms = 50
[storage]
default_path = "data"

[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0
amplitude = 1.0

[instruments.cam]
type = "pvcam"
`;

const slowCamera: CoreDeps['drivers'] = {
  pvcam: () => ({ connect: () => new Promise((r) => setTimeout(r, 400)), applyParameter: async () => undefined, disconnect: async () => undefined }),
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(deps: Partial<CoreDeps> = {}): Promise<{ core: Core; path: string; statuses: ReloadStatus[]; started: Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-watch-settings-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'config.toml');
  await writeFile(path, CONFIG);
  const core = createCore({ configPath: path, drivers: slowCamera, ...deps });
  const statuses: ReloadStatus[] = [];
  core.onEvents((b) => {
    for (const e of b.events) if (e.type === 'hot-reload:status-changed') statuses.push(e.reload);
  });
  const started = core.start();
  cleanups.push(() => core.stop());
  return { core, path, statuses, started };
}

async function amplitude(core: Core): Promise<unknown> {
  const r = await core.invoke('ListInstruments', {});
  return r.ok ? r.value.instruments.find((i) => i.id === 'pm')?.config['amplitude'] : undefined;
}

describe('hot reload settings and start-up', () => {
  it('an edit saved while the app was still starting is applied', async () => {
    const h = await setup();
    await new Promise((r) => setTimeout(r, 100)); // instruments are connecting now
    await writeFile(h.path, CONFIG.replace('amplitude = 1.0', 'amplitude = 3.0'));
    await h.started;
    await expect.poll(() => amplitude(h.core), { timeout: 5000 }).toBe(3);
    expect(h.statuses.some((s) => s.outcome === 'applied' && s.summary === 'pm.amplitude 1 → 3')).toBe(true);
  });

  it('starting on an invalid file reports it once, as the start-up error, not again as a failed reload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-watch-settings-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'config.toml');
    await writeFile(path, CONFIG.replace('sample_rate_hz = 2.0', 'sample_rate_hz = -2.0'));
    const core = createCore({ configPath: path });
    const statuses: ReloadStatus[] = [];
    core.onEvents((b) => {
      for (const e of b.events) if (e.type === 'hot-reload:status-changed') statuses.push(e.reload);
    });
    await core.start();
    cleanups.push(() => core.stop());
    await new Promise((r) => setTimeout(r, 600));
    expect(statuses).toEqual([]);
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.config.status).toBe('invalid');
  });

  it('enable_hot_reload = false in the file stops watching; ReloadConfig still reads it', async () => {
    const h = await setup();
    await h.started;
    const off = CONFIG.replace('hot_reload_debounce_ms = 50', 'hot_reload_debounce_ms = 50\nenable_hot_reload = false');
    await writeFile(h.path, off);
    await expect.poll(() => h.statuses.some((s) => s.outcome === 'applied'), { timeout: 5000 }).toBe(true);
    const applied = h.statuses.length;
    await writeFile(h.path, off.replace('amplitude = 1.0', 'amplitude = 4.0'));
    await new Promise((r) => setTimeout(r, 400));
    expect(h.statuses.length).toBe(applied);
    expect(await amplitude(h.core)).toBe(1);
    const state = await h.core.invoke('GetAppState', {});
    expect(state.ok && state.value.log.some((l) => l.message.startsWith('hot reload is off'))).toBe(true);
    expect(await h.core.invoke('ReloadConfig', {})).toMatchObject({ ok: true, value: { outcome: 'applied', summary: 'pm.amplitude 1 → 4' } });
  });
});

describe('stopping', () => {
  it('makes a last attempt at changes still pending', async () => {
    const h = await setup({ hotReload: false, persistRetryMs: 3_600_000 });
    await h.started;
    await chmod(h.path, 0o444);
    const r = await h.core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 8 });
    expect(r).toMatchObject({ ok: true, value: { persisted: false } });
    await chmod(h.path, 0o644);
    await h.core.stop();
    expect(await readFile(h.path, 'utf8')).toMatch(/amplitude = 8\.0\n/);
  });
});
