/**
 * Generated requests for every contract command (test-only): mostly near-valid ones aimed at
 * the fuzz bench (mock-bench.toml) so handlers and persistence run, mutated with missing,
 * extra and wrong-typed fields, prototype names as keys and ids, and whole payloads that are
 * junk, `null`, absent, deep or huge. `Frame` says how the case travels over the socket.
 */
import fc from 'fast-check';
import { commands, commandNames, type CommandName } from '../../../../shared/ipc/contract.js';
import {
  confirmModules, confirmTimeoutS, hostileAdd, hostileRename, instrumentAction, instrumentConfig, instrumentId, maybe, moduleId, paramName, paramValue, persist, processors, roleName, transactionId,
} from './fuzz-fields-test-kit.js';
import { anyNumber, anything, keyArb, protoNames, Raw, typedString } from './fuzz-values-test-kit.js';

/** json: a call message; absent: one without `payload`; binary: the same bytes as a binary frame;
 * truncated: cut short (not JSON); oversize: padded past the frame limit; badutf8: not UTF-8. */
export type Frame = 'json' | 'absent' | 'binary' | 'truncated' | 'oversize' | 'badutf8';

export interface FuzzCase {
  readonly command: CommandName;
  readonly payload: unknown;
  readonly frame: Frame;
}

const empty = fc.constant({});
const force = maybe(fc.oneof(fc.boolean(), anything));
const label = maybe(fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(201)), anything));
const index = fc.oneof(fc.nat(3), anything);

/** How often a command is sent unbroken: cheap ones often, costly ones (a durable write, a file
 * parse, a port scan, a big answer) a handful of times per run, or the run would take minutes. */
const OFTEN = 10;
const SOMETIMES = 3;
const RARELY = 1;

/** A command's near-valid request (every field may still hold junk) and how often it goes unbroken. */
type Spec = readonly [fc.Arbitrary<Record<string, unknown>>, number];

const requests: Partial<Record<CommandName, Spec>> = {
  GetAppState: [empty, RARELY],
  GetSettings: [empty, SOMETIMES],
  SyncConfigToFile: [empty, RARELY],
  ReloadConfig: [empty, RARELY],
  GetLastReloadStatus: [empty, SOMETIMES],
  ListInstruments: [empty, SOMETIMES],
  ListModules: [empty, SOMETIMES],
  ListSerialPorts: [empty, RARELY],
  AddInstrumentDynamic: [fc.oneof({ weight: 30, arbitrary: fc.record({ id: instrumentId, config: instrumentConfig, processors, persist }) }, { weight: 1, arbitrary: hostileAdd }), OFTEN],
  RemoveInstrumentDynamic: [fc.record({ id: instrumentId, force, persist }), OFTEN],
  RemoveInstrumentCascade: [fc.record({ id: instrumentId, confirmModules, persist }), OFTEN],
  GetInstrumentDependencies: [fc.record({ id: instrumentId }), OFTEN],
  UpdateInstrumentParameter: [fc.oneof({ weight: 30, arbitrary: fc.record({ id: instrumentId, param: paramName, value: paramValue, persist }) }, { weight: 1, arbitrary: hostileRename }), OFTEN],
  AssignInstrumentToModule: [fc.record({ moduleId, role: roleName, instrumentId, persist }), OFTEN],
  UnassignInstrumentFromModule: [fc.record({ moduleId, role: roleName, persist }), OFTEN],
  StartModule: [fc.record({ id: moduleId }), OFTEN],
  StopModule: [fc.record({ id: moduleId }), OFTEN],
  InstrumentAction: [instrumentAction, OFTEN],
  // Looks at every file in the recordings folder, which the runs the fuzz starts keep filling.
  ListRuns: [empty, RARELY],
  GetModuleResults: [fc.record({ moduleId }), SOMETIMES],
  // Transactions live on disk: every call that gets past validation reads or writes a file.
  BeginTransaction: [fc.record({ label }), RARELY],
  StageInstrumentAdd: [fc.record({ transactionId, id: instrumentId, config: instrumentConfig, processors }), RARELY],
  StageInstrumentRemove: [fc.record({ transactionId, id: instrumentId, force }), RARELY],
  StageParameterUpdate: [fc.record({ transactionId, id: instrumentId, param: paramName, value: paramValue }), RARELY],
  StageModuleAssign: [fc.record({ transactionId, moduleId, role: roleName, instrumentId }), RARELY],
  StageModuleUnassign: [fc.record({ transactionId, moduleId, role: roleName }), RARELY],
  UnstageOperation: [fc.record({ transactionId, index }), RARELY],
  ValidateTransaction: [fc.record({ transactionId }), RARELY],
  CommitTransaction: [fc.record({ transactionId, confirmTimeoutS }), RARELY],
  ConfirmCommit: [fc.record({ transactionId }), RARELY],
  RollbackTransaction: [fc.record({ transactionId }), RARELY],
  ListTransactions: [empty, RARELY],
  GetTransaction: [fc.record({ transactionId }), RARELY],
};

/** `base` plus a key the contract does not have (or a prototype name). */
function extraKey(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  // Not undefined: JSON has no undefined, so the key would vanish on the socket.
  return fc.tuple(base, keyArb, anything.filter((v) => v !== undefined)).map(([o, k, v]) => Object.fromEntries([...Object.entries(o), [k, v]]));
}

const isTable = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);

/** Copies `base` with one change; Object.fromEntries keeps a `__proto__` key as an own key. */
function mutate(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const entries = (o: Record<string, unknown>): [string, unknown][] => Object.entries(o);
  return fc.oneof(
    base.chain((o) => (Object.keys(o).length ? fc.constantFrom(...Object.keys(o)).map((k) => Object.fromEntries(entries(o).filter(([key]) => key !== k))) : fc.constant(o))),
    extraKey(base),
    fc.tuple(base, anything).chain(([o, v]) =>
      Object.keys(o).length ? fc.constantFrom(...Object.keys(o)).map((k) => Object.fromEntries(entries(o).map(([key, old]) => [key, key === k ? v : old]))) : fc.constant(v),
    ),
    // A prototype name one level down, where looseObject tables (an instrument's config) live.
    fc.tuple(base, fc.constantFrom<string>(...protoNames)).map(([o, k]) =>
      Object.fromEntries(entries(o).map(([key, v]) => [key, isTable(v) ? Object.fromEntries([...entries(v), [k, { polluted: true }]]) : v])),
    ),
  );
}

/** Any field of a command without a generator of its own: an id of the bench, a string, a number, junk. */
const anyField = fc.oneof(instrumentId, moduleId, typedString, anyNumber, fc.boolean(), anything);

/**
 * A command added to the contract after these generators were written still gets fuzzed: its
 * request's field names (from the schema) with values of any kind, valid ones rarely.
 */
function specOf(command: CommandName): Spec {
  const known = requests[command];
  if (known) return known;
  const shape = (commands[command].request as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const fields = Object.keys(shape);
  return [fields.length ? fc.record(Object.fromEntries(fields.map((f) => [f, anyField]))) : empty, RARELY];
}

/** True for what an empty request accepts (`{}`, nothing): kept out of the junk of costly commands. */
const emptyish = (v: unknown): boolean => v === undefined || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

export function payloadFor(command: CommandName): fc.Arbitrary<unknown> {
  const [base, validWeight] = specOf(command);
  const rare = validWeight === RARELY;
  // Taking a field out of `{}` gives `{}` back, and out of a costly command often a valid call
  // (its fields are optional): those get an extra key, which strict requests always refuse.
  const broken = rare || base === empty ? extraKey(base) : mutate(base);
  return fc.oneof(
    { weight: validWeight, arbitrary: base },
    { weight: rare ? 300 : 4, arbitrary: broken },
    { weight: rare ? 20 : 1, arbitrary: fc.constantFrom<unknown>(null, ...(rare ? [] : [undefined]), 0, -0, '', 'text', [], true) },
    { weight: rare ? 20 : 1, arbitrary: rare ? anything.filter((v) => !emptyish(v)) : anything },
  );
}

// A frame past the limit is a megabyte on the wire: a few per command per run say what is needed.
const frame = fc.oneof(
  { weight: 1000, arbitrary: fc.constant<Frame>('json') },
  { weight: 20, arbitrary: fc.constantFrom<Frame>('absent', 'binary', 'truncated') },
  { weight: 2, arbitrary: fc.constant<Frame>('badutf8') },
  { weight: 1, arbitrary: fc.constant<Frame>('oversize') },
);

/** Without `absent`: a call with no payload is a valid call of a command without required fields. */
const presentFrame = frame.map((f) => (f === 'absent' ? 'json' : f));

export function caseFor(command: CommandName): fc.Arbitrary<FuzzCase> {
  const costly = specOf(command)[1] === RARELY;
  return fc.record({ command: fc.constant(command), payload: payloadFor(command), frame: costly ? presentFrame : frame });
}

/** `perCommand` cases of every command, interleaved so one batch mixes all of them. */
export function batchOf(perCommand: number): fc.Arbitrary<FuzzCase[]> {
  return fc
    .tuple(...commandNames.map((name) => fc.array(caseFor(name), { minLength: perCommand, maxLength: perCommand })))
    .map((lists) => Array.from({ length: perCommand }, (_, i) => lists.map((list) => list[i] as FuzzCase)).flat());
}
