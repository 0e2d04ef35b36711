/**
 * Whether an interrupted commit reached the file, judged by what the file says now. Comparing
 * the file's hash with the one the commit began from is not enough: a person may have saved
 * another key between the crash and the restart, and the file then differs although the commit
 * never wrote. So each operation's own effect is looked for in the loaded configuration; the
 * write is atomic, so either all of them are there or none of the commit's are.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DaqConfig } from '../../../shared/model/config.js';
import type { StagedOperation } from '../../../shared/model/transactions.js';
import { operationKey } from './transaction-validation.js';

function valueAt(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const seg of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, seg)) return undefined;
    current = (current as Record<string, unknown>)[seg];
  }
  return current;
}

/** What each key must hold once the operations are in, the later operation on a key winning. */
function expectations(ops: readonly StagedOperation[]): Map<string, (config: DaqConfig) => boolean> {
  const expected = new Map<string, (config: DaqConfig) => boolean>();
  for (const op of ops) {
    const key = operationKey(op);
    const path = key.split('.');
    switch (op.kind) {
      case 'update-parameter':
        expected.set(key, (c) => isDeepStrictEqual(valueAt(c, path), op.value));
        break;
      case 'add-instrument':
        expected.set(key, (c) => Object.entries(op.config).every(([k, v]) => isDeepStrictEqual(valueAt(c, [...path, k]), v)));
        break;
      case 'assign-role':
        expected.set(key, (c) => valueAt(c, path) === op.instrumentId);
        break;
      case 'remove-instrument':
      case 'unassign-role':
        expected.set(key, (c) => valueAt(c, path) === undefined);
        break;
    }
  }
  return expected;
}

/** Whether every operation's effect is in `config` (the file as loaded at start-up). */
export function commitLanded(ops: readonly StagedOperation[], config: DaqConfig): boolean {
  return [...expectations(ops).values()].every((holds) => holds(config));
}
