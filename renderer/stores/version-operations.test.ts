import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SemanticSummary, VersionInfo } from '../../shared/model/versions.js';
import { fakeApi } from '../test-support/fake-api.js';
import { resetStores } from '../test-support/reset-stores.js';
import { createOperations } from './operations.js';
import { canUndoRestore, selectCanRestore, useRestoreStore } from './restore-store.js';
import { useToastsStore } from './toasts-store.js';
import { selectShownComparison, useVersionsStore } from './versions-store.js';

function version(id: string, overrides: Partial<VersionInfo> = {}): VersionInfo {
  return { versionId: `c.toml/${id}`, time: '2026-01-01T10:00:00.000Z', source: 'gui:UpdateInstrumentParameter', summary: `change after ${id}`, hash: id, ...overrides };
}

const noChange: SemanticSummary = { instrumentsAdded: [], instrumentsRemoved: [], instrumentsChanged: [], modulesAdded: [], modulesRemoved: [], modulesChanged: [], settingsChanged: [], processorsChanged: [], text: 'no changes' };
const retune: SemanticSummary = { ...noChange, instrumentsChanged: [{ id: 'pm', changes: [{ key: 'sample_rate_hz', before: 4, after: 5 }] }], text: 'pm.sample_rate_hz 4 → 5' };
const lines = '--- current\n+++ other\n@@ -1 +1 @@\n-a = 4\n+a = 5\n';
const sameBytes = '--- current\n+++ other\n';
const [v3, v2, v1] = [version('v3'), version('v2'), version('v1')];
const versions = () => useVersionsStore.getState();
const restore = () => useRestoreStore.getState();
const listing = (list: VersionInfo[]) => vi.fn(async () => ({ ok: true as const, value: { versions: list } }));

beforeEach(() => resetStores());

describe('the list', () => {
  it('is asked for once per change seen, and says when versioning is off', async () => {
    const ListConfigVersions = vi.fn(async () => ({ ok: false as const, error: { code: 'UNAVAILABLE' as const, message: 'versioning is turned off' } }));
    const ops = createOperations(fakeApi({ ListConfigVersions }));
    await ops.refreshVersions();
    await ops.refreshVersions();
    expect(ListConfigVersions).toHaveBeenCalledTimes(1);
    expect(versions().unavailable).toBe('versioning is turned off');
    versions().configChanged();
    await ops.refreshVersions();
    expect(ListConfigVersions).toHaveBeenCalledTimes(2);
  });

  it('"Try again" lists even though nothing changed', async () => {
    const ListConfigVersions = vi.fn(async () => ({ ok: false as const, error: { code: 'TIMEOUT' as const, message: 'no answer' } }));
    const ops = createOperations(fakeApi({ ListConfigVersions }));
    await ops.refreshVersions();
    expect(versions().listError?.code).toBe('TIMEOUT');
    await ops.reloadVersions();
    expect(ListConfigVersions).toHaveBeenCalledTimes(2);
  });
});

describe('comparing', () => {
  it('compares one tick with the current file and two ticks older → newer, once per pair', async () => {
    const CompareConfigVersions = vi.fn(async () => ({ ok: true as const, value: { unified: lines, summary: retune } }));
    const ops = createOperations(fakeApi({ ListConfigVersions: listing([v3, v2, v1]), CompareConfigVersions }));
    await ops.refreshVersions();
    versions().versionToggled(v2.versionId);
    await ops.compareSelected();
    await ops.compareSelected();
    expect(CompareConfigVersions).toHaveBeenCalledTimes(1);
    expect(CompareConfigVersions).toHaveBeenLastCalledWith({ versionA: v2.versionId, versionB: 'current' });
    expect(selectShownComparison(versions())?.summary).toEqual(retune);
    versions().versionToggled(v3.versionId);
    await ops.compareSelected();
    expect(CompareConfigVersions).toHaveBeenLastCalledWith({ versionA: v2.versionId, versionB: v3.versionId });
  });
});

describe('snapshots and labels', () => {
  it('refuses a bad label without asking the core', async () => {
    const CreateConfigSnapshot = vi.fn();
    const ops = createOperations(fakeApi({ CreateConfigSnapshot }));
    versions().snapshotLabelChanged('before alignment');
    await ops.takeSnapshot();
    expect(CreateConfigSnapshot).not.toHaveBeenCalled();
    expect(versions().snapshotNote).toEqual({ tone: 'error', text: 'Only letters, digits, _ and - (no spaces).' });
  });

  it('takes a snapshot (labelled or not) and lists the versions again', async () => {
    const CreateConfigSnapshot = vi.fn(async () => ({ ok: true as const, value: { versionId: 'c.toml/v4', created: true } }));
    const ListConfigVersions = listing([v3]);
    const ops = createOperations(fakeApi({ CreateConfigSnapshot, ListConfigVersions }));
    versions().snapshotLabelChanged(' aligned ');
    await ops.takeSnapshot();
    expect(CreateConfigSnapshot).toHaveBeenCalledWith({ label: 'aligned' });
    expect(versions()).toMatchObject({ snapshotLabel: '', snapshotNote: { tone: 'ok', text: 'Snapshot kept as "aligned".' } });
    expect(ListConfigVersions).toHaveBeenCalledTimes(1);
    await ops.takeSnapshot();
    expect(CreateConfigSnapshot).toHaveBeenLastCalledWith({});
  });

  it('labels a version, follows its new id, and shows the core\'s refusal in the form', async () => {
    const LabelConfigVersion = vi.fn(async (req: { versionId: string; label: string }) =>
      req.label === 'taken'
        ? { ok: false as const, error: { code: 'DUPLICATE' as const, message: 'a version with that name exists' } }
        : { ok: true as const, value: { versionId: `${req.versionId}-${req.label}` } },
    );
    const ops = createOperations(fakeApi({ LabelConfigVersion, ListConfigVersions: listing([v3, v2]) }));
    await ops.refreshVersions();
    versions().labelEditStarted(v2.versionId);
    versions().labelDraftChanged('taken');
    await ops.saveVersionLabel();
    expect(versions().labelEdit?.error).toBe('DUPLICATE: a version with that name exists');
    expect(useToastsStore.getState().toasts).toEqual([]);
    versions().labelDraftChanged('9lives');
    await ops.saveVersionLabel();
    expect(LabelConfigVersion).toHaveBeenCalledTimes(1);
    versions().labelDraftChanged('aligned');
    await ops.saveVersionLabel();
    expect(LabelConfigVersion).toHaveBeenLastCalledWith({ versionId: v2.versionId, label: 'aligned' });
    expect(versions().labelEdit).toBeNull();
  });
});

describe('restoring', () => {
  it('first shows what restoring would change (the current file → the version), then restores and offers Undo', async () => {
    const CompareConfigVersions = vi.fn(async (req: { versionA: string; versionB: string }) => ({
      ok: true as const,
      // After the restore the file holds the version's very bytes.
      value: req.versionB === 'current' ? { unified: sameBytes, summary: noChange } : { unified: lines, summary: retune },
    }));
    const RollbackToVersion = vi.fn(async (req: { versionId: string }) => ({ ok: true as const, value: { restored: req.versionId, previous: 'c.toml/v4', summary: 'pm.sample_rate_hz 4 → 5' } }));
    const ops = createOperations(fakeApi({ ListConfigVersions: listing([v3, v2]), CompareConfigVersions, RollbackToVersion }));
    await ops.refreshVersions();
    const opening = ops.openRestore(v2.versionId);
    expect(restore()).toMatchObject({ purpose: 'restore', version: v2, preview: null });
    expect(selectCanRestore(restore())).toBe(false);
    await opening;
    expect(CompareConfigVersions).toHaveBeenCalledWith({ versionA: 'current', versionB: v2.versionId });
    expect(selectCanRestore(restore())).toBe(true);
    await ops.confirmRestore();
    expect(RollbackToVersion).toHaveBeenCalledWith({ versionId: v2.versionId });
    expect(restore()).toMatchObject({ purpose: null, notice: { purpose: 'restore', version: v2, previous: 'c.toml/v4', undoneSummary: null } });
    expect(canUndoRestore(restore().notice)).toBe(true);
    await ops.undoRestore();
    expect(CompareConfigVersions).toHaveBeenLastCalledWith({ versionA: v2.versionId, versionB: 'current' });
    expect(RollbackToVersion).toHaveBeenLastCalledWith({ versionId: 'c.toml/v4' });
    expect(restore().notice?.undoneSummary).toBe('pm.sample_rate_hz 4 → 5');
    expect(canUndoRestore(restore().notice)).toBe(false);
  });

  it('the notice\'s Undo asks first once the file changed again after the restore', async () => {
    const v4 = version('v4');
    const RollbackToVersion = vi.fn();
    const ops = createOperations(
      fakeApi({
        ListConfigVersions: listing([version('v5'), v4, v3]),
        CompareConfigVersions: async () => ({ ok: true, value: { unified: lines, summary: retune } }),
        RollbackToVersion,
      }),
    );
    restore().restored({ purpose: 'restore', version: v3, summary: 's', previous: v4.versionId, undoneSummary: null });
    await ops.undoRestore();
    expect(RollbackToVersion).not.toHaveBeenCalled();
    // The version kept before the restore is newer than any list seen here: it is listed first.
    expect(restore()).toMatchObject({ purpose: 'restore', version: v4, preview: { summary: retune } });
  });

  it('keeps the dialog open with the core\'s refusal, and no toast for a version invalid today', async () => {
    const ops = createOperations(
      fakeApi({
        ListConfigVersions: listing([v3]),
        CompareConfigVersions: async () => ({ ok: true, value: { unified: lines, summary: retune } }),
        RollbackToVersion: async () => ({ ok: false, error: { code: 'VALIDATION', message: 'that configuration is not valid today' } }),
      }),
    );
    await ops.refreshVersions();
    await ops.openRestore(v3.versionId);
    await ops.confirmRestore();
    expect(restore()).toMatchObject({ purpose: 'restore', error: { code: 'VALIDATION' }, notice: null });
    expect(useToastsStore.getState().toasts).toEqual([]);
  });

  it('"Undo last change" goes back to the newest version that differs from the file now', async () => {
    const CompareConfigVersions = vi.fn(async (req: { versionB: string }) => ({
      ok: true as const,
      value: req.versionB === v3.versionId ? { unified: sameBytes, summary: noChange } : { unified: lines, summary: retune },
    }));
    const ops = createOperations(fakeApi({ ListConfigVersions: listing([v3, v2, v1]), CompareConfigVersions }));
    await ops.undoLastChange();
    expect(CompareConfigVersions.mock.calls.map(([req]) => req.versionB)).toEqual([v3.versionId, v2.versionId]);
    expect(restore()).toMatchObject({ purpose: 'undo-last', version: v2, preview: { summary: retune } });
    expect(versions().versions).toEqual([v3, v2, v1]);
  });

  it('"Undo last change" says when there is nothing to undo', async () => {
    const ops = createOperations(fakeApi({ ListConfigVersions: listing([v3]), CompareConfigVersions: async () => ({ ok: true, value: { unified: sameBytes, summary: noChange } }) }));
    await ops.undoLastChange();
    expect(restore()).toMatchObject({ purpose: 'undo-last', nothingToUndo: true, version: null });
    expect(selectCanRestore(restore())).toBe(false);
  });
});
