import { describe, expect, it } from 'vitest';
import { instrumentView } from '../../test-support/fixtures.js';
import { summarizeParams } from './instrument-view.js';

describe('summarizeParams', () => {
  it('lists parameters with units and groups the fields of a table on one line', () => {
    const view = instrumentView('stage', {
      type: 'esp300',
      config: { type: 'esp300', name: 'Stage', port: 'sim://esp300', num_axes: 1, axis1: { units: 2, velocity: 5, acceleration: 10 } },
    });
    expect(summarizeParams(view)).toEqual([
      { path: 'port', label: 'Serial port', text: 'sim://esp300' },
      { path: 'num_axes', label: 'Axes', text: '1' },
      { path: 'axis1', label: 'axis1', text: 'units 2, velocity 5 units/s, acceleration 10 units/s²' },
    ]);
  });
});
