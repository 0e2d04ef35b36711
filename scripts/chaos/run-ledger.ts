/**
 * What the whole run was promised beyond the file's keys, across every life of the app: change
 * sets whose commit was acknowledged, confirmed or rolled back, and labeled snapshots (labeled
 * versions are never pruned, so each must still be there, under some label).
 */
import type { AppCommand } from './expected-state.js';

export class RunLedger {
  readonly committed = new Set<string>();
  readonly confirmed = new Set<string>();
  readonly rolledBack = new Set<string>();
  /** Content hashes of labeled snapshots, with the label they were taken under. */
  readonly labeledSnapshots = new Map<string, string>();

  /** Takes in the acknowledged commands of one round. */
  record(commands: readonly AppCommand[]): void {
    for (const { intent, outcome } of commands) {
      if (!outcome?.acknowledged) continue;
      const id = intent.transactionId;
      if (intent.command === 'CommitTransaction' && id) this.committed.add(id);
      if (intent.command === 'ConfirmCommit' && id) this.confirmed.add(id);
      if (intent.command === 'RollbackTransaction' && id) this.rolledBack.add(id);
      if (intent.command === 'CreateConfigSnapshot' && outcome.label && outcome.versionHash) this.labeledSnapshots.set(outcome.versionHash, outcome.label);
    }
  }
}
