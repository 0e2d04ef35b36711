/**
 * The kinds of fault the chaos run makes (chaos-faults.ts), their names in the summary, and the
 * summary's fault lines: how many of each kind, or why a kind was not possible here (said, never
 * skipped silently).
 */
import { FILE_FAULT_KINDS, type FileFaultKind } from './fs-faults.js';
import { SERIAL_FAULT_KINDS, type SerialFaultKind } from './serial-sims.js';

export type FaultKind = FileFaultKind | SerialFaultKind;
export const FAULT_KINDS: readonly FaultKind[] = [...FILE_FAULT_KINDS, ...SERIAL_FAULT_KINDS];
export const FAULT_LABELS: Record<FaultKind, string> = {
  'read-only': 'read-only',
  'full-disk': 'full disk',
  deleted: 'file deleted',
  'folder-renamed': 'folder renamed',
  vanish: 'serial vanish',
  hang: 'serial hang',
  garbage: 'serial garbage',
};

/** What the summary says of the faults. */
export interface FaultSummary {
  /** Faults made, by kind (those held over a recovery check included). */
  readonly byKind: Record<FaultKind, number>;
  /** Kinds that could not be made here, and why. */
  readonly notPossible: Partial<Record<FaultKind, string>>;
  /** Faults still on at the kill, undone after it. */
  readonly outlivedKill: number;
  /** Serial devices kept faulty while a recovery check started its core. */
  readonly duringCheck: number;
  /** Times the bench folder had been made again at its old path while it was away. */
  readonly recreatedFolders: number;
  /** What the first few folders made again held (relative paths), to tell who made them. */
  readonly recreatedHeld: readonly string[];
  /** Changes sent while a file-system fault was on and answered `persisted: false` (PERSIST_FAILED). */
  readonly unsavedDuringFaults: number;
}

/** The summary's fault lines: each kind with its count, or why it was not possible here. */
export function describeFaults(faults: FaultSummary): string[] {
  const made = FAULT_KINDS.filter((k) => !faults.notPossible[k]).map((k) => `${FAULT_LABELS[k]} ${faults.byKind[k] ?? 0}`);
  const total = FAULT_KINDS.reduce((sum, k) => sum + (faults.byKind[k] ?? 0), 0);
  return [
    `${total} (${made.join(', ')})`,
    `${faults.outlivedKill} outlived a kill, ${faults.duringCheck} device(s) kept faulty during a recovery check, ${faults.unsavedDuringFaults} change(s) sent during a file fault reported unsaved` +
      (faults.recreatedFolders ? `, ${faults.recreatedFolders} time(s) the renamed-away bench folder was made again (holding: ${faults.recreatedHeld.join('; ')})` : ''),
    ...FAULT_KINDS.filter((k) => faults.notPossible[k]).map((k) => `${FAULT_LABELS[k]}: not possible here: ${faults.notPossible[k]}`),
  ];
}

/** Kinds possible here that never happened (a run meant to make them proved nothing about them). */
export function faultKindsMissing(faults: FaultSummary): FaultKind[] {
  return FAULT_KINDS.filter((k) => !faults.notPossible[k] && !faults.byKind[k]);
}
