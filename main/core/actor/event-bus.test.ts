import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBatch } from '../../../shared/ipc/contract.js';
import { eventBatchSchema } from '../../../shared/ipc/contract.js';
import { EventBus } from './event-bus.js';

const reading = (channel: string, value: number) => ({ channel, value, unit: 'V', timestamp: value });

afterEach(() => {
  vi.useRealTimers();
});

describe('EventBus', () => {
  it('sends queued state events as one batch per flush, seq increasing by one, nothing when empty', () => {
    const bus = new EventBus(100);
    const batches: EventBatch[] = [];
    bus.subscribe((b) => batches.push(b));
    bus.flush();
    expect(batches).toEqual([]);
    bus.emit({ type: 'instruments:instrument-removed', id: 'a' });
    bus.emit({ type: 'modules:module-removed', id: 'm' });
    bus.flush();
    bus.emit({ type: 'instruments:instrument-removed', id: 'b' });
    bus.flush();
    expect(batches.map((b) => [b.seq, b.events.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(bus.currentSeq).toBe(2);
    for (const b of batches) expect(eventBatchSchema.safeParse(b).success).toBe(true);
  });

  it('coalesces readings to the latest per channel and sends them at most once per interval', async () => {
    vi.useFakeTimers();
    const bus = new EventBus(100);
    const batches: EventBatch[] = [];
    bus.subscribe((b) => batches.push(b));
    let before = 0;
    bus.startReadingsTicker(() => {
      before += 1;
    });
    bus.startReadingsTicker();
    for (let i = 1; i <= 50; i += 1) {
      bus.pushReading(reading('a:x', i));
      bus.pushReading(reading('b:x', -i));
    }
    await vi.advanceTimersByTimeAsync(99);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([{ seq: 1, events: [{ type: 'instruments:readings', readings: [reading('a:x', 50), reading('b:x', -50)] }] }]);
    await vi.advanceTimersByTimeAsync(500);
    expect(batches).toHaveLength(1);
    expect(before).toBe(6);
    bus.pushReading(reading('a:x', 51));
    await vi.advanceTimersByTimeAsync(100);
    expect(batches.map((b) => b.seq)).toEqual([1, 2]);
    bus.stopReadingsTicker();
    bus.stopReadingsTicker();
    bus.pushReading(reading('a:x', 52));
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops the pending readings of one instrument only', () => {
    const bus = new EventBus();
    const batches: EventBatch[] = [];
    bus.subscribe((b) => batches.push(b));
    bus.pushReading(reading('pm:power', 1));
    bus.pushReading(reading('pm2:power', 2));
    bus.dropReadings('pm');
    bus.flushReadings();
    expect(batches[0]?.events).toEqual([{ type: 'instruments:readings', readings: [reading('pm2:power', 2)] }]);
  });

  it('keeps delivering to the other subscribers when one throws, and stops after unsubscribe', () => {
    const bus = new EventBus();
    const got: number[] = [];
    bus.subscribe(() => {
      throw new Error('closed socket');
    });
    const off = bus.subscribe((b) => got.push(b.seq));
    bus.emit({ type: 'modules:module-removed', id: 'm' });
    bus.flush();
    off();
    bus.emit({ type: 'modules:module-removed', id: 'm' });
    bus.flush();
    expect(got).toEqual([1]);
    expect(bus.currentSeq).toBe(2);
  });
});
