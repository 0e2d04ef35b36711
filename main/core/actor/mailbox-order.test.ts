/**
 * State changes that no command started — a driver reporting a fault or a recovery — wait for
 * the command in progress, as the mailbox promises: a command never sees the instrument it is
 * changing flip under it, and the change lands in a batch of its own afterwards.
 */
import { describe, expect, it } from 'vitest';
import { BENCH, FakeDevice, ok, startCore } from './test-support/test-kit.js';

describe('driver callbacks go through the mailbox', () => {
  it('a fault reported while a command runs is applied after it', async () => {
    let release: () => void = () => undefined;
    const dev = new FakeDevice();
    const h = await startCore(BENCH, { drivers: { mock: dev } });
    dev.behaviour = { apply: () => new Promise<void>((r) => (release = r)) };
    const update = ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 2 });
    await new Promise((r) => setImmediate(r));
    dev.ctx('sig').fault('cable pulled');
    // The command is still running: the fault has not touched the instrument yet.
    const inFlight = h.core.call('GetAppState', {});
    release();
    const answer = await update;
    expect(answer.instrument.status).toBe('running');
    const state = await inFlight;
    expect(state.ok && (state.value as { instruments: { id: string; status: string }[] }).instruments.find((i) => i.id === 'sig')?.status).toBe('error');
  });
});
