/**
 * The driver of a type this build cannot reach yet (serial instruments before serial support,
 * cameras without their SDK). Connecting fails with a reason the GUI shows, so the instrument
 * appears as "error: …" rather than pretending to run.
 */
import { AppError } from '../../../shared/errors.js';
import type { InstrumentDriver } from './driver.js';

export class UnavailableDriver implements InstrumentDriver {
  constructor(private readonly reason: string) {}

  async connect(): Promise<void> {
    throw new AppError('UNAVAILABLE', this.reason, { permanent: true });
  }

  async applyParameter(): Promise<void> {
    throw new AppError('UNAVAILABLE', this.reason);
  }

  async disconnect(): Promise<void> {}
}
