/** Test look-up: the journal a transaction's step left, read as start-up recovery reads it. */
import type { ReadJournal, TransactionStore } from '../transaction-store.js';

export async function journalOf(store: TransactionStore, id: string): Promise<ReadJournal | undefined> {
  return (await store.readJournals()).find((j) => j.name === `journal-${id}.json`)?.journal;
}
