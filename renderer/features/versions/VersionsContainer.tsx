/**
 * The Versions view wired to the versions and restore stores and the operations. Only wiring
 * lives here; what to show is decided by selectors and `version-view.ts`.
 *
 * Accessible names (end-to-end tests rely on these): dialog "Versions" with a button "Close";
 * form "Take snapshot" (field "Label", button "Take snapshot"); list "Config versions" whose
 * items hold a checkbox "Compare the version of <time>", buttons "Label the version of <time>"
 * and "Restore the version of <time>", and, while labelling, a form "Version label" (button
 * "Save label"); region "Comparison" with the group "Diff layout" (buttons "Side by side",
 * "Line by line"), the list "What changed" and the region "Line diff".
 */
import { useEffect } from 'react';
import { useOperations } from '../../app/operations-context.js';
import { useNow } from '../../components/use-now.js';
import { useConfigPath } from '../../stores/config-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { hasLineChanges } from '../../stores/restore-store.js';
import {
  needsComparison,
  selectCompareError,
  selectComparePair,
  selectComparing,
  selectShownComparison,
  useVersionsStore,
} from '../../stores/versions-store.js';
import { configFileName } from '../transactions/preview-diff.js';
import { RestoreNoticeContainer } from './RestoreNoticeContainer.js';
import { createVersionDiffRenderer } from './version-diff.js';
import { comparedSideName, summaryNote, summarySections, timelineRows } from './version-view.js';
import { VersionComparison } from './VersionComparison.js';
import { SnapshotForm, TimelineMessage, VersionsView } from './VersionsView.js';
import { VersionTimeline } from './VersionTimeline.js';

const comparisonDiff = createVersionDiffRenderer();

/** The view while it is open, or nothing. */
export function VersionsContainer() {
  const open = useVersionsStore((s) => s.open);
  return open ? <OpenVersionsContainer /> : null;
}

function OpenVersionsContainer() {
  const operations = useOperations();
  const store = useVersionsStore();
  // "Today 14:03" turns into "Yesterday 14:03" at midnight: a coarse clock is enough.
  const now = useNow(60_000);
  const snapshotting = useIsPending(operationKey.snapshot());
  const labelSaving = useIsPending(operationKey.labelVersion(store.labelEdit?.versionId ?? ''));
  const restoring = useIsPending(operationKey.rollback());
  const wantsComparison = needsComparison(store);
  useEffect(() => {
    if (wantsComparison) void operations.compareSelected();
  }, [wantsComparison, operations]);

  return (
    <VersionsView
      onClose={store.viewClosed}
      snapshotForm={<SnapshotForm label={store.snapshotLabel} note={store.snapshotNote} busy={snapshotting} onLabel={store.snapshotLabelChanged} onTake={() => void operations.takeSnapshot()} />}
      notice={<RestoreNoticeContainer place="versions" />}
      timeline={<Timeline now={now} labelSaving={labelSaving} restoring={restoring} />}
      comparison={<Comparison now={now} />}
    />
  );
}

function Timeline({ now, labelSaving, restoring }: { now: number; labelSaving: boolean; restoring: boolean }) {
  const operations = useOperations();
  const store = useVersionsStore();
  if (store.unavailable !== null) return <TimelineMessage tone="muted" text={`Versions are turned off: ${store.unavailable}`} />;
  if (store.listError !== null && store.versions === null) {
    return <TimelineMessage tone="error" text={`Could not list the versions: ${store.listError.code}: ${store.listError.message}`} onRetry={() => void operations.reloadVersions()} />;
  }
  if (store.versions === null) return <TimelineMessage tone="muted" text="Listing the versions…" />;
  if (store.versions.length === 0) return <TimelineMessage tone="muted" text="No versions yet: one is kept before every change to the file, or take a snapshot now." />;
  return (
    <VersionTimeline
      rows={timelineRows(store.versions, store.selected, now)}
      labelEdit={store.labelEdit}
      labelSaving={labelSaving}
      restoring={restoring}
      onToggle={store.versionToggled}
      onStartLabel={store.labelEditStarted}
      onLabelDraft={store.labelDraftChanged}
      onSaveLabel={() => void operations.saveVersionLabel()}
      onCancelLabel={store.labelEditClosed}
      onRestore={(versionId) => void operations.openRestore(versionId)}
    />
  );
}

function Comparison({ now }: { now: number }) {
  const store = useVersionsStore();
  const fileName = configFileName(useConfigPath());
  const pair = selectComparePair(store);
  const shown = selectShownComparison(store);
  const sections = shown ? summarySections(shown.summary, 'compare') : [];
  return (
    <VersionComparison
      sides={pair ? { older: comparedSideName(pair.older, store.versions, now), newer: comparedSideName(pair.newer, store.versions, now) } : null}
      sections={sections}
      note={shown ? summaryNote(shown.summary, sections, hasLineChanges(shown.unified)) : null}
      diffHtml={shown ? comparisonDiff(shown.unified, fileName, store.diffLayout) : undefined}
      loading={selectComparing(store)}
      error={selectCompareError(store)}
      layout={store.diffLayout}
      onLayout={store.diffLayoutPicked}
    />
  );
}
