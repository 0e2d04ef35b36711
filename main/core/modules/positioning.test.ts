import { afterEach, describe, expect, it, vi } from 'vitest';
import { moveAndArrive, positionerOf } from './positioning.js';
import { FakeHost } from './test-support/module-test-kit.js';

const hosts: FakeHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.cleanup();
});

const info = (id: string, config: Record<string, unknown>, channels = [{ name: 'position', unit: 'mm' }]) => ({ id, config: config as never, status: 'running' as const, channels });

describe('positioning', () => {
  it('finds the action, arguments and position channel of each positioner', () => {
    const ell = positionerOf(info('rot', { type: 'elliptec', device_addresses: [3, 11] }), undefined, 'rotator_axis');
    expect([ell.channel, ell.label, ell.moveArgs(45)]).toEqual(['rot:device3_position', 'rot mount 3', { address: 3, angle: 45 }]);
    expect(positionerOf(info('rot', { type: 'elliptec', device_addresses: [3, 11] }), 11, 'rotator_axis').channel).toBe('rot:deviceB_position');
    const esp = positionerOf(info('xyz', { type: 'esp300', num_axes: 2 }), 2, 'stage_axis');
    expect([esp.channel, esp.moveArgs(1.5)]).toEqual(['xyz:axis2_position', { axis: 2, position: 1.5 }]);
    expect(positionerOf(info('m', { type: 'mock', profile: 'stage' }), undefined, 'stage_axis').moveArgs(2)).toEqual({ position: 2 });
  });

  it('refuses an address or axis the instrument lacks, and an instrument that cannot move', () => {
    expect(() => positionerOf(info('rot', { type: 'elliptec' }), 4, 'rotator_axis')).toThrow('rotator_axis 4: rot has no mount at that bus address (device_addresses: 0)');
    expect(() => positionerOf(info('xyz', { type: 'esp300', num_axes: 2 }), 3, 'stage_axis')).toThrow('stage_axis 3: xyz has axes 1-2');
    expect(() => positionerOf(info('pm', { type: 'newport_1830c' }, [{ name: 'power', unit: 'W' }]), undefined, 'stage_axis')).toThrow('instrument "pm" (newport_1830c) cannot be moved by a module');
  });

  it('a silent move arrives when a position reading comes within tolerance; one that never does is a timeout naming the target', async () => {
    const host = await FakeHost.create();
    hosts.push(host);
    host.onAction = async () => ({ completed: false });
    const stage = positionerOf(info('xyz', { type: 'esp300' }), 1, 'stage_axis');
    const signal = new AbortController().signal;
    const arriving = moveAndArrive(host, 'imaging', stage, 2, 0.01, signal, 2000);
    for (const p of [0.5, 1.5, 1.995]) {
      await vi.waitFor(() => expect(host.feed.waiting('xyz:axis1_position')).toBe(true));
      host.emit('xyz:axis1_position', p, 'mm');
    }
    expect(await arriving).toBe(1.995);
    await expect(moveAndArrive(host, 'imaging', stage, 3, 0.01, signal, 30)).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'xyz axis 1 did not arrive at 3: waiting for a position within 0.01 of 3 from xyz:axis1_position did not finish within 30 ms; the last one was 1.995 mm',
    });
  });
});
