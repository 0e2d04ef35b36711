import { beforeEach, describe, expect, it } from 'vitest';
import { resetStores } from '../../test-support/reset-stores.js';
import { useInstrumentEditStore } from '../../stores/instrument-edit-store.js';
import { editPanelView } from './edit-panel-view.js';

const edit = () => useInstrumentEditStore.getState();
const stage = { type: 'esp300', port: 'sim://esp300', axis1: { units: 2, velocity: 5 }, axis3: { units: 7 } };

beforeEach(() => {
  resetStores();
  edit().editStarted('xyz', 'esp300', stage);
});

describe('editPanelView', () => {
  it('is null while the panel is closed', () => {
    edit().editClosed();
    expect(editPanelView(edit(), false, false)).toBeNull();
  });

  it('groups the top-level parameters, then each axis, with words for unit codes and rates in the axis unit', () => {
    const view = editPanelView(edit(), false, false);
    expect(view?.groups.map((g) => g.legend)).toEqual([undefined, 'axis1', 'axis2', 'axis3']);
    const axis1 = view?.groups[1]?.fields ?? [];
    expect(axis1.map((f) => [f.field.path, f.unit])).toEqual([
      ['axis1.units', undefined],
      ['axis1.velocity', 'mm/s'],
      ['axis1.acceleration', 'mm/s²'],
    ]);
    expect(axis1[0]?.options?.[2]).toEqual({ value: '2', label: 'millimetre' });
    expect(view?.groups[3]?.fields[1]?.unit).toBe('deg/s');
    expect(view).toMatchObject({ changedCount: 0, canSave: false, canRevert: false, note: 'No unsaved changes.' });
  });

  it('follows a unit chosen in the form, and counts and marks what changed', () => {
    edit().draftChanged('axis1.units', '3');
    edit().draftChanged('axis1.velocity', '2.5');
    const view = editPanelView(edit(), false, true);
    const axis1 = view?.groups[1]?.fields ?? [];
    expect(axis1[1]).toMatchObject({ unit: 'µm/s', changed: true, draft: '2.5' });
    expect(view).toMatchObject({ changedCount: 2, canSave: true, canRevert: true, note: '2 unsaved changes (Stage puts them into the change set).' });
    // Nothing can be sent twice, or with an invalid field.
    expect(editPanelView(edit(), true, false)?.canSave).toBe(false);
    edit().draftChanged('axis1.velocity', '-1');
    expect(editPanelView(edit(), false, false)?.canSave).toBe(false);
  });

  it('shows a conflict in words with both values, and blocks Save until it is resolved', () => {
    edit().draftChanged('axis1.velocity', '2.5');
    edit().configChanged({ ...stage, axis1: { units: 2, velocity: 8 } });
    const view = editPanelView(edit(), false, false);
    expect(view?.groups[1]?.fields[1]?.conflict).toEqual({ theirs: '8', theirsText: '8 mm/s', mineText: '2.5 mm/s' });
    expect(view).toMatchObject({ conflictCount: 1, canSave: false, canRevert: true });
    expect(view?.note).toBe('1 value changed in the file while you were editing: choose which to keep.');
  });

  it('says what the last save did', () => {
    edit().draftChanged('port', 'sim://esp300/b');
    edit().saved({ port: 'sim://esp300/b' }, { count: 1, staged: false, notInFile: true });
    expect(editPanelView(edit(), false, false)?.note).toBe('Saved 1 change: running, not saved to file yet.');
    edit().draftChanged('port', 'sim://esp300/c');
    edit().saved({ port: 'sim://esp300/c' }, { count: 2, staged: true, notInFile: false });
    expect(editPanelView(edit(), false, false)?.note).toBe('Staged 2 changes into the change set.');
  });
});
