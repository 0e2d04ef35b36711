/**
 * Runtime changes written back into the config file, end to end through the actor: the file
 * keeps every byte outside the change, failures keep the change in memory and pending (never
 * dropped), and SyncConfigToFile or the automatic retry writes it once the cause is fixed.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../shared/ipc/contract.js';
import { createCore, type Core } from '../index.js';

const CONFIG = `# Bench C — hand-written header comment
log_level = "info"   # keep me

[application]
[application.dynamic_config]
enable_persistence = true

[storage]
default_path = "data"

# ---- instruments ----
[instruments.pm]            # the power meter
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0        # Hz
amplitude = 1.0

[instruments.sig]
type = "mock"
sample_rate_hz = 5.0

[processors]
pm = [ { type = "iir", filter_type = "Lowpass", f0 = 0.2, fs = 2.0 } ]

[modules.watch]
type = "power_meter"
  [modules.watch.roles]
  power_meter = "pm"
`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(text = CONFIG, folder?: string): Promise<{ core: Core; path: string; batches: EventBatch[] }> {
  const dir = folder ?? (await mkdtemp(join(tmpdir(), 'daq-persist-')));
  if (!folder) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'config.toml');
  await writeFile(path, text);
  const core = createCore({ configPath: path, persistRetryMs: 60_000 });
  const batches: EventBatch[] = [];
  core.onEvents((b) => batches.push(b));
  await core.start();
  cleanups.push(() => core.stop());
  return { core, path, batches };
}

async function tmpfs(size: string): Promise<string> {
  const point = await mkdtemp(join(tmpdir(), 'daq-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', point]);
  cleanups.push(async () => {
    execFileSync('umount', [point]);
    await rm(point, { recursive: true, force: true });
  });
  return point;
}

const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';

describe('every change lands in the file, the rest byte for byte', () => {
  it('update keeps the float type, the line comment and every other line', async () => {
    const { core, path } = await setup();
    const r = await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 4 });
    expect(r).toMatchObject({ ok: true, value: { persisted: true } });
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/sample_rate_hz = 4\.0 +# Hz\n/);
    expect(text.replace(/sample_rate_hz = 4\.0 .*\n/, 'sample_rate_hz = 2.0        # Hz\n')).toBe(CONFIG);
  });

  it('add puts the table after the last instrument with its comment; remove leaves a placeholder', async () => {
    const { core, path } = await setup();
    await core.invoke('AddInstrumentDynamic', { id: 'gen2', config: { type: 'mock', sample_rate_hz: 10.5, amplitude: 2 } });
    let text = await readFile(path, 'utf8');
    expect(text).toContain(`[instruments.sig]\ntype = "mock"\nsample_rate_hz = 5.0\n\n# Added dynamically: `);
    expect(text).toMatch(new RegExp(`# Added dynamically: ${stamp}\\n\\[instruments\\.gen2\\]\\ntype = "mock"\\nsample_rate_hz = 10\\.5\\namplitude = 2\\.0\\n\\n\\[processors\\]`));
    await core.invoke('RemoveInstrumentDynamic', { id: 'gen2' });
    text = await readFile(path, 'utf8');
    expect(text).not.toContain('[instruments.gen2]');
    expect(text).toMatch(new RegExp(`# Removed: gen2 at ${stamp}`));
    // The placeholder takes the table's place, with the blank line that separated them.
    expect(text.replace(new RegExp(`\\n# Removed: gen2 at ${stamp}\\n\\n`), '\n')).toBe(CONFIG);
  });

  it('forced removal drops the instrument, its processors and the roles that used it', async () => {
    const { core, path } = await setup();
    const r = await core.invoke('RemoveInstrumentDynamic', { id: 'pm', force: true });
    expect(r).toMatchObject({ ok: true, value: { persisted: true, unassigned: [{ moduleId: 'watch', role: 'power_meter' }] } });
    const text = await readFile(path, 'utf8');
    expect(text).not.toMatch(/\[instruments\.pm\]|^pm = \[/m);
    // The role that lost its instrument is commented out, so the file still shows what it was.
    expect(text).toContain('\n  # power_meter = "pm"\n');
    expect(text).toContain('# Bench C — hand-written header comment\nlog_level = "info"   # keep me\n');
    // The file reloads to the same model the app holds.
    const reloaded = createCore({ configPath: path });
    await reloaded.start();
    cleanups.push(() => reloaded.stop());
    const again = await reloaded.invoke('GetSettings', {});
    const now = await core.invoke('GetSettings', {});
    expect(again.ok && again.value.settings).toEqual(now.ok && now.value.settings);
  });

  it('cascade removes the module tables in the same write; assign and unassign edit the roles', async () => {
    const { core, path } = await setup();
    await core.invoke('UnassignInstrumentFromModule', { moduleId: 'watch', role: 'power_meter' });
    expect(await readFile(path, 'utf8')).toBe(CONFIG.replace('\n  power_meter = "pm"\n', '\n  # power_meter = "pm"\n'));
    // Assigned again, the role's line comes back where it was: the file is as it began.
    await core.invoke('AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'pm' });
    expect(await readFile(path, 'utf8')).toBe(CONFIG);
    await core.invoke('RemoveInstrumentCascade', { id: 'pm', confirmModules: ['watch'] });
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('[modules.watch]');
    expect(text).toMatch(new RegExp(`# Removed: module watch at ${stamp}`));
  });

  it('persist:false and enable_persistence = false leave the file alone', async () => {
    const { core, path } = await setup();
    const r = await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 3, persist: false });
    expect(r).toMatchObject({ ok: true, value: { persisted: false } });
    expect(r.ok && r.value.persistError).toBeUndefined();
    expect(await readFile(path, 'utf8')).toBe(CONFIG);
    const off = CONFIG.replace('enable_persistence = true', 'enable_persistence = false');
    const second = await setup(off);
    await second.core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 3 });
    expect(await readFile(second.path, 'utf8')).toBe(off);
  });
});

describe('when the file cannot be written, nothing is lost', () => {
  async function expectPending(core: Core, batches: EventBatch[], reason: RegExp): Promise<void> {
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.persistence.pending).toBeGreaterThan(0);
    expect(state.ok && state.value.persistence.lastError?.message).toMatch(reason);
    const events = batches.flatMap((b) => b.events).filter((e) => e.type === 'persistence:status-changed');
    expect(events.length).toBeGreaterThan(0);
  }

  it('a file made read-only: in memory, reported, written by SyncConfigToFile once writable', async () => {
    const { core, path, batches } = await setup();
    await chmod(path, 0o444);
    const r = await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 7 });
    expect(r).toMatchObject({ ok: true, value: { persisted: false, persistError: { code: 'PERSIST_FAILED' } } });
    expect(r.ok && r.value.persistError?.message).toMatch(/read-only/);
    expect(r.ok && r.value.instrument.config['amplitude']).toBe(7);
    expect(await readFile(path, 'utf8')).toBe(CONFIG);
    await expectPending(core, batches, /read-only/);
    // A second change queues behind the first; both land together.
    await core.invoke('UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 6 });
    await chmod(path, 0o644);
    expect(await core.invoke('SyncConfigToFile', {})).toEqual({ ok: true, value: { persisted: true, pending: 0 } });
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/amplitude = 7\.0\n/);
    expect(text).toMatch(/sample_rate_hz = 6\.0\n/);
  });

  it('a fixed file takes the changes that waited for it, and the reload notice says they were written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-persist-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'config.toml');
    await writeFile(path, CONFIG);
    const core = createCore({ configPath: path, persistRetryMs: 60_000, hotReload: false });
    await core.start();
    cleanups.push(() => core.stop());
    // Someone breaks the file by hand; a change made meanwhile waits in memory.
    await writeFile(path, CONFIG.replace('[instruments.sig]', '[instruments.sig'));
    expect(await core.invoke('UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 6 })).toMatchObject({ ok: true, value: { persisted: false } });
    // Fixed, with a change of its own: the reload applies that and writes the waiting change.
    await writeFile(path, CONFIG.replace('amplitude = 1.0', 'amplitude = 3.0'));
    const reload = await core.invoke('ReloadConfig', {});
    expect(reload.ok && reload.value.summary).toBe('pm.amplitude 1 → 3; 1 unsaved change written to the file');
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/amplitude = 3\.0\n/);
    expect(text).toMatch(/\[instruments\.sig\]\ntype = "mock"\nsample_rate_hz = 6\.0\n/);
    expect((await core.invoke('GetAppState', {})).ok).toBe(true);
  });

  it('a full disk: reported, retried automatically once space is free', async () => {
    const point = await tmpfs('96k');
    const { core, path, batches } = await setup(CONFIG, point);
    const filler = join(point, 'filler.bin');
    await writeFile(filler, Buffer.alloc(80 * 1024)).catch(() => undefined);
    const big = 'x'.repeat(40 * 1024);
    const r = await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'name', value: big });
    expect(r).toMatchObject({ ok: true, value: { persisted: false, persistError: { code: 'PERSIST_FAILED' } } });
    expect(r.ok && r.value.persistError?.message).toMatch(/disk is full/);
    expect(await readFile(path, 'utf8')).toBe(CONFIG);
    await expectPending(core, batches, /disk is full/);
    await rm(filler);
    expect(await core.invoke('SyncConfigToFile', {})).toMatchObject({ ok: true, value: { persisted: true, pending: 0 } });
    expect(await readFile(path, 'utf8')).toContain(`name = "${big}"`);
  });

  it('a read-only folder: reported, written once the folder is writable again', async () => {
    const point = await tmpfs('1m');
    const { core, path } = await setup(CONFIG, point);
    execFileSync('mount', ['-o', 'remount,ro', point]);
    const r = await core.invoke('AddInstrumentDynamic', { id: 'late', config: { type: 'mock', sample_rate_hz: 1 } });
    expect(r).toMatchObject({ ok: true, value: { persisted: false } });
    expect(r.ok && r.value.persistError?.message).toMatch(/read-only file system/);
    execFileSync('mount', ['-o', 'remount,rw', point]);
    expect(await core.invoke('SyncConfigToFile', {})).toMatchObject({ ok: true, value: { persisted: true } });
    expect(await readFile(path, 'utf8')).toContain('[instruments.late]');
  });

  it('a file someone else broke: reported with the reason, written after they fix it', async () => {
    const { core, path } = await setup();
    const broken = CONFIG.replace('[storage]', '[storage');
    await writeFile(path, broken);
    const r = await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 9 });
    expect(r).toMatchObject({ ok: true, value: { persisted: false } });
    expect(r.ok && r.value.persistError?.message).toMatch(/not valid TOML now/);
    expect(await readFile(path, 'utf8')).toBe(broken);
    await writeFile(path, CONFIG);
    expect(await core.invoke('SyncConfigToFile', {})).toMatchObject({ ok: true, value: { persisted: true } });
    expect(await readFile(path, 'utf8')).toMatch(/amplitude = 9\.0\n/);
  });

  it('the automatic retry writes pending changes without being asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-retry-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'config.toml');
    await writeFile(path, CONFIG);
    const core = createCore({ configPath: path, persistRetryMs: 100 });
    await core.start();
    cleanups.push(() => core.stop());
    await chmod(path, 0o444);
    await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 5 });
    await chmod(path, 0o644);
    await expect.poll(async () => readFile(path, 'utf8'), { timeout: 3000 }).toMatch(/amplitude = 5\.0/);
  });
});

describe('concurrent writers', () => {
  it('many changes at once all land, in order', async () => {
    const { core, path } = await setup();
    const values = Array.from({ length: 15 }, (_, i) => i + 1);
    const results = await Promise.all(values.map((v) => core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: v })));
    expect(results.every((r) => r.ok && r.value.persisted)).toBe(true);
    expect(await readFile(path, 'utf8')).toMatch(/amplitude = 15\.0\n/);
  });

  it("another program's edit between our writes is kept", async () => {
    const { core, path } = await setup();
    await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 2 });
    const edited = (await readFile(path, 'utf8')).replace('# ---- instruments ----', '# ---- instruments (checked by Ana) ----');
    await writeFile(path, edited);
    await core.invoke('UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 8 });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('(checked by Ana)');
    expect(text).toMatch(/sample_rate_hz = 8\.0/);
  });
});

describe('start-up', () => {
  it('removes temp files an interrupted write left behind, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-leftover-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.config.toml.daq-tmp-999999999-abc'), 'half a file');
    const { core } = await setup(CONFIG, dir);
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.log.some((l) => l.message.includes('.config.toml.daq-tmp-999999999-abc'))).toBe(true);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).filter((n) => n.includes('daq-tmp'))).toEqual([]);
  });

  it("removes dead writers' temp files from its own .daq folders too, and keeps a live writer's", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-leftover-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, '.daq', 'hand-edits'), { recursive: true });
    await mkdir(join(dir, '.daq', 'config_versions', 'config.toml'), { recursive: true });
    const dead = [
      '.daq/.config.toml.last-seen.daq-tmp-999999999-abc',
      '.daq/hand-edits/.config-1.toml.daq-tmp-999999998-def',
      '.daq/config_versions/config.toml/.index.json.daq-tmp-999999997-aaa',
    ];
    // A writer that is still running (here: the process that started these tests) is in the middle of its write.
    const live = `.daq/.config.toml.last-seen.daq-tmp-${process.ppid}-fed`;
    for (const name of [...dead, live]) await writeFile(join(dir, name), 'half a file');
    const { core } = await setup(CONFIG, dir);
    const state = await core.invoke('GetAppState', {});
    const log = state.ok ? state.value.log.map((l) => l.message) : [];
    for (const name of dead) expect(log.some((l) => l.includes(name))).toBe(true);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(join(dir, '.daq'))).filter((n) => n.includes('daq-tmp'))).toEqual([live.slice('.daq/'.length)]);
    expect((await readdir(join(dir, '.daq', 'hand-edits'))).filter((n) => n.includes('daq-tmp'))).toEqual([]);
    expect((await readdir(join(dir, '.daq', 'config_versions', 'config.toml'))).filter((n) => n.includes('daq-tmp'))).toEqual([]);
  });
});

describe('pending changes meet a hand edit', () => {
  async function logLines(core: Core): Promise<string[]> {
    const state = await core.invoke('GetAppState', {});
    return state.ok ? state.value.log.map((l) => l.message) : [];
  }

  it('a pending change to a table removed by hand is set aside, never written as a stray table', async () => {
    const { core, path } = await setup(CONFIG.replace('enable_persistence = true', 'enable_persistence = true\nenable_hot_reload = false'));
    await chmod(path, 0o444);
    await core.invoke('UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 2 });
    const handEdit = CONFIG.replace('enable_persistence = true', 'enable_persistence = true\nenable_hot_reload = false').replace('[instruments.sig]\ntype = "mock"\nsample_rate_hz = 5.0\n', '');
    await writeFile(path, handEdit);
    await chmod(path, 0o644);
    expect(await core.invoke('ReloadConfig', {})).toMatchObject({ ok: true, value: { outcome: 'applied', summary: 'removed sig' } });
    expect(await core.invoke('SyncConfigToFile', {})).toMatchObject({ ok: true, value: { persisted: true, pending: 0 } });
    expect(await readFile(path, 'utf8')).toBe(handEdit);
    expect((await logLines(core)).some((l) => l.includes('set instruments.sig.amplitude was not written'))).toBe(true);
  });

  it('one change that no longer fits does not block the others', async () => {
    const { core, path } = await setup(CONFIG.replace('enable_persistence = true', 'enable_persistence = true\nenable_hot_reload = false'));
    await chmod(path, 0o444);
    await core.invoke('RemoveInstrumentDynamic', { id: 'sig' });
    await core.invoke('UpdateInstrumentParameter', { id: 'pm', param: 'amplitude', value: 6 });
    // Someone removes the same table by hand (and makes the file writable again).
    const text = (await readFile(path, 'utf8')).replace('[instruments.sig]\ntype = "mock"\nsample_rate_hz = 5.0\n', '');
    await writeFile(path, text);
    await chmod(path, 0o644);
    expect(await core.invoke('SyncConfigToFile', {})).toMatchObject({ ok: true, value: { persisted: true, pending: 0 } });
    const written = await readFile(path, 'utf8');
    expect(written).toMatch(/amplitude = 6\.0\n/);
    expect(written).not.toContain('[instruments.sig]');
  });

  it('a hand edit while a change is pending keeps both: the edit is applied and the change written on top', async () => {
    const { core, path } = await setup(CONFIG.replace('enable_persistence = true', 'enable_persistence = true\nenable_hot_reload = false'));
    await chmod(path, 0o444);
    await core.invoke('AddInstrumentDynamic', { id: 'probe', config: { type: 'mock', sample_rate_hz: 1 } });
    const handEdit = (await readFile(path, 'utf8')).replace('sample_rate_hz = 5.0', 'sample_rate_hz = 7.0');
    await writeFile(path, handEdit);
    await chmod(path, 0o644);
    const reload = await core.invoke('ReloadConfig', {});
    expect(reload).toMatchObject({ ok: true, value: { outcome: 'applied', summary: 'sig.sample_rate_hz 5 → 7; 1 unsaved change written to the file' } });
    const list = await core.invoke('ListInstruments', {});
    expect(list.ok && list.value.instruments.map((i) => i.id)).toContain('probe');
    const written = await readFile(path, 'utf8');
    expect(written).toContain('sample_rate_hz = 7.0');
    expect(written).toContain('[instruments.probe]');
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.persistence.pending).toBe(0);
  });

  it('a file broken by hand is left alone: nothing is set aside, the write waits for the fix', async () => {
    const { core, path } = await setup();
    await writeFile(path, CONFIG.replace('type = "mock"\nprofile', 'type = "nope"\nprofile'));
    const r = await core.invoke('UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 3 });
    expect(r).toMatchObject({ ok: true, value: { persisted: false } });
    expect(r.ok && r.value.persistError?.message).toMatch(/the file has errors now \(\d+:\d+: unknown instrument type "nope"/);
    await writeFile(path, CONFIG);
    expect(await core.invoke('SyncConfigToFile', {})).toMatchObject({ ok: true, value: { persisted: true } });
    expect(await readFile(path, 'utf8')).toMatch(/\[instruments\.sig\][\s\S]*amplitude = 3\.0\n/);
  });
});

describe('a removal kept in memory only', () => {
  it('takes the pending writes about that instrument along, so a reload does not bring it back', async () => {
    const { core, path } = await setup();
    expect(await core.invoke('AddInstrumentDynamic', { id: 'fz', config: { type: 'mock', sample_rate_hz: 5 } })).toMatchObject({ ok: true, value: { persisted: true } });
    await core.invoke('RemoveInstrumentDynamic', { id: 'fz', persist: false });
    // The file still has the table, so writing this add fails and it stays pending.
    expect(await core.invoke('AddInstrumentDynamic', { id: 'fz', config: { type: 'mock', sample_rate_hz: 5 } })).toMatchObject({ ok: true, value: { persisted: false } });
    await core.invoke('RemoveInstrumentDynamic', { id: 'fz', persist: false });
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.persistence.pending).toBe(0);
    await writeFile(path, (await readFile(path, 'utf8')).replace(/# Added dynamically[^\n]*\n\[instruments\.fz\][^[]*/, ''));
    await core.invoke('ReloadConfig', {});
    const list = await core.invoke('ListInstruments', {});
    expect(list.ok && list.value.instruments.map((i) => i.id)).not.toContain('fz');
    expect(await readFile(path, 'utf8')).not.toContain('[instruments.fz]');
  });
});
