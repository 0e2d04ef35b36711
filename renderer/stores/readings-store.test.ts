import { beforeEach, describe, expect, it } from 'vitest';
import { reading } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { appendToRing, readingKey, selectLatest, selectTrend, TREND_CAPACITY, useReadingsStore } from './readings-store.js';

const store = () => useReadingsStore.getState();

beforeEach(() => resetStores());

describe('appendToRing', () => {
  it('appends and drops the oldest beyond capacity, without touching the input', () => {
    const ring = [1, 2, 3];
    expect(appendToRing(ring, 4, 3)).toEqual([2, 3, 4]);
    expect(ring).toEqual([1, 2, 3]);
    expect(appendToRing(undefined, 7, 3)).toEqual([7]);
  });
});

describe('readings store', () => {
  it('keys readings by <instrument>:<channel>', () => {
    expect(readingKey('pm_sample', 'power')).toBe('pm_sample:power');
  });

  it('keeps the latest value per channel and a trend of at most TREND_CAPACITY points', () => {
    for (let i = 0; i < TREND_CAPACITY + 15; i += 1) store().readingsReceived([reading('a:v', i, 1000 + i)]);
    expect(selectLatest('a:v')(store())?.value).toBe(TREND_CAPACITY + 14);
    const trend = selectTrend('a:v')(store());
    expect(trend).toHaveLength(TREND_CAPACITY);
    expect(trend?.[0]).toBe(15);
    expect(trend?.at(-1)).toBe(TREND_CAPACITY + 14);
  });

  it('keeps two instruments with the same channel name apart', () => {
    store().readingsReceived([reading('a:power', 1), reading('b:power', 2)]);
    expect(selectLatest('a:power')(store())?.value).toBe(1);
    expect(selectLatest('b:power')(store())?.value).toBe(2);
  });

  it('leaves the trend array of an untouched channel as the same reference', () => {
    store().readingsReceived([reading('a:v', 1), reading('b:v', 1)]);
    const before = selectTrend('b:v')(store());
    store().readingsReceived([reading('a:v', 2, 2000)]);
    expect(selectTrend('b:v')(store())).toBe(before);
    expect(selectTrend('a:v')(store())).toEqual([1, 2]);
  });

  it('ignores a reading older than the one it has', () => {
    store().readingsReceived([reading('a:v', 5, 2000)]);
    store().readingsReceived([reading('a:v', 4, 1000)]);
    expect(selectLatest('a:v')(store())?.value).toBe(5);
    expect(selectTrend('a:v')(store())).toEqual([5]);
  });

  it('forgets the channels of a removed instrument, and of instruments missing from a snapshot', () => {
    store().readingsReceived([reading('a:v', 1), reading('ab:v', 2), reading('c:v', 3)]);
    store().instrumentRemoved('a');
    expect(Object.keys(store().latest).sort()).toEqual(['ab:v', 'c:v']);
    store().snapshotLoaded(['c']);
    expect(Object.keys(store().latest)).toEqual(['c:v']);
    expect(Object.keys(store().trends)).toEqual(['c:v']);
  });
});
