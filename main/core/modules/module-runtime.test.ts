import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/errors.js';
import type { ModuleConfig } from '../../../shared/model/config.js';
import { moduleViewSchema } from '../../../shared/model/runtime.js';
import { ModuleRuntime } from './module-runtime.js';
import { ModuleRuns } from './module-runs.js';
import { FakeHost } from './test-support/module-test-kit.js';

const hosts: FakeHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.cleanup();
});

/** A power monitor on `pm` with the run machinery of a fake host behind it. */
async function monitor(extra: Record<string, number> = {}): Promise<{ m: ModuleRuntime; host: FakeHost }> {
  const host = await FakeHost.create();
  hosts.push(host);
  host.addInstrument('pm', { type: 'mock', profile: 'power_meter' }, [{ name: 'power', unit: 'W' }]);
  const m = new ModuleRuntime('w', { type: 'power_meter', roles: { power_meter: 'pm' }, ...extra }, new ModuleRuns(host));
  return { m, host };
}

const running = (): boolean => true;

function thrown(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a throw');
}

describe('ModuleRuntime', () => {
  it('lists every declared role, null when unfilled, and its params apart from type and roles', () => {
    const config: ModuleConfig = { type: 'polarization_scan', roles: { rotator: 'rot' }, start_deg: 10 };
    const m = new ModuleRuntime('scan', config);
    const view = m.view();
    expect(view).toEqual({ id: 'scan', type: 'polarization_scan', state: 'idle', roles: { rotator: 'rot', detector: null, laser: null }, params: { start_deg: 10 }, stats: {} });
    expect(moduleViewSchema.safeParse(view).success).toBe(true);
    expect(m.unfilledRequiredRoles()).toEqual(['detector']);
  });

  it('refuses to start with a required role unfilled, or with an instrument not running', () => {
    const m = new ModuleRuntime('scan', { type: 'polarization_scan', roles: { rotator: 'rot' } });
    const unfilled = thrown(() => m.start(running));
    expect(unfilled.code).toBe('INVALID_STATE');
    expect(unfilled.details).toEqual({ unfilled: ['detector'] });
    m.config = { ...m.config, roles: { rotator: 'rot', detector: 'pm' } };
    const down = thrown(() => m.start((id) => id !== 'pm'));
    expect(down.code).toBe('INVALID_STATE');
    expect(down.message).toBe('module "scan" cannot start: instrument "pm" not running');
    expect(m.state).toBe('idle');
  });

  it('starts (an optional role may stay empty), refuses a second start, stops, refuses a second stop', () => {
    const m = new ModuleRuntime('scan', { type: 'polarization_scan', roles: { rotator: 'rot', detector: 'pm' } });
    m.start(running);
    expect(m.state).toBe('running');
    expect(thrown(() => m.start(running)).code).toBe('INVALID_STATE');
    m.stop();
    expect(m.state).toBe('stopped');
    const again = thrown(() => m.stop());
    expect(again.code).toBe('INVALID_STATE');
    expect(again.message).toBe('module "scan" is not running (stopped)');
  });

  it('refreshIdleState: degraded while a required role is empty, idle again once filled, untouched while running', () => {
    const m = new ModuleRuntime('w', { type: 'power_meter', roles: {} });
    m.refreshIdleState();
    expect([m.state, m.stateReason]).toEqual(['degraded', 'role "power_meter" unfilled']);
    m.config = { ...m.config, roles: { power_meter: 'pm' } };
    m.refreshIdleState();
    expect([m.state, m.stateReason]).toEqual(['idle', undefined]);
    m.start(running);
    m.config = { ...m.config, roles: {} };
    m.refreshIdleState();
    expect(m.state).toBe('running');
  });

  it('roleLost drops the role and shows degraded with the reason, also when it was running', () => {
    const m = new ModuleRuntime('w', { type: 'power_meter', roles: { power_meter: 'pm' } });
    m.start(running);
    m.roleLost('power_meter', 'pm');
    expect(m.state).toBe('degraded');
    expect(m.stateReason).toBe('role "power_meter" lost instrument "pm"');
    expect(m.config.roles).toEqual({});
    expect(m.view().roles).toEqual({ power_meter: null });
  });

  it('the power monitor counts readings of its power channel against its band while running', async () => {
    const { m } = await monitor({ low_threshold: 1e-4, high_threshold: 5e-3 });
    const reading = (channel: string, value: number) => ({ channel, value, unit: 'W', timestamp: 0 });
    expect(m.observe(reading('pm:power', 1e-3))).toBe(false);
    m.start(running);
    expect(m.observe(reading('pm:power', 5e-5))).toBe(true);
    expect(m.observe(reading('pm:power', 1e-3))).toBe(true);
    expect(m.observe(reading('pm:power', 1e-2))).toBe(true);
    expect(m.observe(reading('other:power', 1))).toBe(false);
    expect(m.observe(reading('pm:wavelength', 1))).toBe(false);
    expect(m.view().stats).toEqual({ samples: 3, below: 1, above: 1, last_w: 1e-2 });
    const first = m.run;
    m.stop();
    expect(m.view().stats).toEqual({ samples: 3, below: 1, above: 1, last_w: 1e-2 });
    m.start(running);
    expect(m.view().stats).toEqual({});
    m.stop();
    await first?.finished;
    await m.run?.finished;
  });

  it('without the run machinery (no core) a module only changes state and tells nothing about starting', () => {
    const m = new ModuleRuntime('w', { type: 'power_meter', roles: { power_meter: 'pm' } });
    m.start(running);
    expect(m.observe({ channel: 'pm:power', value: 1, unit: 'W', timestamp: 0 })).toBe(false);
    expect(m.view()).not.toHaveProperty('canStart');
    expect(m.run).toBeUndefined();
  });

  it('other module types and unknown types keep no stats and have no roles to fill', () => {
    const cam = new ModuleRuntime('c', { type: 'camera', roles: { camera: 'cam' } });
    cam.start(running);
    expect(cam.observe({ channel: 'cam:mean_intensity', value: 1, unit: 'counts', timestamp: 0 })).toBe(false);
    const odd = new ModuleRuntime('x', { type: 'unknown', roles: {} });
    expect(odd.roleSpecs).toEqual({});
    expect(odd.roles()).toEqual({});
  });

  it('followInstrument: a running monitor degrades while an instrument is in error and runs again once all are back, stats kept', () => {
    const m = new ModuleRuntime('scan', { type: 'power_meter', roles: { power_meter: 'pm' } });
    m.start(running);
    expect(m.followInstrument('pm', 'error', 'cable pulled')).toBe(true);
    expect([m.state, m.stateReason, m.active]).toEqual(['degraded', 'instrument pm: cable pulled', true]);
    expect(m.followInstrument('rot', 'error', 'stalled')).toBe(true);
    expect(m.followInstrument('pm', 'running')).toBe(true);
    expect([m.state, m.stateReason]).toEqual(['degraded', 'instrument rot: stalled']);
    expect(m.followInstrument('pm', 'starting')).toBe(false);
    expect(m.followInstrument('rot', 'running')).toBe(true);
    expect([m.state, m.stateReason]).toEqual(['running', undefined]);
    expect(m.followInstrument('rot', 'running')).toBe(false);
  });

  it('followInstrument: a scan cannot wait out a failed instrument: it goes to error with the reason', () => {
    const m = new ModuleRuntime('scan', { type: 'polarization_scan', roles: { rotator: 'rot', detector: 'pm' } });
    m.start(running);
    expect(m.followInstrument('pm', 'error', 'cable pulled')).toBe(true);
    expect([m.state, m.stateReason, m.active]).toEqual(['error', 'instrument pm: cable pulled', false]);
    expect(m.followInstrument('pm', 'running')).toBe(false);
    expect(m.state).toBe('error');
  });

  it('followInstrument leaves a module that is not running alone', () => {
    const m = new ModuleRuntime('w', { type: 'power_meter', roles: { power_meter: 'pm' } });
    expect(m.followInstrument('pm', 'error', 'gone')).toBe(false);
    expect(m.followInstrument('pm', 'running')).toBe(false);
    expect(m.state).toBe('idle');
  });

  it('a module waiting for a failed instrument can be stopped (and then does not resume); a role change forgets the wait', () => {
    const m = new ModuleRuntime('w', { type: 'power_meter', roles: { power_meter: 'pm' } });
    m.start(running);
    m.followInstrument('pm', 'error', 'gone');
    m.stop();
    expect([m.state, m.active]).toEqual(['stopped', false]);
    expect(m.followInstrument('pm', 'running')).toBe(false);
    m.start(running);
    m.followInstrument('pm', 'error', 'gone');
    m.config = { ...m.config, roles: { power_meter: 'pm2' } };
    m.refreshIdleState();
    expect([m.state, m.active]).toEqual(['stopped', false]);
    expect(m.followInstrument('pm', 'running')).toBe(false);
  });

  it('restore puts back the config, state and pending wait of a snapshot; a module put back running begins a new run', async () => {
    const { m } = await monitor({ high_threshold: 5e-3 });
    m.start(running);
    m.observe({ channel: 'pm:power', value: 1e-2, unit: 'W', timestamp: 0 });
    m.followInstrument('pm', 'error', 'gone');
    const saved = m.snapshot();
    const first = m.run;
    m.stop();
    m.config = { ...m.config, high_threshold: 1 };
    m.restore(saved);
    expect(m.view()).toMatchObject({ state: 'degraded', stateReason: 'instrument pm: gone', params: { high_threshold: 5e-3 }, stats: {} });
    expect(first?.summary()).toMatchObject({ state: 'stopped', done: 1 });
    expect(m.run).not.toBe(first);
    expect(m.run?.live).toBe(true);
    await first?.finished;
    expect(m.followInstrument('pm', 'running')).toBe(true);
    expect(m.state).toBe('running');
    m.stop();
    await m.run?.finished;
  });
});
