/**
 * The staging tray wired to the transactions and staging stores and the operations. Only
 * wiring lives here; what to show is decided by selectors and `change-set-view.ts`.
 *
 * Accessible names (end-to-end tests rely on these): complementary region "Change set" with a
 * badge ("Staging", "Applying directly", "Waiting for confirmation", "Done"); switch "Stage
 * changes"; list "Staged operations" whose items read the operation in words, show its errors
 * and hold a button "Unstage <operation>"; a status with the verdict ("Valid: ready to
 * commit.", "1 problem: …"); lists "Problems of the change set" and "Warnings"; a details
 * "What the commit writes to <file>" with the diff; buttons "Commit" ("Committing…" in
 * flight), "Commit with confirmation" with the select "Confirmation window", "Discard"; while
 * waiting for confirmation a timer "Rolled back in m:ss" and buttons "Confirm" and "Roll back
 * now"; once ended a status with the outcome and a button "Close".
 */
import { useEffect } from 'react';
import type { TransactionView } from '../../../shared/model/transactions.js';
import { useOperations } from '../../app/operations-context.js';
import { useNow } from '../../components/use-now.js';
import { useConfigPath } from '../../stores/config-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { CONFIRM_TIMEOUT_CHOICES, currentReport, isChecking, needsCheck, useStagingStore, useTrayChangeSet } from '../../stores/staging-store.js';
import { isActive, timeLeft } from '../../stores/transactions-store.js';
import { CheckNotes, CheckVerdict, CommitControls, CommitPreview, StagedOperations } from './ChangeSetDetails.js';
import { checkSummary, operationRows, outcomeText, reportNotes } from './change-set-view.js';
import { configFileName, previewDiffHtml } from './preview-diff.js';
import { ConfirmCountdown, StageToggle, StagingTray, TrayOutcome, TrayRefusal } from './StagingTray.js';

/** How long a plain outcome ("Committed 3 changes.") stays before the tray closes by itself. */
const OUTCOME_SHOWN_MS = 6000;

/** The tray, or nothing when no change set is in play. */
export function StagingTrayContainer() {
  const view = useTrayChangeSet();
  const followedId = useStagingStore((s) => s.followedId);
  const follow = useStagingStore((s) => s.changeSetFollowed);
  // A change set found after a reload is followed like one started here, so its end is shown.
  useEffect(() => {
    if (view && isActive(view) && view.transactionId !== followedId) follow(view.transactionId);
  }, [view, followedId, follow]);
  if (!view) return null;
  if (view.state === 'open') return <OpenChangeSetContainer view={view} />;
  if (view.state === 'confirming') return <ConfirmingContainer view={view} />;
  return <OutcomeContainer view={view} />;
}

function refusalText(refusal: { action: string; error: { code: string; message: string } } | null): string | null {
  return refusal ? `${refusal.action} failed: ${refusal.error.code}: ${refusal.error.message}` : null;
}

function OpenChangeSetContainer({ view }: { view: TransactionView }) {
  const operations = useOperations();
  const staging = useStagingStore();
  const fileName = configFileName(useConfigPath());
  const now = useNow(1000);
  const unstaging = useIsPending(operationKey.unstage(view.transactionId));
  const committing = useIsPending(operationKey.commit(view.transactionId));
  const discarding = useIsPending(operationKey.endChangeSet(view.transactionId));
  const wantsCheck = needsCheck(view, staging);
  // Operations staged elsewhere (another window, `daq call`) or found after a reload are
  // checked too; the ones staged here already asked, and the check runs once per set.
  useEffect(() => {
    if (wantsCheck) void operations.checkChangeSet();
  }, [wantsCheck, operations]);

  const report = currentReport(view, staging);
  const checking = isChecking(view, staging) || wantsCheck;
  const notes = reportNotes(report);
  const preview = report?.preview;
  const count = view.operations.length;
  const blocked =
    count === 0 ? 'Stage a change first.' : checking || !report ? 'Waiting for the check.' : report.valid ? null : 'Unstage or replace the operations marked first.';
  return (
    <StagingTray
      badge={staging.stageChanges ? { text: 'Staging', tone: 'staging' } : { text: 'Applying directly', tone: 'direct' }}
      expiry={`expires in ${timeLeft(view.expiresAt, now).text}`}
      toggle={<StageToggle on={staging.stageChanges} onChange={staging.stageChangesToggled} />}
      side={<CommitPreview html={preview && !checking ? previewDiffHtml(fileName, preview.before, preview.after) : undefined} fileName={fileName} />}
      footer={
        <CommitControls
          blocked={blocked}
          committing={committing}
          discarding={discarding}
          confirmTimeoutS={staging.confirmTimeoutS}
          timeoutChoices={CONFIRM_TIMEOUT_CHOICES}
          onTimeoutChange={staging.confirmTimeoutPicked}
          onCommit={() => void operations.commitChangeSet(false)}
          onCommitWithConfirmation={() => void operations.commitChangeSet(true)}
          onDiscard={() => void operations.discardChangeSet()}
        />
      }
    >
      <TrayRefusal text={refusalText(staging.refusal)} />
      <CheckVerdict
        summary={checkSummary(count, report, checking)}
        onRecheck={count > 0 && !checking ? () => void operations.recheckChangeSet() : null}
      />
      <StagedOperations rows={operationRows(view.operations, report)} busy={unstaging || committing} onUnstage={(i) => void operations.unstageOperation(i)} />
      <CheckNotes errors={notes.errors} warnings={notes.warnings} />
    </StagingTray>
  );
}

function ConfirmingContainer({ view }: { view: TransactionView }) {
  const operations = useOperations();
  const refusal = useStagingStore((s) => s.refusal);
  const busy = useIsPending(operationKey.endChangeSet(view.transactionId));
  const now = useNow(1000);
  const left = view.confirmDeadline ? timeLeft(view.confirmDeadline, now) : null;
  return (
    <StagingTray badge={{ text: 'Waiting for confirmation', tone: 'waiting' }} expiry={null}>
      <TrayRefusal text={refusalText(refusal)} />
      <ConfirmCountdown
        operationCount={view.operations.length}
        timeLeft={left?.text ?? '—'}
        overdue={left?.overdue ?? false}
        busy={busy}
        onConfirm={() => void operations.confirmCommit()}
        onRollBack={() => void operations.rollBackCommit()}
      />
    </StagingTray>
  );
}

function OutcomeContainer({ view }: { view: TransactionView }) {
  const note = useStagingStore((s) => s.commitNote);
  const dismiss = useStagingStore((s) => s.trayDismissed);
  const outcome = outcomeText(view, note);
  // A plain success closes by itself; a rollback, an expiry or an unsaved file stays until read.
  useEffect(() => {
    if (outcome.tone !== 'ok') return;
    const timer = setTimeout(dismiss, OUTCOME_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [outcome.tone, dismiss]);
  return (
    <StagingTray badge={{ text: 'Done', tone: 'done' }} expiry={null}>
      <TrayOutcome tone={outcome.tone} text={outcome.text} onClose={dismiss} />
    </StagingTray>
  );
}
