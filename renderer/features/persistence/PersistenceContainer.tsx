/**
 * The persistence indicator wired to the persistence store (the core's status, the one source
 * of truth) and the "Save to file" operation.
 * Names: `status` "N change(s) not saved to file: <reason>"; button "Save to file".
 */
import { useOperations } from '../../app/operations-context.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { useNotSavedText } from '../../stores/persistence-store.js';
import { PersistenceIndicator } from './PersistenceIndicator.js';

/** The indicator, with its button while changes are pending. */
export function PersistenceContainer() {
  const operations = useOperations();
  const text = useNotSavedText();
  const saving = useIsPending(operationKey.saveToFile());
  return <PersistenceIndicator text={text} saving={saving} onSave={() => void operations.saveToFile()} />;
}
