/**
 * Dependency commands against a real core on a temp config: queries, unassignment, cascade
 * removal with its exact-confirmation rule, and the refusals.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../../shared/ipc/contract.js';
import { createCore, type Core } from '../index.js';

let dir: string;
let core: Core;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-deps-'));
  await copyFile(join(import.meta.dirname, 'fixtures/mock-bench.toml'), join(dir, 'config.toml'));
  core = createCore({ configPath: join(dir, 'config.toml') });
  await core.start();
});

afterEach(async () => {
  await core.stop();
  await rm(dir, { recursive: true, force: true });
});

async function settingsModules(): Promise<Record<string, { roles: Record<string, string> }>> {
  const r = await core.invoke('GetSettings', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.value.settings as { modules: Record<string, { roles: Record<string, string> }> }).modules;
}

describe('GetInstrumentDependencies', () => {
  it('lists the modules and roles using an instrument, with their state', async () => {
    await core.invoke('StartModule', { id: 'power_watch' });
    const r = await core.invoke('GetInstrumentDependencies', { id: 'pm_sample' });
    expect(r).toEqual({
      ok: true,
      value: { id: 'pm_sample', dependents: [{ moduleId: 'power_watch', role: 'power_meter', moduleState: 'running', running: true }] },
    });
    expect(commands.GetInstrumentDependencies.response.safeParse(r.ok && r.value).success).toBe(true);
  });

  it('answers an empty list for an unused instrument and NOT_FOUND for an unknown one', async () => {
    expect(await core.invoke('GetInstrumentDependencies', { id: 'signal_gen' })).toEqual({ ok: true, value: { id: 'signal_gen', dependents: [] } });
    expect(await core.invoke('GetInstrumentDependencies', { id: 'ghost' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('UnassignInstrumentFromModule', () => {
  it('clears the role in the graph, the module view and the settings', async () => {
    const r = await core.invoke('UnassignInstrumentFromModule', { moduleId: 'power_watch', role: 'power_meter' });
    expect(r).toMatchObject({ ok: true, value: { module: { state: 'degraded', roles: { power_meter: null } } } });
    expect(await core.invoke('GetInstrumentDependencies', { id: 'pm_sample' })).toMatchObject({ ok: true, value: { dependents: [] } });
    expect((await settingsModules())['power_watch']?.roles).toEqual({});
    // The instrument is free now: a plain remove succeeds.
    expect(await core.invoke('RemoveInstrumentDynamic', { id: 'pm_sample' })).toMatchObject({ ok: true });
  });

  it('refuses an unknown role, an empty role, an unknown module and a running module', async () => {
    expect(await core.invoke('UnassignInstrumentFromModule', { moduleId: 'power_watch', role: 'laser' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await core.invoke('UnassignInstrumentFromModule', { moduleId: 'imaging', role: 'stage' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.invoke('UnassignInstrumentFromModule', { moduleId: 'ghost', role: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await core.invoke('StartModule', { id: 'power_watch' });
    expect(await core.invoke('UnassignInstrumentFromModule', { moduleId: 'power_watch', role: 'power_meter' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
  });
});

describe('RemoveInstrumentCascade', () => {
  it('removes the instrument and exactly the confirmed dependent modules', async () => {
    await core.invoke('StartModule', { id: 'pol_scan' });
    const r = await core.invoke('RemoveInstrumentCascade', { id: 'pm_reference', confirmModules: ['pol_scan'], persist: false });
    expect(r).toEqual({ ok: true, value: { id: 'pm_reference', removedModules: ['pol_scan'], persisted: false } });
    const modules = await core.invoke('ListModules', {});
    expect(modules.ok && modules.value.modules.map((m) => m.id)).toEqual(['power_watch', 'imaging']);
    expect(Object.keys(await settingsModules())).toEqual(['power_watch', 'imaging']);
    // The other instruments pol_scan used are free of it.
    const laser = await core.invoke('GetInstrumentDependencies', { id: 'ti_sapph' });
    expect(laser).toMatchObject({ ok: true, value: { dependents: [] } });
    const list = await core.invoke('ListInstruments', {});
    expect(list.ok && list.value.instruments.find((i) => i.id === 'hwp_rotator')?.usedBy).toEqual([]);
  });

  it('refuses a stale or partial confirmation with CONFLICT and changes nothing', async () => {
    for (const confirm of [[], ['power_watch'], ['pol_scan', 'imaging']]) {
      const r = await core.invoke('RemoveInstrumentCascade', { id: 'pm_reference', confirmModules: confirm });
      expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { dependentModules: ['pol_scan'] } } });
    }
    expect(Object.keys(await settingsModules())).toContain('pol_scan');
    expect(await core.invoke('GetInstrumentDependencies', { id: 'pm_reference' })).toMatchObject({ ok: true, value: { dependents: [{ moduleId: 'pol_scan' }] } });
  });

  it('removes an unused instrument with an empty confirmation', async () => {
    expect(await core.invoke('RemoveInstrumentCascade', { id: 'signal_gen', confirmModules: [] })).toMatchObject({ ok: true, value: { removedModules: [] } });
  });
});

describe('role names', () => {
  it('a role named like an Object property is unknown, not inherited', async () => {
    for (const role of ['constructor', 'toString', '__proto__']) {
      expect(await core.invoke('UnassignInstrumentFromModule', { moduleId: 'power_watch', role })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await core.invoke('AssignInstrumentToModule', { moduleId: 'power_watch', role, instrumentId: 'pm_sample' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.persistence.pending).toBe(0);
  });
});

describe('Reassign and remove (RemoveInstrumentDynamic with reassign)', () => {
  async function moduleView(id: string) {
    const r = await core.invoke('ListModules', {});
    return r.ok ? r.value.modules.find((m) => m.id === id) : undefined;
  }

  it('moves the roles, removes the instrument and starts a running module again, in one change', async () => {
    await core.invoke('StartModule', { id: 'pol_scan' });
    const r = await core.invoke('RemoveInstrumentDynamic', { id: 'pm_reference', reassign: [{ moduleId: 'pol_scan', role: 'detector', instrumentId: 'pm_sample' }] });
    expect(r).toMatchObject({ ok: true, value: { id: 'pm_reference', unassigned: [], persisted: true } });
    expect(await moduleView('pol_scan')).toMatchObject({ state: 'running', roles: { detector: 'pm_sample' } });
    expect((await settingsModules())['pol_scan']?.roles['detector']).toBe('pm_sample');
    const list = await core.invoke('ListInstruments', {});
    expect(list.ok && list.value.instruments.map((i) => i.id)).not.toContain('pm_reference');
  });

  it('changes nothing when a role is left out or the new instrument cannot fill it', async () => {
    await core.invoke('StartModule', { id: 'pol_scan' });
    const before = await settingsModules();
    expect(await core.invoke('RemoveInstrumentDynamic', { id: 'pm_reference', reassign: [{ moduleId: 'power_watch', role: 'power_meter', instrumentId: 'pm_sample' }] })).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
    expect(await core.invoke('RemoveInstrumentDynamic', { id: 'pm_reference', reassign: [{ moduleId: 'pol_scan', role: 'detector', instrumentId: 'hwp_rotator' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await settingsModules()).toEqual(before);
    expect(await moduleView('pol_scan')).toMatchObject({ state: 'running', roles: { detector: 'pm_reference' } });
  });
});
