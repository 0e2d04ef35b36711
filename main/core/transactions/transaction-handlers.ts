/** The transaction commands: each one is a call on the {@link TransactionManager}. */
import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import type { transactionCommands } from '../../../shared/ipc/transaction-contract.js';
import type { TransactionManager } from './transaction-manager.js';

type TransactionCommand = keyof typeof transactionCommands & CommandName;

type TransactionHandlers = {
  readonly [K in TransactionCommand]: (env: { readonly transactions: TransactionManager }, req: CommandRequest<K>) => Promise<CommandResponse<K>>;
};

export const transactionHandlers: TransactionHandlers = {
  BeginTransaction: async ({ transactions }, req) => {
    const transaction = await transactions.begin(req.label);
    return { transactionId: transaction.transactionId, transaction };
  },
  StageInstrumentAdd: ({ transactions }, { transactionId, id, config, processors }) =>
    transactions.stage(transactionId, { kind: 'add-instrument', id, config, ...(processors ? { processors } : {}) }),
  StageInstrumentRemove: ({ transactions }, { transactionId, id, force }) =>
    transactions.stage(transactionId, { kind: 'remove-instrument', id, ...(force === undefined ? {} : { force }) }),
  StageParameterUpdate: ({ transactions }, { transactionId, id, param, value }) =>
    transactions.stage(transactionId, { kind: 'update-parameter', id, param, value }),
  StageModuleAssign: ({ transactions }, { transactionId, moduleId, role, instrumentId }) =>
    transactions.stage(transactionId, { kind: 'assign-role', moduleId, role, instrumentId }),
  StageModuleUnassign: ({ transactions }, { transactionId, moduleId, role }) => transactions.stage(transactionId, { kind: 'unassign-role', moduleId, role }),
  UnstageOperation: async ({ transactions }, { transactionId, index }) => ({ transaction: await transactions.unstage(transactionId, index) }),
  ValidateTransaction: ({ transactions }, { transactionId }) => transactions.validate(transactionId),
  CommitTransaction: ({ transactions }, { transactionId, confirmTimeoutS }) => transactions.commit(transactionId, confirmTimeoutS),
  ConfirmCommit: async ({ transactions }, { transactionId }) => ({ transaction: await transactions.confirm(transactionId) }),
  RollbackTransaction: async ({ transactions }, { transactionId }) => ({ transaction: await transactions.rollback(transactionId) }),
  ListTransactions: async ({ transactions }) => ({ transactions: await transactions.list() }),
  GetTransaction: async ({ transactions }, { transactionId }) => ({ transaction: await transactions.get(transactionId) }),
};
