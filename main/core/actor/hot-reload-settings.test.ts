/**
 * The watcher follows the settings and the start-up: an edit saved while instruments were
 * still connecting is applied, `enable_hot_reload = false` in the file stops watching,
 * and stopping the app makes a last attempt at changes still pending. Each test waits for the
 * event that proves its point (a connect under way, a read handled, the watcher closed).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReloadStatus } from '../../../shared/model/runtime.js';
import { chokidarWatcherFactory, type WatcherFactory } from '../hot-reload/file-watcher.js';
import { createCore, type Core, type CoreDeps } from '../index.js';
import { heldConnect, processedRead, resetSpy } from './test-support/hot-reload-spy-test-kit.js';

// The actor's handling of settled reads, passed through and recorded (see the kit).
const kit = vi.hoisted(() => () => import('./test-support/hot-reload-spy-test-kit.js'));
vi.mock('./reload-commands.js', async (original) => (await kit()).spyOnReloads(await original()));

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

const camera: CoreDeps['drivers'] = {
  pvcam: () => ({ connect: async () => undefined, applyParameter: async () => undefined, disconnect: async () => undefined }),
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  resetSpy();
});

/** chokidar, counting the watchers asked for (at the asking, not when ready) and closed. */
function countedWatcher(): { factory: WatcherFactory; made: number; closed: number } {
  const counts = {
    made: 0,
    closed: 0,
    factory: (async (target, onEvent, onError) => {
      counts.made += 1;
      const watcher = await chokidarWatcherFactory(target, onEvent, onError);
      return {
        close: async () => {
          counts.closed += 1;
          await watcher.close();
        },
      };
    }) as WatcherFactory,
  };
  return counts;
}

async function setup(deps: Partial<CoreDeps> = {}): Promise<{ core: Core; path: string; statuses: ReloadStatus[]; started: Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-watch-settings-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'config.toml');
  await writeFile(path, CONFIG);
  const core = createCore({ configPath: path, drivers: camera, ...deps });
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
    const slow = heldConnect();
    const h = await setup({ drivers: { pvcam: slow.factory } });
    await slow.entered; // instruments are connecting now; the watcher starts after them
    await writeFile(h.path, CONFIG.replace('amplitude = 1.0', 'amplitude = 3.0'));
    slow.release();
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
    // The watcher runs while the file is invalid and reads it once after it starts.
    const firstRead = await processedRead(core, 0, await readFile(path, 'utf8'));
    expect(firstRead.reported).toBeUndefined();
    expect(statuses).toEqual([]);
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.config.status).toBe('invalid');
  });

  it('enable_hot_reload = false in the file stops watching; ReloadConfig still reads it', async () => {
    const watching = countedWatcher();
    const h = await setup({ watcherFactory: watching.factory });
    await h.started;
    expect(watching).toMatchObject({ made: 1, closed: 0 });
    const off = CONFIG.replace('hot_reload_debounce_ms = 50', 'hot_reload_debounce_ms = 50\nenable_hot_reload = false');
    await writeFile(h.path, off);
    await expect.poll(() => h.statuses.some((s) => s.outcome === 'applied'), { timeout: 5000 }).toBe(true);
    // Logged once the watcher has been brought in step with the file: from here on there is none.
    const loggedOff = async (): Promise<boolean> => {
      const state = await h.core.invoke('GetAppState', {});
      return state.ok && state.value.log.some((l) => l.message.startsWith('hot reload is off'));
    };
    await expect.poll(loggedOff, { timeout: 5000 }).toBe(true);
    expect(watching).toMatchObject({ made: 1, closed: 1 });
    await writeFile(h.path, off.replace('amplitude = 1.0', 'amplitude = 4.0'));
    expect(await amplitude(h.core)).toBe(1);
    expect(await h.core.invoke('ReloadConfig', {})).toMatchObject({ ok: true, value: { outcome: 'applied', summary: 'pm.amplitude 1 → 4' } });
    expect(watching).toMatchObject({ made: 1, closed: 1 });
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

  it('a reload still running when the app stops starts no new watcher (nothing keeps the process alive)', async () => {
    // The first camera connects at once; the one the edit adds holds the reload in the mailbox.
    const held = heldConnect();
    let cameras = 0;
    const drivers: CoreDeps['drivers'] = { pvcam: (...args) => (++cameras === 1 ? camera['pvcam']!(...args) : held.factory(...args)) };
    const watching = countedWatcher();
    const h = await setup({ drivers, watcherFactory: watching.factory });
    await h.started;
    await writeFile(h.path, `${CONFIG}\n[instruments.cam2]\ntype = "pvcam"\n`);
    await held.entered;
    const stopping = h.core.stop();
    held.release();
    await stopping;
    expect(watching).toMatchObject({ made: 1, closed: 1 });
  });
});
