/**
 * What serial drivers share within one core: how ports are opened (real ones through
 * `serialport`, `sim://` ones in-process), who owns which port, and the reconnection backoff.
 * Each core gets its own, so two cores in one process (tests, the CLI) never share simulated
 * devices or port claims; real ports are exclusive across processes through the OS lock.
 */
import { defaultBackoff, type BackoffOptions } from '../../../shared/retry/backoff.js';
import { openNodeSerialPort } from './node-serial-port.js';
import { PortOwnership } from './port-ownership.js';
import type { PortOpener } from './serial-port-like.js';
import { SimulatedDevices } from './sim/sim-port.js';

/** The serial environment of one core. */
export interface SerialEnv {
  /** Opens any port path, `sim://` included. */
  readonly open: PortOpener;
  readonly ownership: PortOwnership;
  readonly backoff: BackoffOptions;
  readonly simulators: SimulatedDevices;
  /** Overrides every device's query timeout (tests use short ones to see timeouts quickly). */
  readonly replyTimeoutMs?: number;
}

/** Overrides for tests and benchmarks. */
export interface SerialEnvOptions {
  /** Opens real ports (default: `serialport`). */
  readonly openReal?: PortOpener;
  readonly backoff?: Partial<BackoffOptions>;
  readonly replyTimeoutMs?: number;
  readonly simulators?: SimulatedDevices;
}

/** A fresh environment: its own ownership table and simulated devices. */
export function createSerialEnv(options: SerialEnvOptions = {}): SerialEnv {
  const simulators = options.simulators ?? new SimulatedDevices();
  const openReal = options.openReal ?? ((o) => openNodeSerialPort(o));
  return {
    open: (o) => (o.path.startsWith('sim://') ? simulators.open(o) : openReal(o)),
    ownership: new PortOwnership(),
    backoff: { ...defaultBackoff, ...options.backoff },
    simulators,
    ...(options.replyTimeoutMs !== undefined ? { replyTimeoutMs: options.replyTimeoutMs } : {}),
  };
}
