/**
 * In-process `sim://<type>[/<name>]` ports: a {@link SerialPortLike} wired straight to a
 * simulator, so the shipped config runs a realistic bench with no hardware and no external
 * processes. Each path is one simulated device that keeps its state across reconnects, can be
 * opened by one owner at a time, and can be unplugged and plugged back in like a USB cable.
 */
import { AppError } from '../../../../shared/errors.js';
import { parseSimulatedPort } from '../../../../shared/model/instrument-types.js';
import { PortEvents } from '../port-events.js';
import type { PortClosed, SerialOpenOptions, SerialPortLike } from '../serial-port-like.js';
import { METER_BEHIND_PLATE, PLATE_BUS, transmissionThroughPlate } from './bench-optics.js';
import type { DeviceSimulator } from './device-simulator.js';
import { createSimulator, isSimulatorType, simulatorTypes } from './simulators.js';

class SimulatedPort extends PortEvents implements SerialPortLike {
  readonly warnings: readonly string[] = [];
  private open = true;

  constructor(
    readonly path: string,
    private readonly sim: DeviceSimulator,
    private readonly onClosed: () => void,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Delivers the simulator's reply bytes on a later turn, as a port would. */
  deliver(bytes: Buffer): void {
    setImmediate(() => {
      if (this.open) this.received(bytes);
    });
  }

  write(data: Buffer): Promise<void> {
    if (!this.open) return Promise.reject(new AppError('UNAVAILABLE', `serial port ${this.path} is not open`, { port: this.path, reason: 'write-failed' }));
    const copy = Buffer.from(data);
    setImmediate(() => {
      if (this.open) this.sim.receive(copy);
    });
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.shut({ disconnected: false });
  }

  /** Closes from the device side: the cable was pulled. */
  unplugged(): void {
    this.shut({ disconnected: true, reason: 'simulated device unplugged' });
  }

  private shut(closed: PortClosed): void {
    if (!this.open) return;
    this.open = false;
    this.onClosed();
    this.closedWith(closed);
  }
}

interface Device {
  readonly sim: DeviceSimulator;
  plugged: boolean;
  port: SimulatedPort | undefined;
}

/** The simulated devices of one core, by `sim://` path. */
export class SimulatedDevices {
  private readonly devices = new Map<string, Device>();

  /** Opens `sim://<type>[/<name>]`, creating its device on first use. */
  async open(options: SerialOpenOptions): Promise<SerialPortLike> {
    const device = this.device(options.path);
    if (!device.plugged) throw new AppError('UNAVAILABLE', `serial port ${options.path} does not exist (simulated device unplugged)`, { port: options.path, reason: 'missing' });
    if (device.port?.isOpen) throw new AppError('UNAVAILABLE', `serial port ${options.path} is in use by another program`, { port: options.path, reason: 'busy' });
    const port = new SimulatedPort(options.path, device.sim, () => {
      if (device.port === port) device.port = undefined;
    });
    device.port = port;
    return port;
  }

  /** The simulator behind a path (created on first use), for tests that inject faults. */
  simulator(path: string): DeviceSimulator {
    return this.device(path).sim;
  }

  /** Pulls the plug: an open port closes as disconnected; opening fails until {@link replug}. */
  unplug(path: string): void {
    const device = this.device(path);
    device.plugged = false;
    device.port?.unplugged();
  }

  replug(path: string): void {
    this.device(path).plugged = true;
  }

  private device(path: string): Device {
    const existing = this.devices.get(path);
    if (existing) return existing;
    const parsed = parseSimulatedPort(path);
    if (!parsed || !isSimulatorType(parsed.type)) {
      throw new AppError('UNAVAILABLE', `no simulator for ${path} (known: ${simulatorTypes.map((t) => `sim://${t}`).join(', ')})`, { port: path });
    }
    // The one meter behind the half-wave plate sees the plate turn (bench-optics.ts).
    const options = path === METER_BEHIND_PLATE ? { transmission: () => transmissionThroughPlate(this.devices.get(PLATE_BUS)?.sim) } : {};
    const device: Device = { sim: createSimulator(parsed.type, options), plugged: true, port: undefined };
    // The device outlives its ports: replies go to whichever port is open now.
    device.sim.attach({
      send: (bytes) => device.port?.deliver(bytes),
      unplug: () => this.unplug(path),
      replug: () => this.replug(path),
    });
    this.devices.set(path, device);
    return device;
  }
}
