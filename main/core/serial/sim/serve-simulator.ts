/**
 * A simulator served on a real pseudo-terminal pair: the host side at a link path, for drivers,
 * `daq simulate` and end-to-end tests. Unplugging kills socat (the host's port disappears);
 * plugging back in starts socat again on the same link path.
 */
import { openNodeSerialPort } from '../node-serial-port.js';
import type { SerialPortLike } from '../serial-port-like.js';
import type { DeviceSimulator } from './device-simulator.js';
import { createPtyPair, type PtyPair } from './pty-pair.js';

/** A simulator reachable at a pty link path. */
export interface ServedSimulator {
  /** The path a driver opens. */
  readonly link: string;
  readonly sim: DeviceSimulator;
  /** Kills socat: the host's port goes away as if unplugged. */
  unplug(): Promise<void>;
  /** Starts socat again on the same link and serves the simulator on it. */
  replug(): Promise<void>;
  /** Stops serving and removes the pty pair. */
  close(): Promise<void>;
  /** Settles when socat exits for any reason (someone killed it). */
  readonly exited: Promise<void>;
}

/** Serves `sim` at `link` (a path socat creates) until closed. */
export async function serveSimulator(sim: DeviceSimulator, link: string): Promise<ServedSimulator> {
  let pair: PtyPair | undefined;
  let port: SerialPortLike | undefined;

  const plugIn = async (): Promise<void> => {
    pair = await createPtyPair(link);
    // The device side is ours alone; no lock, so a crashed run never leaves it locked.
    port = await openNodeSerialPort({ path: pair.devicePath, baudRate: 9600, lock: false });
    const current = port;
    current.onData((chunk) => sim.receive(chunk));
    sim.attach({
      send: (bytes) => void current.write(bytes).catch(() => undefined),
      unplug: () => served.unplug(),
      replug: () => served.replug(),
    });
  };
  const unplug = async (): Promise<void> => {
    const [p, q] = [pair, port];
    pair = undefined;
    port = undefined;
    await q?.close();
    await p?.close();
  };

  const served: ServedSimulator = {
    link,
    sim,
    unplug,
    replug: async () => {
      if (!pair) await plugIn();
    },
    close: async () => {
      await unplug();
      sim.detach();
    },
    get exited(): Promise<void> {
      return pair?.exited ?? Promise.resolve();
    },
  };
  await plugIn();
  return served;
}
