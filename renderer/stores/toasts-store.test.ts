/**
 * Toasts close by themselves after their time, stay while being read, and never pile up past
 * the limit.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { initialToastsState, selectNextClosing, TOAST_DURATION_MS, TOAST_LIMIT, useToastsStore } from './toasts-store.js';

const store = () => useToastsStore.getState();
const refused = { code: 'TIMEOUT' as const, message: 'no reply' };

beforeEach(() => useToastsStore.setState(initialToastsState));

describe('toasts', () => {
  it('close by themselves: notices sooner than errors', () => {
    store().errorReported('Start scan', refused, 1000);
    store().successReported('Added instrument probe', 1000);
    expect(selectNextClosing(store())).toBe(1000 + TOAST_DURATION_MS.success);
    store().toastsExpired(1000 + TOAST_DURATION_MS.success);
    expect(store().toasts).toMatchObject([{ kind: 'error', action: 'Start scan' }]);
    store().toastsExpired(1000 + TOAST_DURATION_MS.error);
    expect(store().toasts).toEqual([]);
    expect(selectNextClosing(store())).toBeNull();
  });

  it('stay while pointed at or focused, and get their full time again when left', () => {
    store().errorReported('Start scan', refused, 0);
    const [toast] = store().toasts;
    store().toastReading(toast!.id, true, 100);
    store().toastsExpired(60_000);
    expect(store().toasts).toHaveLength(1);
    expect(selectNextClosing(store())).toBeNull();
    store().toastReading(toast!.id, false, 60_000);
    store().toastsExpired(60_000 + TOAST_DURATION_MS.error - 1);
    expect(store().toasts).toHaveLength(1);
    store().toastsExpired(60_000 + TOAST_DURATION_MS.error);
    expect(store().toasts).toEqual([]);
  });

  it(`show at most ${TOAST_LIMIT}, the newest`, () => {
    for (let i = 0; i < 6; i += 1) store().errorReported(`Start m${i}`, refused, 0);
    expect(store().toasts.map((t) => t.action)).toEqual(['Start m3', 'Start m4', 'Start m5']);
  });
});
