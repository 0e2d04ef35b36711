import { describe, expect, it } from 'vitest';
import type { RunPoint } from '../../../shared/model/runs.js';
import { resultsView } from './results-plot.js';

const point = (index: number, values: Record<string, number>): RunPoint => ({ index, time: 1_000_000 + index * 500, values });

describe('results by module type', () => {
  it('plots a scan as power against the angle the rotator reached', () => {
    const view = resultsView('polarization_scan', [point(0, { angle_set: 0, angle: 0.02, power: 1e-3 }), point(1, { angle_set: 5, angle: 4.98, power: 2e-3 })], [{ name: 'angle', unit: 'deg' }, { name: 'power', unit: 'W' }], {});
    expect(view.kind).toBe('plot');
    if (view.kind !== 'plot') return;
    expect(view.data.x).toMatchObject({ label: 'Angle', unit: 'deg', values: [0.02, 4.98] });
    expect(view.data.series).toMatchObject([{ label: 'Power', unit: 'W', values: [1e-3, 2e-3] }]);
  });

  it('assumes degrees and watts before the columns are known', () => {
    const view = resultsView('polarization_scan', [point(0, { angle_set: 10, power: 1 })], null, {});
    if (view.kind !== 'plot') throw new Error('expected a plot');
    expect(view.data.x.values).toEqual([10]);
    expect(view.data.series[0]?.unit).toBe('W');
  });

  it('plots a monitor against time in seconds with its thresholds as reference lines', () => {
    const view = resultsView('power_meter', [point(0, { power: 1e-3 }), point(1, { power: 2e-3 })], null, { low_threshold: 1e-4, high_threshold: 5e-3 });
    if (view.kind !== 'plot') throw new Error('expected a plot');
    expect(view.data.x).toMatchObject({ time: true, values: [1000, 1000.5] });
    expect(view.data.series.map((s) => [s.label, s.reference === true, s.values])).toEqual([
      ['Power', false, [1e-3, 2e-3]],
      ['Low threshold', true, [1e-4, 1e-4]],
      ['High threshold', true, [5e-3, 5e-3]],
    ]);
  });

  it('shows the last frame of imaging as figures with units', () => {
    const view = resultsView('camera', [point(0, { mean: 1 }), point(1, { mean: 2, stage: 0.1 })], [{ name: 'stage', unit: 'mm' }], {});
    expect(view).toEqual({ kind: 'figures', figures: [{ name: 'mean', value: 2, unit: '' }, { name: 'stage', value: 0.1, unit: 'mm' }] });
    expect(resultsView('camera', [], null, {})).toEqual({ kind: 'none' });
  });
});
