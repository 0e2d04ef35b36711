import { describe, expect, it } from 'vitest';
import { WS_PATH, wsClientMessageSchema, wsServerMessageSchema } from './ws-protocol.js';

describe('ws protocol', () => {
  it('accepts a call and refuses malformed calls', () => {
    expect(WS_PATH).toBe('/ws');
    const call = { kind: 'call', id: 7, command: 'ListInstruments', payload: {} };
    expect(wsClientMessageSchema.parse(call)).toEqual(call);
    expect(wsClientMessageSchema.safeParse({ ...call, payload: undefined }).success).toBe(true);
    expect(wsClientMessageSchema.safeParse({ ...call, id: -1 }).success).toBe(false);
    expect(wsClientMessageSchema.safeParse({ ...call, id: 1.5 }).success).toBe(false);
    expect(wsClientMessageSchema.safeParse({ ...call, kind: 'result' }).success).toBe(false);
    expect(wsClientMessageSchema.safeParse({ ...call, command: 'x'.repeat(101) }).success).toBe(false);
    expect(wsClientMessageSchema.safeParse({ ...call, token: 'secret' }).success).toBe(false);
  });

  it('accepts results and event batches from the server', () => {
    const okResult = { kind: 'result', id: 7, result: { ok: true, value: { instruments: [] } } };
    const errResult = { kind: 'result', id: 8, result: { ok: false, error: { code: 'NOT_FOUND', message: 'no instrument "x"' } } };
    const events = { kind: 'events', batch: { seq: 1, events: [{ type: 'instruments:instrument-removed', id: 'x' }] } };
    for (const msg of [okResult, errResult, events]) expect(wsServerMessageSchema.safeParse(msg).success).toBe(true);
  });

  it('refuses server messages with unknown error codes, bad batches or unknown kinds', () => {
    expect(wsServerMessageSchema.safeParse({ kind: 'result', id: 1, result: { ok: false, error: { code: 'OOPS', message: '' } } }).success).toBe(false);
    expect(wsServerMessageSchema.safeParse({ kind: 'result', id: 1, result: { ok: false } }).success).toBe(false);
    expect(wsServerMessageSchema.safeParse({ kind: 'events', batch: { seq: 'one', events: [] } }).success).toBe(false);
    expect(wsServerMessageSchema.safeParse({ kind: 'hello' }).success).toBe(false);
  });
});
