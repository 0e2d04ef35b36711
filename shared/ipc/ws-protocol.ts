/**
 * Browser mode's wire format over the loopback WebSocket: the same contract as Electron IPC.
 * The page is opened as `http://127.0.0.1:<port>/?token=<token>` and connects to
 * `ws://127.0.0.1:<port>/ws?token=<token>`; a wrong token or a foreign Origin is refused.
 */
import { z } from 'zod';
import { appErrorSchema } from '../errors.js';
import { eventBatchSchema } from './contract.js';

export const WS_PATH = '/ws';

/**
 * The largest frame the server reads. A bigger one closes that connection with 1009 (message
 * too big); the limits on what a call may hold are `payloadLimits` in contract.ts.
 */
export const WS_MAX_MESSAGE_BYTES = 1 << 20;

export const wsClientMessageSchema = z.strictObject({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  command: z.string().max(100),
  payload: z.unknown(),
});
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

export const wsServerMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('result'),
    id: z.number().int(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: appErrorSchema }),
    ]),
  }),
  z.object({ kind: z.literal('events'), batch: eventBatchSchema }),
]);
export type WsServerMessage = z.infer<typeof wsServerMessageSchema>;
