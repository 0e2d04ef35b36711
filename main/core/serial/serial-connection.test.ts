/**
 * Ownership, initialisation and reconnection of one port, against an in-process simulated
 * 1830-C (`sim://`), whose cable a test can pull and plug back in.
 */
import { describe, expect, it, vi } from 'vitest';
import { Newport1830cSim } from './sim/newport-1830c-sim.js';
import { createSerialEnv, type SerialEnv } from './serial-env.js';
import { OPEN_QUIET_MS, SerialConnection, type ConnectionHooks } from './serial-connection.js';
import { ScriptedPort } from './test-support/scripted-port.js';
import type { Requester } from './serial-link.js';

const PATH = 'sim://newport_1830c/bench';

function fastEnv(): SerialEnv {
  return createSerialEnv({ backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 }, replyTimeoutMs: 100 });
}

function recorder(initialise: (link: Requester) => Promise<void> = async (link) => void (await link.request({ text: 'U?', expectsReply: true }))) {
  const events: string[] = [];
  const hooks: ConnectionHooks = {
    initialise: async (link) => {
      events.push('initialise');
      await initialise(link);
    },
    lost: (reason) => events.push(`lost: ${reason}`),
    restored: () => events.push('restored'),
    warn: (m) => events.push(`warn: ${m}`),
  };
  return { events, hooks };
}

/** An environment whose opener counts attempts, so a test can wait for reconnection to have tried. */
function countingOpens(base: SerialEnv): { env: SerialEnv; attempts: () => number; failed: () => number } {
  let attempts = 0;
  let failed = 0;
  const env: SerialEnv = {
    ...base,
    open: async (o) => {
      attempts += 1;
      try {
        return await base.open(o);
      } catch (err) {
        failed += 1;
        throw err;
      }
    },
  };
  return { env, attempts: () => attempts, failed: () => failed };
}

function connection(env: SerialEnv, hooks: ConnectionHooks, owner = 'pm'): SerialConnection {
  return new SerialConnection({ owner, port: { path: PATH, baudRate: 9600 }, framing: { terminator: '\n', replyTimeoutMs: 100 }, env, hooks });
}

/** Opens under fake timers (performance too: the link measures its quiet with it): the first command waits out the quiet start. */
async function openThroughQuiet(c: SerialConnection): Promise<void> {
  const opening = c.open();
  await vi.advanceTimersByTimeAsync(OPEN_QUIET_MS);
  await opening;
}

describe('SerialConnection', () => {
  it('opens, initialises and runs commands; a second owner of the port is refused until the first closes', async () => {
    const env = fastEnv();
    const { events, hooks } = recorder();
    const a = connection(env, hooks);
    await a.open();
    expect(a.isUp).toBe(true);
    expect(events).toEqual(['initialise']);
    await expect(a.request({ text: 'D?', expectsReply: true })).resolves.toMatch(/E-[34]$/);
    const b = connection(env, recorder().hooks, 'pm2');
    await expect(b.open()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: `serial port ${PATH} is already used by instrument "pm"; a port has one owner` });
    await a.close();
    await b.open();
    await b.close();
  });

  it('a failing initialisation fails open and leaves the port and its ownership free', async () => {
    const env = fastEnv();
    const sim = env.simulators.simulator(PATH);
    sim.injectFault('no-reply');
    const a = connection(env, recorder().hooks);
    await expect(a.open()).rejects.toMatchObject({ code: 'TIMEOUT', message: `no reply to "U?" from ${PATH} within 100 ms` });
    sim.clearFaults();
    const b = connection(env, recorder().hooks, 'other');
    await b.open();
    await b.close();
  });

  it('reports a pulled cable, fails commands at once while away, and restores itself when plugged back in', async () => {
    const opens = countingOpens(fastEnv());
    const env = opens.env;
    const { events, hooks } = recorder();
    const c = connection(env, hooks);
    await c.open();
    const pending = c.request({ text: 'D?', expectsReply: true });
    env.simulators.unplug(PATH);
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^serial port sim:\/\/newport_1830c\/bench disconnected/) });
    expect(events).toEqual(['initialise', `lost: port ${PATH} disconnected, reconnecting`]);
    expect(c.isUp).toBe(false);
    await expect(c.request({ text: 'D?', expectsReply: true })).rejects.toThrow(`serial port ${PATH} is disconnected, reconnecting`);
    // A few failed attempts while unplugged: reconnection goes on after failing.
    await vi.waitFor(() => expect(opens.failed()).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    env.simulators.replug(PATH);
    await vi.waitFor(() => expect(events.at(-1)).toBe('restored'));
    expect(events.filter((e) => e === 'initialise')).toHaveLength(2);
    await expect(c.request({ text: 'D?', expectsReply: true })).resolves.toMatch(/E-[34]$/);
    await c.close();
  });

  it('keeps retrying while the device is back but not answering yet', async () => {
    const env = fastEnv();
    const { events, hooks } = recorder();
    const c = connection(env, hooks);
    await c.open();
    const sim = env.simulators.simulator(PATH);
    sim.injectFault('no-reply');
    env.simulators.unplug(PATH);
    env.simulators.replug(PATH);
    await vi.waitFor(() => expect(events.filter((e) => e === 'initialise').length).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    expect(events).not.toContain('restored');
    sim.clearFaults();
    await vi.waitFor(() => expect(events.at(-1)).toBe('restored'), { timeout: 3000 });
    await c.close();
  });

  it('a port whose close never completes is released anyway after a bounded wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const base = fastEnv();
      const env: SerialEnv = {
        ...base,
        open: async (o) => {
          const port = await base.open(o);
          return Object.assign(Object.create(Object.getPrototypeOf(port) as object) as typeof port, port, { close: () => new Promise<void>(() => undefined) });
        },
      };
      const a = connection(env, recorder().hooks);
      await openThroughQuiet(a);
      expect(env.ownership.ownerOf(PATH)).toBe('pm');
      const closing = a.close();
      await vi.advanceTimersByTimeAsync(2500);
      await closing;
      // The OS may still hold the device, but no instrument of ours claims the port any more.
      expect(env.ownership.ownerOf(PATH)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('close during reconnection stops it and frees the port', async () => {
    // Fake time, so "never" is provable: every backoff delay at which a reconnection attempt
    // could come is run through below.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const opens = countingOpens(fastEnv());
      const env = opens.env;
      const { events, hooks } = recorder();
      const c = connection(env, hooks);
      await openThroughQuiet(c);
      env.simulators.unplug(PATH);
      await c.close();
      env.simulators.replug(PATH);
      // The backoff is capped at 40 ms: a reconnection still going would have tried many times
      // over. The port was opened once, by open(), and never again.
      await vi.advanceTimersByTimeAsync(1000);
      expect(opens.attempts()).toBe(1);
      expect(events).not.toContain('restored');
      expect(env.ownership.ownerOf(PATH)).toBeUndefined();
      await expect(c.request({ text: 'D?', expectsReply: true })).rejects.toThrow(`serial port ${PATH} is closed`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats a command timeout on a port whose device node is gone as a pulled cable', async () => {
    let opens = 0;
    const env = createSerialEnv({
      backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 },
      openReal: async (o) => {
        opens += 1;
        if (opens === 3) env.simulators.simulator(PATH).clearFaults();
        return env.simulators.open({ ...o, path: PATH });
      },
    });
    const { events, hooks } = recorder(async () => undefined);
    const c = new SerialConnection({ owner: 'pm', port: { path: '/dev/daq-test-vanished', baudRate: 9600 }, framing: { terminator: '\n', replyTimeoutMs: 50 }, env, hooks });
    await c.open();
    env.simulators.simulator(PATH).injectFault('no-reply');
    await expect(c.request({ text: 'D?', expectsReply: true })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(events).toEqual(['initialise', 'lost: port /dev/daq-test-vanished disconnected, reconnecting']);
    await vi.waitFor(() => expect(events.at(-1)).toBe('restored'));
    await c.close();
  });

  it('passes the port’s warnings on', async () => {
    const env = createSerialEnv({
      openReal: async (o) => {
        const port = await env.simulators.open({ ...o, path: PATH });
        return Object.assign(Object.create(port) as typeof port, { warnings: ['could not raise RTS/DTR on /dev/pts/9'] });
      },
    });
    const { events, hooks } = recorder(async () => undefined);
    const c = new SerialConnection({ owner: 'stage', port: { path: '/dev/pts/9', baudRate: 19200 }, framing: { terminator: '\r\n', replyTimeoutMs: 100 }, env, hooks });
    await c.open();
    expect(events).toEqual(['warn: could not raise RTS/DTR on /dev/pts/9', 'initialise']);
    await c.close();
  });
});

describe('SerialConnection on a port another process had', () => {
  it('does not take a reply meant for the previous owner as the answer to its first query', async () => {
    // The reply to the killed process's last query arrives 20 ms after our open; the device
    // answers our own `U?` in 30 ms. Only a quiet start keeps the two apart.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const env = createSerialEnv({
        openReal: async () => {
          const port = new ScriptedPort((cmd, p) => cmd === 'U?\n' && p.answer('1\n', 30));
          port.answer('9.871E-4\n', 20);
          return port;
        },
      });
      const replies: (string | undefined)[] = [];
      const { hooks } = recorder(async (link) => void replies.push(await link.request({ text: 'U?', expectsReply: true })));
      const c = new SerialConnection({ owner: 'pm', port: { path: '/dev/ttyFAKE0', baudRate: 9600 }, framing: { terminator: '\n', replyTimeoutMs: 100 }, env, hooks });
      const opened = c.open();
      await vi.advanceTimersByTimeAsync(OPEN_QUIET_MS + 40);
      await opened;
      expect(replies).toEqual(['1']);
      const closed = c.close();
      await vi.advanceTimersByTimeAsync(0);
      await closed;
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('simulated device used directly', () => {
  it('answers on the in-process port like the real meter', () => {
    const sim = new Newport1830cSim({ powerW: 2e-3, ripple: 0, noise: 0 });
    const out: string[] = [];
    sim.attach({ send: (b) => out.push(b.toString()) });
    sim.receive(Buffer.from('D?\nW?\n'));
    expect(out).toEqual(['2.000E-3\n', '0800\n']);
  });
});
