/**
 * Hot reload through the real core: real files, real chokidar, hand edits applied as a diff
 * in dependency order, our own writes and no-op saves ignored, invalid and missing files never
 * replacing a good configuration, a failed apply undone, and edits made while the app was
 * closed reported at start-up. Where the order of events is the point, the test sends the
 * watcher's events itself and fakes the quiet period's timer; nothing waits on the clock.
 */
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBatch } from '../../../shared/ipc/contract.js';
import type { ReloadStatus } from '../../../shared/model/runtime.js';
import { createCore, type Core, type CoreDeps } from '../index.js';
import { heldConnect, manualWatcher, processedRead, resetSpy, spy, until } from './test-support/hot-reload-spy-test-kit.js';

// The actor's handling of settled reads and every read of a config file, passed through and
// recorded, so a test waits for the read of a given save instead of sleeping (see the kit).
const kit = vi.hoisted(() => () => import('./test-support/hot-reload-spy-test-kit.js'));
vi.mock('./reload-commands.js', async (original) => (await kit()).spyOnReloads(await original()));
vi.mock('../config/config-file.js', async (original) => (await kit()).spyOnReads(await original()));

const DEBOUNCE = 60;
const CONFIG = `log_level = "info"
[application]
[application.dynamic_config]
hot_reload_debounce_ms = ${DEBOUNCE}
[storage]
default_path = "data"

[instruments.pm]   # power meter stand-in
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0
amplitude = 1.0

[instruments.sig]
type = "mock"
sample_rate_hz = 5.0

[modules.watch]
type = "power_meter"
[modules.watch.roles]
power_meter = "pm"
`;

interface Harness {
  core: Core;
  path: string;
  dir: string;
  statuses: ReloadStatus[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
  resetSpy();
});

async function start(text = CONFIG, deps: Partial<CoreDeps> = {}, dir?: string): Promise<Harness> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'daq-reload-')));
  if (!dir) cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const path = join(folder, 'config.toml');
  if (!dir) await writeFile(path, text);
  const core = createCore({ configPath: path, ...deps });
  const statuses: ReloadStatus[] = [];
  core.onEvents((b: EventBatch) => {
    for (const e of b.events) if (e.type === 'hot-reload:status-changed') statuses.push(e.reload);
  });
  await core.start();
  cleanups.push(() => core.stop());
  return { core, path, dir: folder, statuses };
}

async function nextStatus(h: Harness, outcome?: ReloadStatus['outcome']): Promise<ReloadStatus> {
  const seen = h.statuses.length;
  await expect.poll(() => h.statuses.slice(seen).some((s) => !outcome || s.outcome === outcome), { timeout: 5000 }).toBe(true);
  return h.statuses.slice(seen).find((s) => !outcome || s.outcome === outcome) as ReloadStatus;
}

async function settings(core: Core): Promise<Record<string, any>> {
  const r = await core.invoke('GetSettings', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value.settings as Record<string, any>;
}

async function instrument(core: Core, id: string) {
  const r = await core.invoke('ListInstruments', {});
  return r.ok ? r.value.instruments.find((i) => i.id === id) : undefined;
}

describe('hand edits are applied as a diff', () => {
  it('a parameter change is applied live and summarised', async () => {
    const h = await start();
    await writeFile(h.path, CONFIG.replace('amplitude = 1.0', 'amplitude = 2.5'));
    const s = await nextStatus(h, 'applied');
    expect(s).toMatchObject({ source: 'file', summary: 'pm.amplitude 1 → 2.5', changes: ['pm.amplitude 1 → 2.5'] });
    expect((await instrument(h.core, 'pm'))?.config['amplitude']).toBe(2.5);
    expect((await instrument(h.core, 'pm'))?.status).toBe('running');
    const state = await h.core.invoke('GetAppState', {});
    expect(state.ok && state.value.log.some((l) => l.message.includes('reloaded') && l.message.includes('pm.amplitude 1 → 2.5'))).toBe(true);
  });

  it('a new instrument and a module using it start together; removing both stops them in order', async () => {
    const h = await start();
    h.statuses.length = 0;
    const added = `${CONFIG}\n[instruments.pm2]\ntype = "mock"\nprofile = "power_meter"\nsample_rate_hz = 1.0\n\n[modules.watch2]\ntype = "power_meter"\n[modules.watch2.roles]\npower_meter = "pm2"\n`;
    await writeFile(h.path, added);
    expect((await nextStatus(h, 'applied')).summary).toBe('added pm2; added module watch2');
    expect((await instrument(h.core, 'pm2'))?.status).toBe('running');
    expect((await instrument(h.core, 'pm2'))?.usedBy).toEqual([{ moduleId: 'watch2', role: 'power_meter' }]);
    await h.core.invoke('StartModule', { id: 'watch2' });
    await writeFile(h.path, CONFIG);
    expect((await nextStatus(h, 'applied')).summary).toBe('removed pm2; removed module watch2');
    expect(await instrument(h.core, 'pm2')).toBeUndefined();
    const modules = await h.core.invoke('ListModules', {});
    expect(modules.ok && modules.value.modules.map((m) => m.id)).toEqual(['watch']);
  });

  it('a parameter the instrument cannot take live restarts it with the new value', async () => {
    const h = await start();
    await writeFile(h.path, CONFIG.replace('[instruments.sig]\ntype = "mock"', '[instruments.sig]\ntype = "mock"\nprofile = "stage"'));
    await nextStatus(h, 'applied');
    const sig = await instrument(h.core, 'sig');
    expect(sig).toMatchObject({ status: 'running', channels: [{ name: 'position', unit: 'mm' }] });
  });

  it('saves closer together than the quiet period are read once, after it, at their final content', async () => {
    const watcher = manualWatcher();
    const h = await start(CONFIG, { watcherFactory: watcher.factory });
    await processedRead(h.core, 0, CONFIG); // the read every start makes
    const from = spy.processed.length;
    // The quiet period is the point: with its timers faked the saves are 10 ms apart however
    // busy the machine is, and the eight of them span longer than one quiet period.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const amplitudes = ['1.5', '2.0', '2.5', '3.0', '3.5', '4.0', '4.5', '5.0'];
    for (const a of amplitudes) {
      await writeFile(h.path, CONFIG.replace('amplitude = 1.0', `amplitude = ${a}`));
      watcher.fire('change');
      await vi.advanceTimersByTimeAsync(DEBOUNCE / 6);
    }
    await vi.advanceTimersByTimeAsync(DEBOUNCE);
    const last = await processedRead(h.core, from, CONFIG.replace('amplitude = 1.0', 'amplitude = 5.0'));
    // A read taken before the saves stopped would have been handled first.
    expect(spy.processed.slice(from)).toEqual([last]);
    expect(last.reported).toMatchObject({ outcome: 'applied', summary: 'pm.amplitude 1 → 5' });
    expect(h.statuses).toEqual([last.reported]);
  });
});

describe('no reload loop, no work for nothing', () => {
  it("the app's own writes do not trigger a reload", async () => {
    const h = await start();
    await h.core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 3 });
    await h.core.invoke('AddInstrumentDynamic', { id: 'extra', config: { type: 'mock', sample_rate_hz: 1 } });
    const written = await readFile(h.path, 'utf8');
    expect(written).toContain('[instruments.extra]');
    // The watcher sees the writes; the read of what the app wrote last reports nothing.
    expect((await processedRead(h.core, 0, written)).reported).toBeUndefined();
    expect(h.statuses).toEqual([]);
  });

  it('a hand edit that one of our writes lands on top of is still applied', async () => {
    const h = await start(CONFIG, { hotReload: false });
    await writeFile(h.path, CONFIG.replace('amplitude = 1.0', 'amplitude = 2.0'));
    await h.core.invoke('UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 6 });
    const text = await readFile(h.path, 'utf8');
    expect(text).toContain('amplitude = 2.0');
    expect(text).toMatch(/sample_rate_hz = 6\.0/);
    expect(await h.core.invoke('ReloadConfig', {})).toMatchObject({ ok: true, value: { outcome: 'applied', summary: 'pm.amplitude 1 → 2' } });
  });

  it('a settled read that is older than a later write of the app is never applied over it', async () => {
    const watcher = manualWatcher();
    const camera = heldConnect();
    const text = CONFIG.replace(`hot_reload_debounce_ms = ${DEBOUNCE}`, 'hot_reload_debounce_ms = 0');
    const h = await start(text, { watcherFactory: watcher.factory, drivers: { pvcam: camera.factory } });
    await processedRead(h.core, 0, text); // the read every start makes
    await h.core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 2 });
    // The add holds the mailbox (its connect waits) while the watcher's quiet period ends and the
    // file is read; the add then writes the file. The queued reload must not undo the add.
    const adding = h.core.invoke('AddInstrumentDynamic', { id: 'cam', config: { type: 'pvcam' } });
    await camera.entered;
    const stale = await readFile(h.path, 'utf8');
    const reads = spy.reads.length;
    const from = spy.processed.length;
    watcher.fire('change');
    await until(() => (spy.reads.length > reads ? true : undefined));
    camera.release();
    expect(await adding).toMatchObject({ ok: true, value: { persisted: true } });
    const written = await readFile(h.path, 'utf8');
    expect(written).not.toBe(stale);
    const reload = await processedRead(h.core, from);
    expect(reload).toEqual({ text: written, reported: undefined });
    expect((await instrument(h.core, 'cam'))?.status).toBe('running');
    expect(h.statuses.filter((x) => x.outcome === 'applied')).toEqual([]);
  });

  it('a save that does not change the content does nothing', async () => {
    const h = await start();
    await processedRead(h.core, 0, CONFIG); // the read every start makes
    const from = spy.processed.length;
    await writeFile(h.path, CONFIG);
    expect((await processedRead(h.core, from, CONFIG)).reported).toBeUndefined();
    expect(h.statuses).toEqual([]);
  });
});

describe('a broken or missing file never replaces a good configuration', () => {
  it('an invalid file keeps the config and reports file:line:column, then clears when fixed', async () => {
    const h = await start();
    await writeFile(h.path, CONFIG.replace('sample_rate_hz = 5.0', 'sample_rate_hz = -5.0'));
    const failed = await nextStatus(h, 'failed');
    expect(failed.issues).toEqual([
      { file: h.path, line: 16, column: 1, path: 'instruments.sig.sample_rate_hz', message: 'out of range (0.1..1000000 Hz)', severity: 'error' },
    ]);
    expect((await settings(h.core)).instruments.sig.sample_rate_hz).toBe(5);
    await writeFile(h.path, CONFIG.replace('sample_rate_hz = 5.0', 'sample_rate_hz = 6.0'));
    expect((await nextStatus(h, 'applied')).summary).toBe('sig.sample_rate_hz 5 → 6');
  });

  it('a role pointing at a removed instrument is invalid (the module would lose it)', async () => {
    const h = await start();
    await writeFile(h.path, CONFIG.replace(/\[instruments\.pm\][\s\S]*?amplitude = 1\.0\n/, ''));
    const failed = await nextStatus(h, 'failed');
    expect(failed.issues.map((i) => [i.path, i.line])).toEqual([['modules.watch.roles.power_meter', 16]]);
    expect((await instrument(h.core, 'pm'))?.status).toBe('running');
  });

  it('a syntax error is reported with its position', async () => {
    const h = await start();
    await writeFile(h.path, CONFIG.replace('[instruments.sig]', '[instruments.sig'));
    const failed = await nextStatus(h, 'failed');
    // The header on line 14 is unterminated; the parser notices on the next line.
    expect(failed.issues[0]).toMatchObject({ line: 15, message: expect.stringContaining('TOML syntax error') });
  });

  it('a deleted file shows "config file missing" and recovers when it comes back', async () => {
    const h = await start();
    await unlink(h.path);
    expect((await nextStatus(h, 'missing')).summary).toBe(`config file missing: ${h.path}`);
    expect((await instrument(h.core, 'pm'))?.status).toBe('running');
    await writeFile(h.path, CONFIG);
    expect((await nextStatus(h, 'unchanged')).summary).toMatch(/back/);
  });

  it('a file that was invalid at start-up brings the app up once fixed', async () => {
    const broken = CONFIG.replace('log_level = "info"', 'log_level = "loud"');
    const h = await start(broken);
    expect((await h.core.invoke('GetAppState', {})).ok && (await instrument(h.core, 'pm'))).toBeFalsy();
    // A second broken version replaces the start-up issues with its own.
    await writeFile(h.path, CONFIG.replace('sample_rate_hz = 5.0', 'sample_rate_hz = -1.0'));
    await nextStatus(h, 'failed');
    const stillBroken = await h.core.invoke('GetAppState', {});
    expect(stillBroken.ok && stillBroken.value.config.issues.map((i) => i.path)).toEqual(['instruments.sig.sample_rate_hz']);
    await writeFile(h.path, CONFIG);
    expect((await nextStatus(h, 'applied')).summary).toBe('added pm, sig; added module watch');
    expect((await instrument(h.core, 'pm'))?.status).toBe('running');
    const state = await h.core.invoke('GetAppState', {});
    expect(state.ok && state.value.config.status).toBe('ok');
  });
});

describe('a failed apply is undone', () => {
  it('when an instrument refuses a live change, the other changes of the same edit are rolled back', async () => {
    // The mock stand-ins refuse a sample rate of 6 Hz live (pm takes its change first). A new
    // instrument that cannot connect would not do: it stays in error and the reload goes through.
    const h = await start(CONFIG, {
      drivers: {
        mock: () => ({
          connect: async () => undefined,
          applyParameter: async (path, value) => {
            if (path === 'sample_rate_hz' && value === 6) throw new Error('clock cannot divide to 6 Hz');
          },
          disconnect: async () => undefined,
        }),
      },
    });
    const edit = CONFIG.replace('amplitude = 1.0', 'amplitude = 9.0').replace('sample_rate_hz = 5.0', 'sample_rate_hz = 6.0') + '\n[instruments.laser]\ntype = "mock"\nprofile = "laser"\nsample_rate_hz = 1.0\n';
    await writeFile(h.path, edit);
    const failed = await nextStatus(h, 'failed');
    expect(failed.summary).toMatch(/could not be applied and was undone: instrument "sig" did not take the change: .*clock cannot divide to 6 Hz/);
    expect((await instrument(h.core, 'pm'))?.config['amplitude']).toBe(1);
    expect((await instrument(h.core, 'sig'))?.config['sample_rate_hz']).toBe(5);
    expect(await instrument(h.core, 'laser')).toBeUndefined();
    expect((await settings(h.core)).instruments.pm.amplitude).toBe(1);
  });
});

describe('ReloadConfig and GetLastReloadStatus', () => {
  it('ReloadConfig forces a look now; GetLastReloadStatus answers it', async () => {
    let watchers = 0;
    const h = await start(CONFIG, {
      hotReload: false,
      watcherFactory: async () => {
        watchers += 1;
        return { close: async () => undefined };
      },
    });
    await writeFile(h.path, CONFIG.replace('amplitude = 1.0', 'amplitude = 1.5'));
    // No watcher was started, so nothing but ReloadConfig can take the edit in.
    expect(watchers).toBe(0);
    expect((await instrument(h.core, 'pm'))?.config['amplitude']).toBe(1);
    const r = await h.core.invoke('ReloadConfig', {});
    expect(r).toMatchObject({ ok: true, value: { source: 'command', outcome: 'applied', summary: 'pm.amplitude 1 → 1.5' } });
    expect(await h.core.invoke('GetLastReloadStatus', {})).toEqual({ ok: true, value: { status: r.ok && r.value } });
    expect(await h.core.invoke('ReloadConfig', {})).toMatchObject({ ok: true, value: { outcome: 'unchanged' } });
    expect(watchers).toBe(0);
  });
});

describe('start-up', () => {
  it('reports an edit made while the app was closed as an incoming change', async () => {
    const first = await start(CONFIG, { hotReload: false });
    await first.core.stop();
    await writeFile(first.path, CONFIG.replace('amplitude = 1.0', 'amplitude = 2.0'));
    const second = await start(undefined, { hotReload: false }, first.dir);
    const status = await second.core.invoke('GetLastReloadStatus', {});
    expect(status).toMatchObject({ ok: true, value: { status: { source: 'startup', summary: 'Edited while the app was closed: pm.amplitude 1 → 2' } } });
    // A third start with no edit in between says nothing.
    await second.core.stop();
    const third = await start(undefined, { hotReload: false }, first.dir);
    expect(await third.core.invoke('GetLastReloadStatus', {})).toEqual({ ok: true, value: { status: null } });
  });
});
