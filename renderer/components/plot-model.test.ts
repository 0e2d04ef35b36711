import { describe, expect, it } from 'vitest';
import { axisTitle, formatTick, formatTicks, plotColor, plotColumns, plotOptions, plotSummary, type PlotData } from './plot-model.js';

const data: PlotData = {
  x: { label: 'Time', unit: '', time: true, values: [1, 2, 3] },
  series: [
    { label: 'Power', unit: 'W', values: [1, 2, 3], color: plotColor(0) },
    { label: 'Low threshold', unit: 'W', values: [1, 1, 1], color: '#999', reference: true },
    { label: 'Wavelength', unit: 'nm', values: [800, null, 801], color: plotColor(1) },
  ],
};

describe('plot model', () => {
  it('titles an axis with its unit', () => {
    expect(axisTitle({ label: 'Power', unit: 'W' })).toBe('Power (W)');
    expect(axisTitle({ label: 'Time', unit: '' })).toBe('Time');
  });

  it('gives series of one unit one scale and a second unit its own axis', () => {
    const options = plotOptions(data, 400, 200);
    expect(options.scales?.['x']?.time).toBe(true);
    expect(options.series.slice(1).map((s) => s.scale)).toEqual(['y0', 'y0', 'y1']);
    expect(options.axes?.map((a) => a.label)).toEqual(['Time', 'Power (W)', 'Wavelength (nm)']);
    expect(options.series[2]).toMatchObject({ dash: [6, 4], points: { show: false } });
  });

  it('writes small and large ticks with exponents, others with four digits at most', () => {
    expect([0, 1.05e-3, 1e-3, 0.25, 12.3456, 2e6].map((v) => formatTick(v))).toEqual(['0', '1.05e-3', '1e-3', '0.25', '12.35', '2e+6']);
    // Close ticks get the digits that tell them apart.
    expect(formatTicks([1.01e-3, 1.015e-3, 1.02e-3])).toEqual(['1.01e-3', '1.015e-3', '1.02e-3']);
  });

  it('hands uPlot x first, then each series, with gaps kept', () => {
    expect(plotColumns(data)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 1, 1],
      [800, null, 801],
    ]);
  });

  it('says what it holds in words, thresholds left out', () => {
    expect(plotSummary(data)).toBe('Power, Wavelength against time: 3 points');
    expect(plotColor(6)).toBe(plotColor(0));
  });
});
