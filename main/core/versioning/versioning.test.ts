/**
 * Versions through the actor: a snapshot of the exact bytes before every kind of change, no
 * duplicates, retention that spares labels, rollback that restores bytes and running state (and
 * can itself be undone), refusal of versions that are invalid today, ids that reach nothing
 * outside the versions folder, and an index that is rebuilt rather than trusted.
 */
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE, BENCH, ok, refused, settings, startCore, type Harness } from '../actor/test-support/test-kit.js';
import { createCore } from '../index.js';
import { VersionStore } from './version-store.js';

async function versions(h: Harness) {
  return (await ok(h, 'ListConfigVersions', {})).versions;
}

function folderOf(h: Harness): string {
  return join(dirname(h.configPath), '.daq', 'config_versions', 'daq.toml');
}

describe('a snapshot before every change', () => {
  it('keeps the exact bytes before a command, a commit, a hand edit and a rollback, each with its source', async () => {
    const h = await startCore(BENCH);
    const original = await readFile(h.configPath);
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 4 });
    let list = await versions(h);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ source: 'gui:UpdateInstrumentParameter', summary: 'set instruments.sig.sample_rate_hz' });
    expect(await readFile(join(folderOf(h), list[0]!.versionId.split('/')[1]!))).toEqual(original);

    const afterCommand = await readFile(h.configPath);
    const { transactionId } = await ok(h, 'BeginTransaction', { label: 'retune' });
    await ok(h, 'StageParameterUpdate', { transactionId, id: 'pm', param: 'sample_rate_hz', value: 20 });
    await ok(h, 'CommitTransaction', { transactionId });
    list = await versions(h);
    expect(list[0]?.source).toBe(`gui:transaction ${transactionId}`);
    expect((await ok(h, 'CompareConfigVersions', { versionA: list[0]!.versionId, versionB: 'current' })).summary.text).toBe('pm.sample_rate_hz 50 → 20');

    const afterCommit = await readFile(h.configPath, 'utf8');
    await writeFile(h.configPath, afterCommit.replace('name = "Signal"', 'name = "Signal B"'));
    await ok(h, 'ReloadConfig', {});
    list = await versions(h);
    expect(list[0]).toMatchObject({ source: 'hot-reload', summary: 'edited by hand: sig.name Signal → Signal B' });
    expect(await ok(h, 'CompareConfigVersions', { versionA: list[0]!.versionId, versionB: 'current' })).toMatchObject({ summary: { instrumentsChanged: [{ id: 'sig', changes: [{ key: 'name', before: 'Signal', after: 'Signal B' }] }] } });

    const back = await ok(h, 'RollbackToVersion', { versionId: list.at(-1)!.versionId });
    expect(await readFile(h.configPath)).toEqual(original);
    expect(back.previous).toBe((await versions(h))[0]?.versionId);
    expect((await settings(h)).instruments['sig']).toMatchObject({ sample_rate_hz: 10, name: 'Signal' });
    expect((await settings(h)).instruments['pm']).toMatchObject({ sample_rate_hz: 50 });
    // The rollback is a version too: going back to it undoes the rollback.
    await ok(h, 'RollbackToVersion', { versionId: back.previous! });
    expect((await settings(h)).instruments['sig']).toMatchObject({ sample_rate_hz: 4, name: 'Signal B' });
    expect(afterCommand).not.toEqual(original);
  });

  it('makes no new snapshot for bytes equal to the newest, and labels one on request', async () => {
    const h = await startCore(BENCH);
    const first = await ok(h, 'CreateConfigSnapshot', {});
    expect(first.created).toBe(true);
    expect(await ok(h, 'CreateConfigSnapshot', {})).toEqual({ versionId: first.versionId, created: false });
    const labelled = await ok(h, 'CreateConfigSnapshot', { label: 'before-swap' });
    expect(labelled.versionId).toMatch(/-before-swap\.toml$/);
    expect(await versions(h)).toHaveLength(1);
    await refused(h, 'LabelConfigVersion', { versionId: labelled.versionId, label: '../evil' }, 'VALIDATION');
    // A label the file name cannot carry is refused up front, not kept where no list shows it.
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 4 });
    for (const label of ['as started', '../evil', '-dash']) await refused(h, 'CreateConfigSnapshot', { label }, 'VALIDATION');
    expect((await versions(h)).map((v) => v.label ?? null)).toEqual(['before-swap']);
  });

  it('keeps snapshot_retention unlabeled versions and every labeled one', async () => {
    const h = await startCore(`${BENCH}\n[application.dynamic_config]\nsnapshot_retention = 3\n`);
    const { versionId } = await ok(h, 'CreateConfigSnapshot', {});
    const kept = (await ok(h, 'LabelConfigVersion', { versionId, label: 'baseline' })).versionId;
    for (let v = 1; v <= 6; v += 1) await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: v });
    const list = await versions(h);
    expect(list.filter((v) => !v.label)).toHaveLength(3);
    expect(list.map((v) => v.versionId)).toContain(kept);
    expect((await readdir(folderOf(h))).filter((f) => f.endsWith('.toml'))).toHaveLength(4);
  });
});

describe('rollback refusals', () => {
  it('refuses a version that is invalid today and changes nothing', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'CreateConfigSnapshot', {});
    const [only] = await versions(h);
    // A version whose module role points at an instrument that does not exist.
    const broken = (await readFile(h.configPath, 'utf8')).replace('power_meter = "pm"', 'power_meter = "gone"');
    await writeFile(join(folderOf(h), only!.versionId.split('/')[1]!), broken);
    const before = await readFile(h.configPath);
    const error = await refused(h, 'RollbackToVersion', { versionId: only!.versionId }, 'VALIDATION');
    expect(error.message).toMatch(/not valid today/);
    expect(await readFile(h.configPath)).toEqual(before);
  });

  it('reaches nothing outside the versions folder through an id', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'CreateConfigSnapshot', {});
    const outside = join(dirname(h.configPath), 'secret.toml');
    await writeFile(outside, BASE);
    const link = 'config-20260101_000000-0123abcd.toml';
    await symlink(outside, join(folderOf(h), link));
    for (const versionId of ['../secret.toml', '/etc/passwd', 'daq.toml/../../secret.toml', `daq.toml/${link}`, 'daq.toml/config-20260101_000000-0123abcd.toml\0', `other.toml/${link}`]) {
      await refused(h, 'RollbackToVersion', { versionId }, 'NOT_FOUND');
      await refused(h, 'CompareConfigVersions', { versionA: versionId, versionB: 'current' }, 'NOT_FOUND');
    }
  });

  it('answers UNAVAILABLE and keeps nothing when versioning is off', async () => {
    const h = await startCore(`${BENCH}\n[application.dynamic_config]\nenable_versioning = false\n`);
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 4 });
    expect((await refused(h, 'ListConfigVersions', {}, 'UNAVAILABLE')).message).toContain('enable_versioning');
    await expect(readdir(folderOf(h))).rejects.toThrow();
  });
});

describe('bytes that do not load', () => {
  it('are not kept as a version while a configuration runs: an emptied or half-saved file', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'CreateConfigSnapshot', {});
    await writeFile(h.configPath, '');
    // The write refuses an empty file (it has errors now); no version of the empty file is kept.
    expect(await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 4 })).toMatchObject({ persisted: false });
    await writeFile(h.configPath, BENCH.slice(0, 40));
    expect((await refused(h, 'CreateConfigSnapshot', { label: 'half' }, 'VALIDATION')).message).toMatch(/does not load as a config/);
    const kept = await versions(h);
    expect(kept).toHaveLength(1);
    expect(await readFile(join(folderOf(h), kept[0]!.versionId.split('/')[1]!), 'utf8')).toBe(BENCH);
    expect(h.logs.some((l) => l.level === 'warn' && /no version was kept before this change: the file does not load/.test(l.message))).toBe(true);
  });
});

describe('a start on a file that does not load', () => {
  it('still lists and compares versions, and going back to one brings the app up, the broken text kept', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 4 });
    await h.core.stop();
    const good = await readFile(h.configPath, 'utf8');
    const broken = good.replace('[instruments.sig]', '[instruments.sig'); // a syntax error
    await writeFile(h.configPath, broken);
    const again = createCore({ configPath: h.configPath, hotReload: false });
    await again.start();
    try {
      expect(await again.invoke('GetSettings', {})).toMatchObject({ ok: true, value: { settings: null } });
      const listed = await again.invoke('ListConfigVersions', {});
      if (!listed.ok) throw new Error(listed.error.message);
      const [before] = listed.value.versions;
      expect(before?.summary).toMatch(/sample_rate_hz/);
      const compared = await again.invoke('CompareConfigVersions', { versionA: 'current', versionB: before!.versionId });
      expect(compared).toMatchObject({ ok: true });
      expect(compared.ok && compared.value.unified).toContain('-[instruments.sig\n');

      expect(await again.invoke('RollbackToVersion', { versionId: before!.versionId })).toMatchObject({ ok: true });
      const restored = await readFile(join(folderOf(h), before!.versionId.split('/')[1]!), 'utf8');
      expect(await readFile(h.configPath, 'utf8')).toBe(restored);
      expect(await again.invoke('ListInstruments', {})).toMatchObject({ ok: true, value: { instruments: expect.arrayContaining([expect.objectContaining({ id: 'sig' })]) } });
      // The broken text is a version too: what was typed into it can still be looked at.
      const after = await again.invoke('ListConfigVersions', {});
      // The file now holds that version's very bytes, and the list says so.
      expect(after.ok && after.value.currentHash).toBe(before!.hash);
      const texts = await Promise.all((after.ok ? after.value.versions : []).map((v) => readFile(join(folderOf(h), v.versionId.split('/')[1]!), 'utf8')));
      expect(texts).toContain(broken);
    } finally {
      await again.stop();
    }
  });
});

describe('the index', () => {
  it('is rebuilt from the files when missing or damaged', async () => {
    const h = await startCore(BENCH);
    for (const v of [1, 2, 3]) await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: v });
    const index = join(folderOf(h), 'index.json');
    await rm(index);
    expect(await versions(h)).toHaveLength(3);
    expect(JSON.parse(await readFile(index, 'utf8')).versions).toBeDefined();
    await writeFile(index, '{ not json');
    const list = await versions(h);
    expect(list).toHaveLength(3);
    expect(list[0]?.source).toBe('unknown (index rebuilt)');
  });

  it('stays whole when two writers snapshot at once', async () => {
    const h = await startCore(BENCH);
    const folder = join(dirname(h.configPath), 'shared');
    await mkdir(folder);
    const config = join(folder, 'bench.toml');
    const a = new VersionStore(config, () => Date.now());
    const b = new VersionStore(config, () => Date.now());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).snapshot(Buffer.from(`# version ${i}\n`), { source: `writer ${i % 2}`, summary: `${i}` }, 100)),
    );
    const listed = await a.list();
    expect(listed).toHaveLength(20);
    expect(listed.map((v) => v.source).filter((s) => !s.startsWith('writer'))).toEqual([]);
  });
});

describe('comparing', () => {
  it('names processor chains that differ', async () => {
    const h = await startCore(BENCH);
    const { versionId } = await ok(h, 'CreateConfigSnapshot', {});
    await writeFile(h.configPath, (await readFile(h.configPath, 'utf8')).replace('f0 = 1.0', 'f0 = 2.0'));
    const { summary } = await ok(h, 'CompareConfigVersions', { versionA: versionId, versionB: 'current' });
    expect(summary.processorsChanged).toEqual(['sig']);
  });
});
