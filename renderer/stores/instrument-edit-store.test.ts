import { beforeEach, describe, expect, it } from 'vitest';
import { resetStores } from '../test-support/reset-stores.js';
import { selectChangedPaths, selectHasUnsavedChanges, useInstrumentEditStore } from './instrument-edit-store.js';

const store = () => useInstrumentEditStore.getState();
const meter = { type: 'newport_1830c', port: 'sim://newport_1830c/reference', wavelength: 800, filter: 3 };

beforeEach(() => {
  resetStores();
  store().editStarted('pm', 'newport_1830c', meter);
});

describe('the edit panel form', () => {
  it('starts from the configured values, defaults where the file has none', () => {
    expect(store()).toMatchObject({ id: 'pm', type: 'newport_1830c' });
    expect(store().drafts).toMatchObject({ wavelength: '800', filter: '3', units: '0', attenuator: '0' });
    expect(store().baseValues).toMatchObject({ wavelength: 800, filter: 3, units: null });
    expect(selectHasUnsavedChanges(store())).toBe(false);
  });

  it('counts a field as changed only when its value differs, not its notation', () => {
    store().draftChanged('wavelength', '800.0');
    expect(selectChangedPaths(store())).toEqual([]);
    store().draftChanged('wavelength', '780');
    store().draftChanged('filter', '1');
    expect(selectChangedPaths(store())).toEqual(['wavelength', 'filter']);
    store().draftChanged('wavelength', '2000');
    expect(store().errors['wavelength']).toMatch(/out of range/);
  });

  it('closes at once when nothing is unsaved, and asks first when something is', () => {
    store().closeRequested();
    expect(store().id).toBeNull();
    store().editStarted('pm', 'newport_1830c', meter);
    store().draftChanged('wavelength', '780');
    store().closeRequested();
    expect(store()).toMatchObject({ id: 'pm', confirmingClose: true });
    store().closeCancelled();
    expect(store()).toMatchObject({ id: 'pm', confirmingClose: false, drafts: { wavelength: '780' } });
    store().closeRequested();
    store().editClosed();
    expect(store().id).toBeNull();
  });

  it('reverts every field to what the instrument holds', () => {
    store().draftChanged('wavelength', '780');
    store().draftChanged('filter', 'x');
    store().reverted();
    expect(store().drafts).toMatchObject({ wavelength: '800', filter: '3' });
    expect(store().errors).toEqual({});
    expect(selectHasUnsavedChanges(store())).toBe(false);
  });

  it('after a save, the saved values are the new starting point and the outcome is kept', () => {
    store().draftChanged('wavelength', '780.0');
    store().saveStarted({ wavelength: '780.0' });
    store().saved({ wavelength: 780 }, { count: 1, staged: false, notInFile: false });
    expect(store()).toMatchObject({ base: { wavelength: '780' }, baseValues: { wavelength: 780 }, drafts: { wavelength: '780' }, sending: {} });
    expect(store().outcome).toEqual({ count: 1, staged: false, notInFile: false });
    expect(selectHasUnsavedChanges(store())).toBe(false);
  });

  it('keeps a refusal for the panel and its field', () => {
    store().saveRefused({ code: 'DEVICE_ERROR', message: 'no reply' }, { wavelength: 'no reply' });
    expect(store()).toMatchObject({ saveError: { code: 'DEVICE_ERROR' }, errors: { wavelength: 'no reply' } });
  });
});

describe('a change underneath the open panel', () => {
  it('an untouched field takes the new value and says so', () => {
    store().configChanged({ ...meter, filter: 1 });
    expect(store().drafts['filter']).toBe('1');
    expect(store().updated).toEqual({ filter: true });
    expect(store().conflicts).toEqual({});
    expect(selectHasUnsavedChanges(store())).toBe(false);
    // Typing in it again drops the note.
    store().draftChanged('filter', '2');
    expect(store().updated).toEqual({});
  });

  it('a field changed in the form keeps the typed value and asks which to keep', () => {
    store().draftChanged('wavelength', '780');
    store().configChanged({ ...meter, wavelength: 900 });
    expect(store().drafts['wavelength']).toBe('780');
    expect(store().conflicts).toEqual({ wavelength: { theirs: '900' } });
    expect(store().baseValues['wavelength']).toBe(900);
    expect(selectHasUnsavedChanges(store())).toBe(true);
    store().conflictResolved('wavelength', 'theirs');
    expect(store().drafts['wavelength']).toBe('900');
    expect(selectHasUnsavedChanges(store())).toBe(false);
  });

  it('keeping mine leaves the typed value to be saved over the new one, knowingly', () => {
    store().draftChanged('wavelength', '780');
    store().configChanged({ ...meter, wavelength: 900 });
    store().conflictResolved('wavelength', 'mine');
    expect(store().conflicts).toEqual({});
    expect(selectChangedPaths(store())).toEqual(['wavelength']);
  });

  it('no conflict when the new value is what was typed, or when it is the panel\'s own save coming back', () => {
    store().draftChanged('wavelength', '900.0');
    store().configChanged({ ...meter, wavelength: 900 });
    expect(store().conflicts).toEqual({});
    store().draftChanged('filter', '1');
    store().saveStarted({ filter: '1' });
    // Typed on while the save was out: the newer text stays, unsaved, and nothing conflicts.
    store().draftChanged('filter', '2');
    store().configChanged({ ...meter, wavelength: 900, filter: 1 });
    expect(store().conflicts).toEqual({});
    expect(store().drafts['filter']).toBe('2');
    expect(selectChangedPaths(store())).toEqual(['filter']);
  });

  it('the same config again changes nothing (the state keeps its reference)', () => {
    const before = store();
    store().configChanged({ ...meter });
    expect(store()).toBe(before);
  });
});
