/**
 * The transaction commands of the contract (feature 3): stage many changes, validate them,
 * commit them all or nothing (optionally with a confirmation window), roll back.
 */
import { z } from 'zod';
import { appErrorSchema } from '../errors.js';
import { processorSchema } from '../model/config.js';
import { idSchema } from '../model/ids.js';
import { instrumentConfigWireSchema, paramValueWireSchema } from '../model/runtime.js';
import { transactionViewSchema, validationReportSchema } from '../model/transactions.js';

/** A transaction id is a UUID; anything else is answered NOT_FOUND by the core. */
const transactionId = z.string().min(1).max(64);
const staged = z.object({ transaction: transactionViewSchema, index: z.number().int().nonnegative() });
const one = z.object({ transaction: transactionViewSchema });

export const transactionCommands = {
  BeginTransaction: {
    request: z.strictObject({ label: z.string().max(200).optional() }),
    response: z.object({ transactionId: z.string(), transaction: transactionViewSchema }),
  },
  StageInstrumentAdd: {
    request: z.strictObject({ transactionId, id: idSchema, config: instrumentConfigWireSchema, processors: z.array(processorSchema).max(32).optional() }),
    response: staged,
  },
  StageInstrumentRemove: {
    request: z.strictObject({ transactionId, id: idSchema, force: z.boolean().optional() }),
    response: staged,
  },
  StageParameterUpdate: {
    request: z.strictObject({ transactionId, id: idSchema, param: z.string().min(1).max(200), value: paramValueWireSchema }),
    response: staged,
  },
  StageModuleAssign: {
    request: z.strictObject({ transactionId, moduleId: idSchema, role: idSchema, instrumentId: idSchema }),
    response: staged,
  },
  StageModuleUnassign: {
    request: z.strictObject({ transactionId, moduleId: idSchema, role: idSchema }),
    response: staged,
  },
  UnstageOperation: {
    request: z.strictObject({ transactionId, index: z.number().int().nonnegative() }),
    response: one,
  },
  ValidateTransaction: { request: z.strictObject({ transactionId }), response: validationReportSchema },
  CommitTransaction: {
    request: z.strictObject({
      transactionId,
      /** Roll back by itself unless ConfirmCommit arrives within this many seconds. */
      confirmTimeoutS: z.number().int().min(5).max(3600).optional(),
    }),
    response: z.object({
      transaction: transactionViewSchema,
      persisted: z.boolean(),
      persistError: appErrorSchema.optional(),
      /** The configuration moved on since the transaction began and the operations went on top. */
      rebased: z.boolean(),
    }),
  },
  ConfirmCommit: { request: z.strictObject({ transactionId }), response: one },
  RollbackTransaction: { request: z.strictObject({ transactionId }), response: one },
  ListTransactions: { request: z.strictObject({}), response: z.object({ transactions: z.array(transactionViewSchema) }) },
  GetTransaction: { request: z.strictObject({ transactionId }), response: one },
} as const;
