import { describe, expect, it } from 'vitest';
import { actionsOf, checkAction, instrumentActions } from './instrument-actions.js';
import { instrumentTypes } from './instrument-types.js';

describe('instrument actions', () => {
  it('are listed per type, a mock taking those of its profile', () => {
    expect(Object.keys(actionsOf('esp300', {}))).toEqual(['move_to', 'home', 'stop']);
    expect(Object.keys(actionsOf('elliptec', {}))).toEqual(['move_to', 'home', 'stop']);
    expect(Object.keys(actionsOf('maitai', {}))).toEqual(['open_shutter', 'close_shutter']);
    expect(Object.keys(actionsOf('newport_1830c', {}))).toEqual(['zero']);
    expect(Object.keys(actionsOf('mock', { profile: 'stage' }))).toEqual(['move_to']);
    expect(actionsOf('mock', { profile: 'power_meter' })).toEqual({});
    expect(actionsOf('pvcam', {})).toEqual({});
    expect(actionsOf('constructor', {})).toEqual({});
    for (const type of Object.keys(instrumentActions)) expect(Object.hasOwn(instrumentTypes, type)).toBe(true);
  });

  it('only moves are moves: stop, shutter and zero never wait for a module to let go', () => {
    const moving = Object.entries(instrumentActions).flatMap(([type, actions]) => Object.entries(actions).filter(([, spec]) => spec.moves).map(([name]) => `${type}.${name}`));
    expect(moving).toEqual(['esp300.move_to', 'esp300.home', 'elliptec.move_to', 'elliptec.home']);
  });

  it('checks arguments by kind, range and presence, and refuses unknown ones', () => {
    expect(checkAction('esp300', {}, 'move_to', { axis: 2, position: -0 })).toMatchObject({ ok: true, args: { axis: 2, position: -0 } });
    expect(checkAction('esp300', {}, 'stop', {})).toMatchObject({ ok: true, args: {} });
    expect(checkAction('esp300', {}, 'move_to', { axis: 1.5, position: 1 })).toEqual({
      ok: false,
      message: 'move_to: args.axis: must be an integer',
      issues: [{ path: 'args.axis', message: 'must be an integer' }],
    });
    expect(checkAction('elliptec', {}, 'move_to', { address: 0, angle: 400 })).toMatchObject({ ok: false, issues: [{ path: 'args.angle', message: 'out of range (-360..360 deg)' }] });
    expect(checkAction('elliptec', {}, 'home', {})).toMatchObject({ ok: false, issues: [{ path: 'args.address', message: 'required parameter is missing' }] });
    expect(checkAction('maitai', {}, 'open_shutter', { now: true, fast: 1 })).toMatchObject({
      ok: false,
      issues: [
        { path: 'args.now', message: 'unknown argument' },
        { path: 'args.fast', message: 'unknown argument' },
      ],
    });
  });

  it('checks an axis or address against what the instrument is configured with', () => {
    expect(checkAction('esp300', { num_axes: 2 }, 'home', { axis: 3 })).toMatchObject({ ok: false, issues: [{ path: 'args.axis', message: 'this controller uses axes 1-2 (num_axes)' }] });
    expect(checkAction('esp300', { num_axes: 2 }, 'home', { axis: 2 }).ok).toBe(true);
    expect(checkAction('elliptec', { device_addresses: [0, 10] }, 'stop', { address: 10 }).ok).toBe(true);
    expect(checkAction('elliptec', {}, 'stop', { address: 1 })).toMatchObject({ ok: false, issues: [{ path: 'args.address', message: 'no mount at this address on the bus (device_addresses: 0)' }] });
  });

  it('names the actions there are when one is unknown', () => {
    expect(checkAction('newport_1830c', {}, 'toString', {})).toEqual({
      ok: false,
      message: 'newport_1830c has no action "toString" (actions: zero)',
      issues: [{ path: 'action', message: 'unknown action' }],
    });
    expect(checkAction('scpi_keithley', {}, 'zero', {})).toMatchObject({ ok: false, message: 'scpi_keithley has no action "zero" (it has no actions)' });
  });
});
