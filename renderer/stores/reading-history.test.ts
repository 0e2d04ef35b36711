import { describe, expect, it } from 'vitest';
import { trendPlotData } from '../features/instruments/trend-plot.js';
import { reading } from '../test-support/fixtures.js';
import { createReadingHistory } from './reading-history.js';
import { useTrendStore } from './trend-store.js';

describe('reading history', () => {
  it('keeps timed points per channel, skipping out-of-order ones', () => {
    const history = createReadingHistory();
    history.add([reading('a:power', 1, 1000), reading('a:power', 2, 2000), reading('a:power', 9, 1500), reading('b:power', 5, 1000)]);
    expect(history.since('a:power', 0)).toEqual({ times: [1000, 2000], values: [1, 2] });
    expect(history.since('a:power', 1500)).toEqual({ times: [2000], values: [2] });
    expect(history.newest('a:power')).toBe(2000);
    history.forget('a');
    expect(history.since('a:power', 0)).toEqual({ times: [], values: [] });
    expect(history.since('b:power', 0).values).toEqual([5]);
  });

  it('drops points older than its span and beyond its size', () => {
    const bySpan = createReadingHistory(1000, 10_000);
    for (let t = 0; t <= 5000; t += 10) bySpan.add([reading('a:x', t, t)]);
    expect(bySpan.since('a:x', 0).times[0]).toBeGreaterThanOrEqual(3000);
    const bySize = createReadingHistory(1e9, 50);
    for (let t = 0; t < 200; t += 1) bySize.add([reading('a:x', t, t)]);
    expect(bySize.since('a:x', 0).times).toHaveLength(50);
  });
});

describe('trend plot data', () => {
  it('puts the shown channels on one time axis in seconds, with gaps where one was not read', () => {
    const series: Record<string, { times: number[]; values: number[] }> = {
      'laser:wavelength': { times: [1000, 2000], values: [800, 801] },
      'laser:power': { times: [1500], values: [3] },
      'laser:shutter': { times: [1000], values: [1] },
    };
    const channels = [
      { name: 'wavelength', unit: 'nm' },
      { name: 'power', unit: 'W' },
      { name: 'shutter', unit: 'state' },
    ];
    const data = trendPlotData({ id: 'laser', channels }, ['shutter'], (key) => series[key] ?? { times: [], values: [] });
    expect(data.x).toMatchObject({ time: true, values: [1, 1.5, 2] });
    expect(data.series.map((s) => [s.label, s.unit, s.values])).toEqual([
      ['wavelength', 'nm', [800, null, 801]],
      ['power', 'W', [null, 3, null]],
    ]);
  });
});

describe('trend store', () => {
  it('moves its revision only for the instrument shown', () => {
    const store = useTrendStore.getState();
    store.trendOpened('laser');
    store.readingsArrived(['meter']);
    expect(useTrendStore.getState().revision).toBe(0);
    store.readingsArrived(['meter', 'laser']);
    expect(useTrendStore.getState().revision).toBe(1);
    store.channelToggled('power');
    store.channelToggled('shutter');
    store.channelToggled('power');
    expect(useTrendStore.getState().hidden).toEqual(['shutter']);
    store.trendClosed();
    expect(useTrendStore.getState().instrumentId).toBeNull();
  });
});
