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

/**
 * What each key must hold once the operations are in. A later operation on a key replaces what
 * earlier ones said of it and of every key under it (a removal after a parameter change, a new
 * instrument after a removal), and an added instrument is one expectation per parameter, so a
 * parameter changed after the add is judged by its last value.
 */
function expectations(ops: readonly StagedOperation[]): Map<string, (config: DaqConfig) => boolean> {
  const expected = new Map<string, (config: DaqConfig) => boolean>();
  const expect = (key: string, holds: (config: DaqConfig) => boolean): void => {
    for (const known of [...expected.keys()]) if (known.startsWith(`${key}.`)) expected.delete(known);
    expected.set(key, holds);
  };
  for (const op of ops) {
    const key = operationKey(op);
    const path = key.split('.');
    switch (op.kind) {
      case 'update-parameter':
        expect(key, (c) => isDeepStrictEqual(valueAt(c, path), op.value));
        break;
      case 'add-instrument':
        expect(key, (c) => valueAt(c, path) !== undefined);
        for (const [param, value] of Object.entries(op.config)) expected.set(`${key}.${param}`, (c) => isDeepStrictEqual(valueAt(c, [...path, param]), value));
        break;
      case 'assign-role':
        expect(key, (c) => valueAt(c, path) === op.instrumentId);
        break;
      case 'remove-instrument':
      case 'unassign-role':
        expect(key, (c) => valueAt(c, path) === undefined);
        break;
    }
  }
  return expected;
}

/** Whether every operation's effect is in `config` (the file as loaded at start-up). */
export function commitLanded(ops: readonly StagedOperation[], config: DaqConfig): boolean {
  return [...expectations(ops).values()].every((holds) => holds(config));
}
