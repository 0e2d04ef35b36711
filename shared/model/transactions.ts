/**
 * Transactions as they cross the contract: the operations a change set stages, its state, and
 * the validation report that ties every problem to the operation it belongs to.
 */
import { z } from 'zod';
import { errorCodes } from '../errors.js';
import { processorSchema } from './config.js';
import { idSchema } from './ids.js';
import { instrumentConfigWireSchema, paramValueWireSchema } from './runtime.js';

/** One staged operation; `kind` names the command it stands for. */
export const stagedOperationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('add-instrument'),
    id: idSchema,
    config: instrumentConfigWireSchema,
    processors: z.array(processorSchema).max(32).optional(),
  }),
  z.strictObject({ kind: z.literal('remove-instrument'), id: idSchema, force: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('update-parameter'), id: idSchema, param: z.string().min(1).max(200), value: paramValueWireSchema }),
  z.strictObject({ kind: z.literal('assign-role'), moduleId: idSchema, role: idSchema, instrumentId: idSchema }),
  z.strictObject({ kind: z.literal('unassign-role'), moduleId: idSchema, role: idSchema }),
]);
export type StagedOperation = z.infer<typeof stagedOperationSchema>;

/** Most operations one change set may hold. */
export const MAX_STAGED_OPERATIONS = 500;

export const transactionStateSchema = z.enum([
  'open', // staging
  'confirming', // committed with a confirmation window: rolled back unless ConfirmCommit arrives
  'committed',
  'rolled-back', // a confirmed-commit window that ended in a rollback
  'discarded', // RollbackTransaction before commit
  'expired',
]);
export type TransactionState = z.infer<typeof transactionStateSchema>;

/** One problem (or warning) of a change set, with the staged operation it belongs to. */
export const validationItemSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** Index into the operations; null for a problem of the change set as a whole. */
  operation: z.number().int().nullable(),
  /** Key path in the config (`instruments.pm.wavelength`), or '' where none applies. */
  path: z.string(),
  /** Where the file the commit would write has the problem (1-based), if it is about the file. */
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type ValidationItem = z.infer<typeof validationItemSchema>;

export const validationReportSchema = z.object({
  valid: z.boolean(),
  errors: z.array(validationItemSchema),
  warnings: z.array(validationItemSchema),
  /** The text the commit would write, for a preview (absent when it cannot be built). */
  preview: z.object({ before: z.string(), after: z.string() }).optional(),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;

export const transactionViewSchema = z.object({
  transactionId: z.string(),
  label: z.string().optional(),
  state: transactionStateSchema,
  operations: z.array(stagedOperationSchema),
  /** Content hash of the config file when the transaction began. */
  baseRevision: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  validation: validationReportSchema.nullable(),
  /** While `confirming`: when the commit is rolled back unless confirmed. */
  confirmDeadline: z.string().optional(),
  committedAt: z.string().optional(),
  /** Why it ended as it did (expired, rolled back after the window, …). */
  note: z.string().optional(),
  /**
   * Set when the config file already holds this state but the transaction's own record could
   * not be written (disk full, folder moved away): why. The app keeps it and writes it again.
   */
  recordNotSaved: z.string().optional(),
});
export type TransactionView = z.infer<typeof transactionViewSchema>;
