/**
 * The listener half every port here shares (the real adapter, the simulators' in-process
 * ports, the tests' scripted one): received bytes and the close, each to whoever subscribed.
 */
import { EventEmitter } from 'node:events';
import type { PortClosed } from './serial-port-like.js';

export abstract class PortEvents {
  private readonly listeners = new EventEmitter();

  /** Subscribes to received bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void {
    this.listeners.on('data', listener);
    return () => this.listeners.off('data', listener);
  }

  /** Subscribes to the port closing; returns the unsubscribe function. */
  onClose(listener: (closed: PortClosed) => void): () => void {
    this.listeners.on('close', listener);
    return () => this.listeners.off('close', listener);
  }

  protected received(chunk: Buffer): void {
    this.listeners.emit('data', chunk);
  }

  protected closedWith(closed: PortClosed): void {
    this.listeners.emit('close', closed);
  }
}
