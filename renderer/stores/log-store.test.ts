import { beforeEach, describe, expect, it } from 'vitest';
import { logEntry } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { LOG_CAPACITY, selectErrorCount, selectVisibleEntries, useLogStore } from './log-store.js';

const store = () => useLogStore.getState();

beforeEach(() => resetStores());

describe('log store', () => {
  it('keeps the newest LOG_CAPACITY entries, oldest first, with keys that do not change', () => {
    store().entriesAdded(Array.from({ length: LOG_CAPACITY - 1 }, (_, i) => logEntry(`m${i}`)));
    const keyOfLast = store().entries.at(-1)?.key;
    store().entriesAdded([logEntry('x1'), logEntry('x2'), logEntry('x3')]);
    const entries = store().entries;
    expect(entries).toHaveLength(LOG_CAPACITY);
    expect(entries[0]?.message).toBe('m2');
    expect(entries.at(-1)?.message).toBe('x3');
    expect(entries.find((e) => e.message === `m${LOG_CAPACITY - 2}`)?.key).toBe(keyOfLast);
  });

  it('replaces entries with a snapshot, keeping new keys unique', () => {
    store().entriesAdded([logEntry('old')]);
    const oldKey = store().entries[0]?.key;
    store().snapshotLoaded([logEntry('a'), logEntry('b')]);
    expect(store().entries.map((e) => e.message)).toEqual(['a', 'b']);
    expect(store().entries.map((e) => e.key)).not.toContain(oldKey);
  });

  it('filters by minimum level and returns the same array while nothing changed', () => {
    store().entriesAdded([logEntry('d', 'debug'), logEntry('i', 'info'), logEntry('w', 'warn'), logEntry('e', 'error')]);
    expect(selectVisibleEntries(store()).map((e) => e.message)).toEqual(['d', 'i', 'w', 'e']);
    store().levelFilterChanged('warn');
    const first = selectVisibleEntries(store());
    expect(first.map((e) => e.message)).toEqual(['w', 'e']);
    expect(selectVisibleEntries(store())).toBe(first);
    store().entriesAdded([logEntry('e2', 'error')]);
    expect(selectVisibleEntries(store()).map((e) => e.message)).toEqual(['w', 'e', 'e2']);
    expect(selectErrorCount(store())).toBe(2);
  });

  it('counts only the errors that came after "Mark as seen"', () => {
    store().entriesAdded([logEntry('e1', 'error'), logEntry('w', 'warn'), logEntry('e2', 'error')]);
    expect(selectErrorCount(store())).toBe(2);
    store().errorsSeen();
    expect(selectErrorCount(store())).toBe(0);
    store().entriesAdded([logEntry('e3', 'error')]);
    expect(selectErrorCount(store())).toBe(1);
    // The lines themselves stay in the log.
    expect(selectVisibleEntries(store()).map((e) => e.message)).toEqual(['e1', 'w', 'e2', 'e3']);
  });
});
