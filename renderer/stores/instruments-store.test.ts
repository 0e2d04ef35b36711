import { beforeEach, describe, expect, it } from 'vitest';
import { instrumentView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { selectInstrument, selectInstrumentIds, selectStatusSummary, useInstrumentsStore } from './instruments-store.js';

const store = () => useInstrumentsStore.getState();

beforeEach(() => resetStores());

describe('instruments store', () => {
  it('keeps the snapshot order and appends new instruments', () => {
    store().snapshotLoaded([instrumentView('b'), instrumentView('a')]);
    store().instrumentChanged(instrumentView('c'));
    expect(selectInstrumentIds(store())).toEqual(['b', 'a', 'c']);
  });

  it('replaces a changed instrument without changing the ids array or other rows', () => {
    store().snapshotLoaded([instrumentView('a'), instrumentView('b')]);
    const ids = selectInstrumentIds(store());
    const b = selectInstrument('b')(store());
    store().instrumentChanged(instrumentView('a', { status: 'error', statusReason: 'port busy' }));
    expect(selectInstrumentIds(store())).toBe(ids);
    expect(selectInstrument('b')(store())).toBe(b);
    expect(selectInstrument('a')(store())).toMatchObject({ status: 'error', statusReason: 'port busy' });
    expect(selectStatusSummary(store())).toBe('2 instruments · 1 running · 1 in error');
  });

  it('removes an instrument, and ignores removing an unknown one', () => {
    store().snapshotLoaded([instrumentView('a'), instrumentView('b')]);
    store().instrumentRemoved('a');
    const after = store();
    store().instrumentRemoved('zzz');
    expect(store()).toBe(after);
    expect(selectInstrumentIds(store())).toEqual(['b']);
    expect(selectInstrument('a')(store())).toBeUndefined();
  });
});
