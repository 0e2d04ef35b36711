/**
 * Config versions as the core lists them, and the Versions view's own state: whether it is
 * open, which one or two versions are selected, their comparison, how the diff is drawn, and
 * the label and snapshot forms.
 *
 * The core announces no "versions changed": the subscription router counts the batches that
 * changed the configuration (`configChanged`), and the list is asked for again whenever that
 * count has moved past the one it was last asked for, and each time the view opens.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import type { SemanticSummary, VersionInfo } from '../../shared/model/versions.js';

/** The file as it is now, in CompareConfigVersions. */
export const CURRENT = 'current';

/** What the core answered for one pair: the line diff and the change in instruments and modules. */
export interface VersionComparison {
  readonly key: string;
  /** `<older>→<newer>`: the same pair compared again (after a change) keeps the last answer in view. */
  readonly pairId: string;
  readonly unified: string;
  readonly summary: SemanticSummary;
}

export type DiffLayout = 'side-by-side' | 'line-by-line';

/** The inline label form of one version. */
export interface LabelEdit {
  readonly versionId: string;
  readonly draft: string;
  readonly error: string | null;
}

export interface VersionsState {
  readonly open: boolean;
  /** Newest first; null until the first list arrives. */
  readonly versions: readonly VersionInfo[] | null;
  /** The hash of the file's bytes when the list was made: a version equal to it changes nothing. */
  readonly currentHash: string | null;
  /** Why versions cannot be used (`enable_versioning = false`), or null. */
  readonly unavailable: string | null;
  readonly listError: AppErrorData | null;
  /** Batches that changed the configuration so far. */
  readonly changeCount: number;
  /** The `changeCount` the last list was asked for, and the one the list shown was asked for. */
  readonly requestedFor: number | null;
  readonly listedFor: number | null;
  /** Version ids ticked for comparison, in the order they were ticked (at most two). */
  readonly selected: readonly string[];
  readonly comparison: VersionComparison | null;
  readonly compareRequestedKey: string | null;
  readonly compareError: { readonly key: string; readonly error: AppErrorData } | null;
  readonly diffLayout: DiffLayout;
  readonly labelEdit: LabelEdit | null;
  readonly snapshotLabel: string;
  /** The refusal of the last "Take snapshot" (the client's check or the core's), or its outcome. */
  readonly snapshotNote: { readonly tone: 'ok' | 'error'; readonly text: string } | null;
}

interface VersionsActions {
  viewOpened(): void;
  viewClosed(): void;
  configChanged(): void;
  /** Asks for the list again even if nothing changed (after a failed list, on "Try again"). */
  listInvalidated(): void;
  listRequested(count: number): void;
  listLoaded(count: number, versions: readonly VersionInfo[], currentHash?: string): void;
  listRefused(count: number, reason: string): void;
  listFailed(count: number, error: AppErrorData): void;
  versionToggled(versionId: string): void;
  selectionCleared(): void;
  compareRequested(key: string): void;
  compared(comparison: VersionComparison): void;
  compareFailed(key: string, error: AppErrorData): void;
  diffLayoutPicked(layout: DiffLayout): void;
  labelEditStarted(versionId: string): void;
  labelDraftChanged(draft: string): void;
  labelRefused(error: string): void;
  labelEditClosed(): void;
  /** The core renamed the version's file: its id changes everywhere it is held. */
  labelSaved(oldId: string, newId: string, label: string): void;
  snapshotLabelChanged(label: string): void;
  snapshotRefused(error: string): void;
  snapshotTaken(text: string): void;
}

export const initialVersionsState: VersionsState = {
  open: false,
  versions: null,
  currentHash: null,
  unavailable: null,
  listError: null,
  changeCount: 0,
  requestedFor: null,
  listedFor: null,
  selected: [],
  comparison: null,
  compareRequestedKey: null,
  compareError: null,
  diffLayout: 'side-by-side',
  labelEdit: null,
  snapshotLabel: '',
  snapshotNote: null,
};

/** How many versions can be compared at once. */
const MAX_SELECTED = 2;

/** An answer for a list asked before the one shown is older than it: it is dropped. */
function isStale(s: VersionsState, count: number): boolean {
  return s.listedFor !== null && count < s.listedFor;
}

function renamed(ids: readonly string[], oldId: string, newId: string): readonly string[] {
  return ids.map((id) => (id === oldId ? newId : id));
}

export const useVersionsStore = create<VersionsState & VersionsActions>()((set) => ({
  ...initialVersionsState,
  // Listed afresh on opening: a snapshot or label made by another process changes no configuration.
  viewOpened: () => set({ open: true, snapshotNote: null, requestedFor: null }),
  viewClosed: () => set({ open: false, labelEdit: null, snapshotNote: null }),
  configChanged: () => set((s) => ({ changeCount: s.changeCount + 1 })),
  listInvalidated: () => set({ requestedFor: null }),
  listRequested: (count) => set({ requestedFor: count }),
  listLoaded: (count, versions, currentHash) =>
    set((s) => {
      if (isStale(s, count)) return s;
      // Versions dropped by retention cannot stay selected.
      const present = new Set(versions.map((v) => v.versionId));
      const selected = s.selected.filter((id) => present.has(id));
      return {
        versions,
        currentHash: currentHash ?? null,
        listedFor: count,
        unavailable: null,
        listError: null,
        selected: selected.length === s.selected.length ? s.selected : selected,
      };
    }),
  listRefused: (count, reason) => set((s) => (isStale(s, count) ? s : { versions: [], listedFor: count, unavailable: reason, listError: null, selected: [] })),
  listFailed: (count, error) => set((s) => (isStale(s, count) ? s : { listedFor: count, listError: error })),
  versionToggled: (versionId) =>
    set((s) => {
      if (s.selected.includes(versionId)) return { selected: s.selected.filter((id) => id !== versionId) };
      // A third tick replaces the one ticked first: the newest choice always counts.
      return { selected: [...s.selected, versionId].slice(-MAX_SELECTED) };
    }),
  selectionCleared: () => set({ selected: [] }),
  compareRequested: (key) => set({ compareRequestedKey: key }),
  // Only the answer for the pair asked last is kept: ticks can outrun the core.
  compared: (comparison) => set((s) => (s.compareRequestedKey === comparison.key ? { comparison, compareError: null } : s)),
  compareFailed: (key, error) => set((s) => (s.compareRequestedKey === key ? { compareError: { key, error } } : s)),
  diffLayoutPicked: (diffLayout) => set({ diffLayout }),
  labelEditStarted: (versionId) =>
    set((s) => ({ labelEdit: { versionId, draft: s.versions?.find((v) => v.versionId === versionId)?.label ?? '', error: null } })),
  labelDraftChanged: (draft) => set((s) => (s.labelEdit ? { labelEdit: { ...s.labelEdit, draft, error: null } } : s)),
  labelRefused: (error) => set((s) => (s.labelEdit ? { labelEdit: { ...s.labelEdit, error } } : s)),
  labelEditClosed: () => set({ labelEdit: null }),
  labelSaved: (oldId, newId, label) =>
    set((s) => ({
      versions: s.versions?.map((v) => (v.versionId === oldId ? { ...v, versionId: newId, label } : v)) ?? null,
      selected: renamed(s.selected, oldId, newId),
      labelEdit: s.labelEdit?.versionId === oldId ? null : s.labelEdit,
    })),
  snapshotLabelChanged: (snapshotLabel) => set({ snapshotLabel, snapshotNote: null }),
  snapshotRefused: (text) => set({ snapshotNote: { tone: 'error', text } }),
  snapshotTaken: (text) => set({ snapshotLabel: '', snapshotNote: { tone: 'ok', text } }),
}));

/** Whether the list should be asked for now: the configuration changed since it last was. */
export function needsVersionList(s: VersionsState): boolean {
  return s.requestedFor !== s.changeCount;
}

/** Two versions, or one and the current file, in the order a diff reads: older left, newer right. */
export interface ComparePair {
  readonly older: string;
  readonly newer: string;
  readonly pairId: string;
  /** Changes when the answer may have: a comparison with the current file is asked again after every change. */
  readonly key: string;
}

/** The pair the ticked versions make, or null with none ticked. */
export function selectComparePair(s: VersionsState): ComparePair | null {
  const [first, second] = s.selected;
  if (first === undefined) return null;
  if (second === undefined) {
    const pairId = `${first}→${CURRENT}`;
    return { older: first, newer: CURRENT, pairId, key: `${pairId}@${s.listedFor ?? 0}` };
  }
  // Newest first in the list: the one further down is the older.
  const position = (id: string) => s.versions?.findIndex((v) => v.versionId === id) ?? -1;
  const [older, newer] = position(first) > position(second) ? [first, second] : [second, first];
  const pairId = `${older}→${newer}`;
  return { older, newer, pairId, key: pairId };
}

/** Whether the ticked pair still needs a CompareConfigVersions. */
export function needsComparison(s: VersionsState): boolean {
  const pair = selectComparePair(s);
  return pair !== null && s.compareRequestedKey !== pair.key;
}

/** The comparison of the ticked pair (possibly from before the last change, while it is asked again). */
export function selectShownComparison(s: VersionsState): VersionComparison | null {
  const pair = selectComparePair(s);
  return pair !== null && s.comparison?.pairId === pair.pairId ? s.comparison : null;
}

/** Why the ticked pair could not be compared, or null. */
export function selectCompareError(s: VersionsState): AppErrorData | null {
  const pair = selectComparePair(s);
  return pair !== null && s.compareError?.key === pair.key ? s.compareError.error : null;
}

/** Whether the answer for the ticked pair is on its way. */
export function selectComparing(s: VersionsState): boolean {
  const pair = selectComparePair(s);
  return pair !== null && s.compareRequestedKey === pair.key && s.comparison?.key !== pair.key && s.compareError?.key !== pair.key;
}

/** One version by id, or undefined. */
export function findVersion(s: Pick<VersionsState, 'versions'>, versionId: string): VersionInfo | undefined {
  return s.versions?.find((v) => v.versionId === versionId);
}

/**
 * Why a label would be refused, or null when it is fine. The same rule as the core's: 1-40
 * characters of A-Z, a-z, 0-9, `_` and `-`, starting with a letter (it becomes part of a file name).
 */
export function labelProblem(label: string): string | null {
  if (label.length === 0) return 'Enter a label.';
  if (label.length > 40) return `At most 40 characters (this one has ${label.length}).`;
  if (!/^[A-Za-z0-9_-]+$/.test(label)) return 'Only letters, digits, _ and - (no spaces).';
  if (!/^[A-Za-z]/.test(label)) return 'Start with a letter.';
  return null;
}

/**
 * The version "Undo last change" goes back to: the newest one whose bytes differ from the file
 * now (the newest can be a snapshot taken on request with nothing changed since); null if none.
 */
export function selectUndoTarget(s: VersionsState): VersionInfo | null {
  return s.versions?.find((v) => v.hash !== s.currentHash) ?? null;
}
