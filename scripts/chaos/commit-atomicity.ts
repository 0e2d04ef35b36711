/**
 * Invariant 5 for a commit the kill interrupted: after recovery the file holds all of its
 * changes or none of them, and its record says which (committed exactly when they landed).
 * Only changes that differ from what the file could already hold say anything; a save of the
 * person's editor that ran across the commit may have written older values back, so such a
 * commit is counted as unprovable rather than judged. A save made after the crash, before the
 * restart, changes only its own key, so it leaves the judgement possible.
 */
import { factFor, factKey, type Facts } from './config-facts.js';
import type { ExpectedState } from './expected-state.js';
import type { Finding } from './file-observations.js';

export interface AtomicityResult {
  readonly findings: Finding[];
  readonly checks: number;
  /** Interrupted commits resolved to the old state, to the new one, or not judged. */
  readonly resolved: { old: number; new: number; unprovable: number };
}

export function checkInterruptedCommits(expected: ExpectedState, facts: Facts, stateOf: ReadonlyMap<string, string>): AtomicityResult {
  const findings: Finding[] = [];
  const resolved = { old: 0, new: 0, unprovable: 0 };
  let checks = 0;
  for (const { intent, outcome } of expected.commands) {
    if (intent.command !== 'CommitTransaction' || outcome || !intent.transactionId) continue;
    // A save made after the crash cannot undo the commit's write; one made while it ran can.
    const crossed = expected.edits.some((edit) => !edit.offline && edit.wroteAt > intent.at);
    const telling = Object.keys(intent.promise).filter((path) => !expected.allowedAt(path, intent.at).has(factKey(factFor(intent.promise, path, false))));
    if (crossed || telling.length === 0) {
      resolved.unprovable += 1;
      continue;
    }
    checks += 1;
    const held = telling.filter((path) => factKey(facts[path] ?? null) === factKey(factFor(intent.promise, path, false)));
    const state = stateOf.get(intent.transactionId) ?? 'missing';
    const landed = state === 'committed' || state === 'confirming';
    const what = `the commit of ${intent.transactionId} (step ${intent.step}) was interrupted`;
    if (held.length > 0 && held.length < telling.length) {
      findings.push({ invariant: '5-transactions', message: `${what} and the file holds only part of it: ${held.join(', ')} landed, ${telling.filter((p) => !held.includes(p)).join(', ')} did not` });
    } else if (landed !== (held.length === telling.length)) {
      findings.push({ invariant: '5-transactions', message: `${what}; its record says ${state} but the file holds ${held.length ? 'its changes' : 'none of its changes'}` });
    } else if (landed) resolved.new += 1;
    else resolved.old += 1;
  }
  return { findings, checks, resolved };
}
