/**
 * Event batches with a monotonically increasing `seq`. State events collected while a command
 * runs go out as one batch when it ends; readings are coalesced (latest value per channel) and
 * flushed at most ten times a second so the renderer is never flooded.
 */
import type { DaqEvent, EventBatch } from '../../../shared/ipc/contract.js';
import type { Reading } from '../../../shared/model/runtime.js';

export type BatchListener = (batch: EventBatch) => void;

export class EventBus {
  private seq = 0;
  private pending: DaqEvent[] = [];
  private readings = new Map<string, Reading>();
  private readonly listeners = new Set<BatchListener>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly readingsIntervalMs = 100) {}

  /** The seq of the last batch sent: a snapshot taken now reflects everything up to it. */
  get currentSeq(): number {
    return this.seq;
  }

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues a state event; it leaves with the next {@link flush}. */
  emit(event: DaqEvent): void {
    this.pending.push(event);
  }

  /** Keeps the latest reading per channel until the next readings tick. */
  pushReading(reading: Reading): void {
    this.readings.set(reading.channel, reading);
  }

  /** Sends the queued state events as one batch (no batch when nothing is queued). */
  flush(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.send(events);
  }

  /** Starts the readings tick; `beforeFlush` lets the core queue derived events (module stats) first. */
  startReadingsTicker(beforeFlush?: () => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      beforeFlush?.();
      this.flushReadings();
    }, this.readingsIntervalMs);
    this.timer.unref?.();
  }

  stopReadingsTicker(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sends the coalesced readings as one batch. */
  flushReadings(): void {
    if (this.readings.size === 0) return;
    const readings = [...this.readings.values()];
    this.readings.clear();
    this.send([{ type: 'instruments:readings', readings }]);
  }

  /** Drops readings of a channel prefix (an instrument that just went away). */
  dropReadings(instrumentId: string): void {
    for (const key of this.readings.keys()) if (key.startsWith(`${instrumentId}:`)) this.readings.delete(key);
  }

  private send(events: DaqEvent[]): void {
    this.seq += 1;
    const batch: EventBatch = { seq: this.seq, events };
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch {
        // A failing subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }
}
