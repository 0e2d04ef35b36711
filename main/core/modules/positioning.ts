/**
 * Moving a module's rotator or stage, whatever instrument fills the role: which action moves
 * it, which channel reports where it is, and waiting until it is there. An ELL14 answers a move
 * only on arrival; an ESP300 moves silently, so arrival is its position reading coming within
 * tolerance of the target.
 */
import { AppError } from '../../../shared/errors.js';
import type { ActionArgs } from '../../../shared/model/instrument-actions.js';
import type { InstrumentInfo, ModuleHost } from './module-host.js';

/** How long a move may take, from the command to its arrival, before the run gives up. */
export const ARRIVAL_TIMEOUT_MS = 60_000;

/** One positioner of a role: an ELL14 mount, an ESP300 axis, a mock stage. */
export interface Positioner {
  readonly instrumentId: string;
  /** `<instrument>:<channel>` reporting its position. */
  readonly channel: string;
  /** What it is, in messages: `hwp_rotator mount 0`, `xyz_stage axis 1`. */
  readonly label: string;
  readonly moveArgs: (target: number) => ActionArgs;
}

function integers(value: unknown, fallback: readonly number[]): readonly number[] {
  return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : fallback;
}

/**
 * The positioner of `instrument` for a module: `selector` is the ELL14 bus address or the
 * ESP300 axis (default: the first one it has). Refused (VALIDATION) when the instrument has no
 * such address or axis, or cannot be moved at all.
 */
export function positionerOf(instrument: InstrumentInfo, selector: number | undefined, param: string): Positioner {
  const { id, config } = instrument;
  const refuse = (message: string): never => {
    throw new AppError('VALIDATION', `${param} ${selector}: ${message}`, { param });
  };
  switch (config.type) {
    case 'elliptec': {
      const addresses = integers(config['device_addresses'], [0]);
      const address = selector ?? addresses[0] ?? 0;
      if (!addresses.includes(address)) refuse(`${id} has no mount at that bus address (device_addresses: ${addresses.join(', ')})`);
      const digit = address.toString(16).toUpperCase();
      return { instrumentId: id, channel: `${id}:device${digit}_position`, label: `${id} mount ${digit}`, moveArgs: (angle) => ({ address, angle }) };
    }
    case 'esp300': {
      const axes = typeof config['num_axes'] === 'number' ? config['num_axes'] : 3;
      const axis = selector ?? 1;
      if (axis < 1 || axis > axes) refuse(`${id} has axes 1-${axes}`);
      return { instrumentId: id, channel: `${id}:axis${axis}_position`, label: `${id} axis ${axis}`, moveArgs: (position) => ({ axis, position }) };
    }
    case 'mock':
      if (instrument.channels.some((c) => c.name === 'position')) {
        return { instrumentId: id, channel: `${id}:position`, label: id, moveArgs: (position) => ({ position }) };
      }
      break;
  }
  throw new AppError('VALIDATION', `instrument "${id}" (${config.type}) cannot be moved by a module`, { id });
}

/**
 * Moves to `target` and waits until it is there; answers the position it arrived at. The wait
 * for a reading within tolerance starts before the move is sent, so a fast arrival is not
 * missed; a device that answers on arrival ends it at once.
 */
export async function moveAndArrive(
  host: ModuleHost,
  owner: string,
  positioner: Positioner,
  target: number,
  tolerance: number,
  signal: AbortSignal,
  timeoutMs = ARRIVAL_TIMEOUT_MS,
): Promise<number> {
  const local = new AbortController();
  const arrival = host.next(positioner.channel, {
    timeoutMs,
    signal: AbortSignal.any([signal, local.signal]),
    accept: (r) => Math.abs(r.value - target) <= tolerance,
    what: `a position within ${tolerance} of ${target}`,
  });
  arrival.catch(() => undefined);
  try {
    const outcome = await host.act(owner, positioner.instrumentId, 'move_to', positioner.moveArgs(target));
    if (outcome.completed) return outcome.position ?? target;
    return (await arrival).value;
  } catch (err) {
    if (err instanceof AppError && err.code === 'TIMEOUT') {
      throw new AppError('TIMEOUT', `${positioner.label} did not arrive at ${target}: ${err.message}`, { target });
    }
    throw err;
  } finally {
    local.abort();
  }
}
