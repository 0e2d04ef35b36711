/**
 * The light path of the simulated bench, so a polarisation scan on it draws a real curve: the
 * reference meter (`sim://newport_1830c/reference`) sits behind the half-wave plate on ELL14
 * mount 0 of `sim://elliptec` and a fixed polariser. A half-wave plate at θ turns the
 * polarisation by 2θ, so the meter sees Malus's law, T = ε + (1 − ε)·cos²(2θ), with ε the
 * polariser's extinction ratio. Other meters see the laser directly.
 */
import type { DeviceSimulator } from './device-simulator.js';
import { ElliptecSim } from './elliptec-sim.js';

/** Light a crossed polariser still lets through (1:1000, a typical film polariser). */
export const POLARISER_EXTINCTION = 1e-3;

/** The meter behind the plate, and the bus and mount that carry the plate. */
export const METER_BEHIND_PLATE = 'sim://newport_1830c/reference';
export const PLATE_BUS = 'sim://elliptec';
export const PLATE_MOUNT = 0;

/** Transmission through the plate at `angleDeg` and the polariser. */
export function transmissionAt(angleDeg: number): number {
  const c = Math.cos((2 * angleDeg * Math.PI) / 180);
  return POLARISER_EXTINCTION + (1 - POLARISER_EXTINCTION) * c * c;
}

/** Transmission now, from where the plate's mount is (full light while there is no plate bus). */
export function transmissionThroughPlate(bus: DeviceSimulator | undefined): number {
  if (!(bus instanceof ElliptecSim)) return 1;
  const mount = bus.mounts.get(PLATE_MOUNT);
  if (!mount) return 1;
  return transmissionAt((bus.pulses(PLATE_MOUNT) / mount.pulsesPerRev) * 360);
}
