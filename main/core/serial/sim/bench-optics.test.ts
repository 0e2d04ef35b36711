/** Malus's law through a half-wave plate: full light at 0° and 90°, the polariser's leak at 45°. */
import { describe, expect, it } from 'vitest';
import { POLARISER_EXTINCTION, transmissionAt, transmissionThroughPlate } from './bench-optics.js';
import { ElliptecSim } from './elliptec-sim.js';
import { Esp300Sim } from './esp300-sim.js';

describe('bench optics', () => {
  it('follows cos²(2θ) above the extinction floor', () => {
    expect(transmissionAt(0)).toBeCloseTo(1, 12);
    expect(transmissionAt(45)).toBeCloseTo(POLARISER_EXTINCTION, 12);
    expect(transmissionAt(90)).toBeCloseTo(1, 12);
    expect(transmissionAt(22.5)).toBeCloseTo(POLARISER_EXTINCTION + (1 - POLARISER_EXTINCTION) / 2, 12);
  });

  it('reads the plate angle from mount 0 of the bus; full light without a plate', () => {
    const bus = new ElliptecSim({ addresses: [0] });
    expect(transmissionThroughPlate(bus)).toBeCloseTo(1, 12);
    bus.mounts.get(0)!.target = 143360 / 8; // 45°, arrived at once (no move under way)
    expect(transmissionThroughPlate(bus)).toBeCloseTo(POLARISER_EXTINCTION, 12);
    expect(transmissionThroughPlate(undefined)).toBe(1);
    expect(transmissionThroughPlate(new Esp300Sim())).toBe(1);
    expect(transmissionThroughPlate(new ElliptecSim({ addresses: [1] }))).toBe(1);
  });
});
