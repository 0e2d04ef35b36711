/**
 * The place a chaos run works in, set up once for the run and taken down at its end, also when
 * it fails: a run folder in the temp folder holding the small disk (bench-disk.ts) with the bench
 * folder and its config on it, and the links of the serial simulators beside it (outside the
 * bench folder, which a fault renames, and off the disk, which a fault fills), so every life of
 * the app opens the same ports. A bench that failed is copied off the disk before it is
 * unmounted, so it can still be looked at.
 */
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchDisk } from './bench-disk.js';
import { chaosBench, type SerialInstrument } from './config-facts.js';
import { startDevices, type SerialDeviceSpec, type SimulatedDevice } from './serial-sims.js';

/** The bench's serial devices: a power meter and a one-mount rotator bus. */
const SERIAL_DEVICES: readonly SerialDeviceSpec[] = [
  { id: 'pm', type: 'newport_1830c' },
  { id: 'rot', type: 'elliptec', args: ['--addresses', '0'] },
];

export interface ChaosBench {
  readonly configPath: string;
  /** The bench folder (the config's folder). */
  readonly folder: string;
  /** The config text the run starts from. */
  readonly text: string;
  readonly disk: BenchDisk;
  readonly devices: readonly SimulatedDevice[];
  /** Why the bench has no serial devices, when it has none. */
  readonly serialUnavailable?: string;
  /** Where the bench can be looked at after a failed run. */
  readonly keptAt: string;
  /** Stops the simulators and unmounts the disk; keeps a copy of the bench when asked. */
  close(keep: boolean): Promise<void>;
}

export async function openChaosBench(root: string, options: { serial: boolean }): Promise<ChaosBench> {
  const runFolder = await mkdtemp(join(tmpdir(), 'daq-chaos-'));
  const disk = BenchDisk.open(join(runFolder, 'disk'));
  let devices: SimulatedDevice[] = [];
  let serialUnavailable: string | undefined = options.serial ? undefined : 'serial devices were not asked for';
  try {
    if (options.serial) {
      const ports = join(runFolder, 'ports');
      await mkdir(ports);
      try {
        devices = await startDevices(root, ports, SERIAL_DEVICES);
      } catch (err) {
        // socat missing, or no pseudo-terminals here: the run goes on without, and says so.
        serialUnavailable = `the simulators did not start: ${(err as Error).message.split('\n')[0]}`;
      }
    }
    const folder = join(disk.root, 'bench');
    await mkdir(folder);
    const configPath = join(folder, 'bench.toml');
    const serial: SerialInstrument[] = devices.map((d) => ({ id: d.spec.id, type: d.spec.type, port: d.link }));
    const text = chaosBench(serial);
    await writeFile(configPath, text);
    const keptAt = disk.mounted ? join(runFolder, 'bench') : folder;
    // A run stopped by a signal (Ctrl-C on the large run) leaves no mount and no simulator
    // behind; the signal is raised again once they are gone.
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const device of devices) device.terminate();
      disk.unmount();
      rmSync(runFolder, { recursive: true, force: true });
      process.kill(process.pid, signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return {
      configPath,
      folder,
      text,
      disk,
      devices,
      ...(serialUnavailable ? { serialUnavailable } : {}),
      keptAt,
      close: async (keep) => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        try {
          await Promise.all(devices.map((d) => d.stop()));
          if (keep && disk.mounted) await cp(folder, keptAt, { recursive: true }).catch(() => undefined);
        } finally {
          disk.unmount();
          if (!keep) await rm(runFolder, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await Promise.all(devices.map((d) => d.stop()));
    disk.unmount();
    await rm(runFolder, { recursive: true, force: true });
    throw err;
  }
}
