/**
 * Invariants 4–6 on what the app keeps beside the config, checked on a fresh core that has
 * just started on the folder the kill left (start-up is where recovery happens): the versions
 * index names exactly the version files and each of them loads; no commit is left half done
 * and the transaction records agree with what the core answers; no temp file of an interrupted
 * write is left beside the config. Also counts what start-up leaves in `.daq/` without a
 * promise either way, for the summary.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { loadConfigText, type Core } from '../../main/core/index.js';
import { TransactionStore } from '../../main/core/transactions/transaction-store.js';
import { readStoredIndex } from '../../main/core/versioning/version-index.js';
import { parseVersionFile } from '../../main/core/versioning/version-names.js';
import type { Finding } from './file-observations.js';
import type { RunLedger } from './run-ledger.js';

const TEMP_MARKER = '.daq-tmp-';
/** Version texts already found to load, by content hash: version files never change. */
const loadsByHash = new Map<string, boolean>();

export interface StoreCheckResult {
  readonly findings: Finding[];
  readonly checks: number;
  /** Temp files left in `.daq/` folders that start-up does not clean (not a promise of the code). */
  readonly strayTemps: string[];
}

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

async function ask(core: Core, command: string, request: unknown): Promise<Record<string, unknown>> {
  const answer = (await core.call(command, request)) as Answer;
  if (!answer.ok) throw new Error(`${command} failed on the checking core: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function checkVersions(core: Core, configPath: string, ledger: RunLedger): Promise<StoreCheckResult> {
  const findings: Finding[] = [];
  const folderName = basename(configPath);
  const folder = join(dirname(configPath), '.daq', 'config_versions', folderName);
  // Listing is where the store reconciles its index with the files (and rebuilds a lost one).
  const listed = ((await ask(core, 'ListConfigVersions', {}))['versions'] as { versionId: string }[]).map((v) => v.versionId).sort();
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = names.filter((n) => parseVersionFile(n) !== undefined).sort();
  const fileIds = files.map((f) => `${folderName}/${f}`);
  let checks = 2;
  if (JSON.stringify(listed) !== JSON.stringify(fileIds)) findings.push({ invariant: '4-versions', message: `ListConfigVersions names [${listed.join(', ')}] but the folder holds [${fileIds.join(', ')}]` });
  const stored = await readStoredIndex(folder);
  const indexed = [...stored.entries.keys()].sort();
  // No index and no versions (the app was killed before it kept one) is whole: nothing to rebuild.
  const neverKept = files.length === 0 && !names.includes('index.json');
  if ((stored.damaged && !neverKept) || JSON.stringify(indexed) !== JSON.stringify(files)) {
    findings.push({ invariant: '4-versions', message: `after listing, the stored index ${stored.damaged ? 'is damaged and ' : ''}names [${indexed.join(', ')}] but the folder holds [${files.join(', ')}]` });
  }
  const labeledHashes = new Set<string>();
  for (const file of files) {
    checks += 1;
    const bytes = await readFile(join(folder, file));
    const hash = sha256(bytes);
    if (parseVersionFile(file)?.label) labeledHashes.add(hash);
    const entry = stored.entries.get(file);
    if (entry && entry.hash !== hash) findings.push({ invariant: '4-versions', message: `the index says ${file} has hash ${entry.hash.slice(0, 12)}…, its bytes hash to ${hash.slice(0, 12)}…` });
    if (!loadsByHash.has(hash)) loadsByHash.set(hash, loadConfigText(bytes.toString('utf8'), configPath).ok);
    if (!loadsByHash.get(hash)) {
      const kept = entry ? `kept by ${entry.source} before "${entry.summary}"` : 'not in the index';
      const kind = `a version that does not load, kept by ${entry?.source.split(' ')[0] ?? 'an unknown source'}`;
      findings.push({ invariant: '4-versions', kind, message: `version ${file} (${bytes.length} bytes, ${kept}) does not load as a config:\n${bytes.toString('utf8')}` });
    }
  }
  for (const [hash, label] of ledger.labeledSnapshots) {
    checks += 1;
    if (!labeledHashes.has(hash)) findings.push({ invariant: '4-versions', message: `the snapshot labeled ${label} (hash ${hash.slice(0, 12)}…) was acknowledged but no labeled version holds its bytes` });
  }
  const strayTemps = names.filter((n) => n.includes(TEMP_MARKER) || n === 'index.lock').map((n) => `config_versions/${folderName}/${n}`);
  return { findings, checks, strayTemps };
}

interface TransactionLook {
  readonly transactionId: string;
  readonly state: string;
}

export async function checkTransactions(core: Core, configPath: string, ledger: RunLedger, journalsBefore: readonly string[]): Promise<StoreCheckResult> {
  const findings: Finding[] = [];
  const store = new TransactionStore(configPath);
  let checks = 2;
  const left = await store.readJournals();
  if (left.length) findings.push({ invariant: '5-transactions', message: `journals still there after start-up (${left.map((j) => j.name).join(', ')}): an interrupted step was not resolved` });
  const { records, damaged } = await store.list();
  if (damaged.length) findings.push({ invariant: '5-transactions', message: `damaged transaction records: ${damaged.join(', ')}` });
  const listed = (await ask(core, 'ListTransactions', {}))['transactions'] as TransactionLook[];
  const stateOf = new Map(records.map((r) => [r.transactionId, r.state]));
  if (listed.length !== records.length || listed.some((t) => stateOf.get(t.transactionId) !== t.state)) {
    findings.push({ invariant: '5-transactions', message: `ListTransactions answers ${listed.length} transaction(s), the store holds ${records.length}, or their states differ` });
  }
  for (const before of journalsBefore) {
    if (!stateOf.has(before)) findings.push({ invariant: '5-transactions', message: `a journal named transaction ${before}, which has no record after recovery` });
  }
  for (const record of records) {
    checks += 1;
    const got = (await ask(core, 'GetTransaction', { transactionId: record.transactionId }))['transaction'] as TransactionLook;
    if (got.state !== record.state) findings.push({ invariant: '5-transactions', message: `GetTransaction says ${record.transactionId} is ${got.state}, its record says ${record.state}` });
    const id = record.transactionId;
    const landed = record.state === 'committed' || record.state === 'confirming' || record.state === 'rolled-back';
    if (ledger.committed.has(id) && !landed) findings.push({ invariant: '5-transactions', message: `the commit of ${id} was acknowledged, but its record is ${record.state}` });
    if (ledger.confirmed.has(id) && record.state !== 'committed') findings.push({ invariant: '5-transactions', message: `${id} was confirmed, but its record is ${record.state}` });
    if (ledger.rolledBack.has(id) && record.state !== 'rolled-back') findings.push({ invariant: '5-transactions', message: `${id} was rolled back, but its record is ${record.state}` });
    if (record.state === 'confirming' && (record.preCommitText === undefined || !record.confirmDeadline)) findings.push({ invariant: '5-transactions', message: `${id} waits for confirmation without the text to roll back to or a deadline` });
  }
  const strays = (await readdir(store.folder).catch(() => [] as string[])).filter((n) => n.includes(TEMP_MARKER));
  if (strays.length) findings.push({ invariant: '5-transactions', message: `temp files left in the transactions folder after start-up: ${strays.join(', ')}` });
  return { findings, checks, strayTemps: [] };
}

/** Temp files beside the config after start-up (which removes those of dead writers), and what `.daq/` keeps. */
export async function checkTempFiles(configPath: string): Promise<StoreCheckResult> {
  const folder = dirname(configPath);
  const beside = (await readdir(folder)).filter((n) => n.includes(TEMP_MARKER));
  const findings: Finding[] = beside.length ? [{ invariant: '6-leftovers', message: `temp files beside the config after start-up: ${beside.join(', ')}` }] : [];
  const daq = join(folder, '.daq');
  const strayTemps = [...(await readdir(daq).catch(() => [] as string[])).filter((n) => n.includes(TEMP_MARKER)), ...(await readdir(join(daq, 'hand-edits')).catch(() => [] as string[])).filter((n) => n.includes(TEMP_MARKER)).map((n) => `hand-edits/${n}`)];
  return { findings, checks: 1, strayTemps };
}

/** The text the app last saw, as start-up left it: the file it just loaded. */
export async function checkLastSeen(configPath: string, fileText: string): Promise<StoreCheckResult> {
  const lastSeen = await readFile(join(dirname(configPath), '.daq', `${basename(configPath)}.last-seen`), 'utf8').catch(() => undefined);
  const findings: Finding[] = lastSeen === fileText ? [] : [{ invariant: '6-leftovers', message: `.daq/${basename(configPath)}.last-seen does not hold the file start-up loaded` }];
  return { findings, checks: 1, strayTemps: [] };
}
