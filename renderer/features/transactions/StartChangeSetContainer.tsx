/**
 * The header's "Start a change set" button, while no change set is in play; while one is,
 * the tray beside the content takes over. Hidden where the core has change sets turned off.
 */
import { useOperations } from '../../app/operations-context.js';
import { useAppState } from '../../stores/app-status-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { useTrayChangeSet } from '../../stores/staging-store.js';
import { useTransactionsStore } from '../../stores/transactions-store.js';
import { ActionButton } from '../../components/ActionButton.js';

/** The button named "Start a change set", or nothing. */
export function StartChangeSetContainer() {
  const operations = useOperations();
  const shown = useTrayChangeSet();
  const unavailable = useTransactionsStore((s) => s.unavailable);
  const starting = useIsPending(operationKey.beginChangeSet());
  const ready = useAppState() === 'ready';
  if (shown || unavailable !== null) return null;
  return (
    <ActionButton
      className="btn btn-header"
      unavailable={!ready || starting}
      title="Stage several changes, check them together, then commit them all at once"
      onClick={() => void operations.startChangeSet()}
    >
      {starting ? 'Starting…' : 'Start a change set'}
    </ActionButton>
  );
}
