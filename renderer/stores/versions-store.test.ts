import { beforeEach, describe, expect, it } from 'vitest';
import type { VersionInfo } from '../../shared/model/versions.js';
import { resetStores } from '../test-support/reset-stores.js';
import {
  labelProblem,
  needsComparison,
  needsVersionList,
  selectComparePair,
  selectComparing,
  selectCompareError,
  selectShownComparison,
  selectUndoTarget,
  useVersionsStore,
} from './versions-store.js';

const store = () => useVersionsStore.getState();

function version(id: string, overrides: Partial<VersionInfo> = {}): VersionInfo {
  return { versionId: `c.toml/${id}`, time: '2026-01-01T10:00:00.000Z', source: 'gui:UpdateInstrumentParameter', summary: 'set x', hash: id, ...overrides };
}

const summary = { instrumentsAdded: [], instrumentsRemoved: [], instrumentsChanged: [], modulesAdded: [], modulesRemoved: [], modulesChanged: [], settingsChanged: [], processorsChanged: [], text: 'no changes' };
const [newest, middle, oldest] = [version('v3'), version('v2'), version('v1')];

beforeEach(() => {
  resetStores();
  store().listLoaded(0, [newest, middle, oldest]);
});

describe('keeping the list in step', () => {
  it('wants a list whenever the configuration changed since the last one was asked for, and when the view opens', () => {
    useVersionsStore.setState({ requestedFor: 0, changeCount: 0 });
    expect(needsVersionList(store())).toBe(false);
    store().configChanged();
    expect(needsVersionList(store())).toBe(true);
    store().listRequested(1);
    expect(needsVersionList(store())).toBe(false);
    store().listInvalidated();
    expect(needsVersionList(store())).toBe(true);
    store().listRequested(1);
    store().viewOpened();
    expect(needsVersionList(store())).toBe(true);
  });

  it('drops an answer older than the list shown, and ticks of versions that are gone', () => {
    store().versionToggled(oldest.versionId);
    store().versionToggled(newest.versionId);
    store().listLoaded(2, [newest, middle]);
    expect(store().selected).toEqual([newest.versionId]);
    store().listLoaded(1, [newest, middle, oldest]);
    expect(store().versions).toEqual([newest, middle]);
    expect(store().listedFor).toBe(2);
  });

  it('notes when versioning is turned off', () => {
    store().listRefused(1, 'versioning is turned off');
    expect(store()).toMatchObject({ versions: [], unavailable: 'versioning is turned off', selected: [] });
  });
});

describe('what "Undo last change" goes back to', () => {
  it('is the newest version whose bytes differ from the file now', () => {
    const snapshot = version('now', { summary: 'snapshot taken on request' });
    store().listLoaded(1, [snapshot, newest, middle], 'now');
    expect(selectUndoTarget(store())).toBe(newest);
    store().listLoaded(2, [newest, middle], 'v1');
    expect(selectUndoTarget(store())).toBe(newest);
    store().listLoaded(3, [snapshot], 'now');
    expect(selectUndoTarget(store())).toBeNull();
  });
});

describe('ticking versions to compare', () => {
  it('compares one tick with the current file, and two with each other, older on the left', () => {
    expect(selectComparePair(store())).toBeNull();
    store().versionToggled(middle.versionId);
    expect(selectComparePair(store())).toMatchObject({ older: middle.versionId, newer: 'current' });
    store().versionToggled(oldest.versionId);
    expect(selectComparePair(store())).toMatchObject({ older: oldest.versionId, newer: middle.versionId });
  });

  it('a third tick replaces the first, and a second click on a tick removes it', () => {
    store().versionToggled(oldest.versionId);
    store().versionToggled(middle.versionId);
    store().versionToggled(newest.versionId);
    expect(store().selected).toEqual([middle.versionId, newest.versionId]);
    store().versionToggled(middle.versionId);
    expect(store().selected).toEqual([newest.versionId]);
  });

  it('asks again for a comparison with the current file after a change, keeping the last answer in view meanwhile', () => {
    store().versionToggled(middle.versionId);
    const first = selectComparePair(store());
    expect(needsComparison(store())).toBe(true);
    store().compareRequested(first?.key ?? '');
    expect(selectComparing(store())).toBe(true);
    store().compared({ key: first?.key ?? '', pairId: first?.pairId ?? '', unified: '@@ x', summary });
    expect(needsComparison(store())).toBe(false);
    store().configChanged();
    store().listLoaded(1, [newest, middle, oldest]);
    expect(needsComparison(store())).toBe(true);
    expect(selectShownComparison(store())?.key).toBe(first?.key);
  });

  it('keeps only the answer for the pair asked last, and ties an error to its pair', () => {
    store().versionToggled(middle.versionId);
    const asked = selectComparePair(store())?.key ?? '';
    store().compareRequested(asked);
    store().versionToggled(oldest.versionId);
    const now = selectComparePair(store());
    store().compareRequested(now?.key ?? '');
    store().compared({ key: asked, pairId: 'x', unified: '', summary });
    expect(store().comparison).toBeNull();
    store().compareFailed(now?.key ?? '', { code: 'NOT_FOUND', message: 'gone' });
    expect(selectCompareError(store())?.code).toBe('NOT_FOUND');
    store().versionToggled(oldest.versionId);
    expect(selectCompareError(store())).toBeNull();
  });
});

describe('labels', () => {
  it('renames the version everywhere once the core gave it its new id', () => {
    store().versionToggled(middle.versionId);
    store().labelEditStarted(middle.versionId);
    store().labelSaved(middle.versionId, `${middle.versionId}-aligned`, 'aligned');
    expect(store().versions?.[1]).toMatchObject({ versionId: `${middle.versionId}-aligned`, label: 'aligned' });
    expect(store().selected).toEqual([`${middle.versionId}-aligned`]);
    expect(store().labelEdit).toBeNull();
  });

  it('starts the form with the label the version has, and clears a refusal as the draft changes', () => {
    store().listLoaded(1, [version('v3', { label: 'before_swap' })]);
    store().labelEditStarted(newest.versionId);
    expect(store().labelEdit).toEqual({ versionId: newest.versionId, draft: 'before_swap', error: null });
    store().labelRefused('Start with a letter.');
    store().labelDraftChanged('b');
    expect(store().labelEdit?.error).toBeNull();
  });

  it('checks a label with the core\'s rule', () => {
    expect(labelProblem('before_alignment-2')).toBeNull();
    expect(labelProblem('a'.repeat(40))).toBeNull();
    expect(labelProblem('')).toMatch(/Enter a label/);
    expect(labelProblem('a'.repeat(41))).toMatch(/At most 40/);
    expect(labelProblem('two words')).toMatch(/no spaces/);
    expect(labelProblem('état')).toMatch(/Only letters/);
    expect(labelProblem('2nd')).toMatch(/Start with a letter/);
    expect(labelProblem('_x')).toMatch(/Start with a letter/);
  });
});
