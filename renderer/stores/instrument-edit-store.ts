/**
 * The edit panel of one instrument: which instrument it shows, the draft of every parameter
 * against what the instrument held when the form last agreed with it (so "Save" sends only the
 * changed fields, all in one command), values that changed underneath while it was open, the
 * question before closing with unsaved changes, and what the last save did or why it was refused.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import { isInstrumentType, type InstrumentType } from '../../shared/model/instrument-types.js';
import { findParamSpec, type ParamValue } from '../../shared/model/parameters.js';
import { changedPaths, formValues, rebase, type EditForm } from './edit-rebase.js';
import { draftError, formatDraft, specsOf, type Drafts } from './param-drafts.js';

export type { FieldConflict } from './edit-rebase.js';

/** What the last save did, for the line beside the buttons. */
export interface SaveOutcome {
  readonly count: number;
  /** Staged into the open change set instead of applied. */
  readonly staged: boolean;
  /** Applied but not in the file yet (the status bar says why). */
  readonly notInFile: boolean;
}

export interface InstrumentEditState extends EditForm {
  readonly id: string | null;
  readonly type: InstrumentType | null;
  readonly errors: Readonly<Record<string, string>>;
  /** "Close" was asked with unsaved changes: the panel asks Discard / Keep editing. */
  readonly confirmingClose: boolean;
  /** The core's (or the form's) refusal of the last save, for the whole panel. */
  readonly saveError: AppErrorData | null;
  readonly outcome: SaveOutcome | null;
}

interface InstrumentEditActions {
  editStarted(id: string, type: string, config: Readonly<Record<string, unknown>>): void;
  /** Closes at once, unsaved changes or not (the instrument is gone, or Discard was chosen). */
  editClosed(): void;
  /** Close, Escape: closes when nothing is unsaved, else asks first. */
  closeRequested(): void;
  closeCancelled(): void;
  draftChanged(path: string, raw: string): void;
  /** Every field back to what the instrument holds. */
  reverted(): void;
  conflictResolved(path: string, keep: 'mine' | 'theirs'): void;
  /** The instrument's config as the core reports it now. */
  configChanged(config: Readonly<Record<string, unknown>>): void;
  validationFailed(errors: Readonly<Record<string, string>>): void;
  saveStarted(sent: Drafts): void;
  saved(values: Readonly<Record<string, ParamValue>>, outcome: SaveOutcome): void;
  saveRefused(error: AppErrorData, fieldErrors?: Readonly<Record<string, string>>): void;
}

const none: Readonly<Record<string, never>> = {};

export const initialInstrumentEditState: InstrumentEditState = {
  id: null,
  type: null,
  base: none,
  baseValues: none,
  drafts: none,
  conflicts: none,
  updated: none,
  sending: none,
  errors: none,
  confirmingClose: false,
  saveError: null,
  outcome: null,
};

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** The panel's store; the edit panel and the operations read it. */
export const useInstrumentEditStore = create<InstrumentEditState & InstrumentEditActions>()((set, get) => ({
  ...initialInstrumentEditState,
  editStarted: (id, type, config) => {
    if (!isInstrumentType(type)) return;
    const { texts, values } = formValues(specsOf(type), config);
    set({ ...initialInstrumentEditState, id, type, base: texts, baseValues: values, drafts: texts });
  },
  editClosed: () => set(initialInstrumentEditState),
  closeRequested: () => {
    if (selectHasUnsavedChanges(get())) set({ confirmingClose: true });
    else set(initialInstrumentEditState);
  },
  closeCancelled: () => set({ confirmingClose: false }),
  draftChanged: (path, raw) =>
    set((s) => {
      if (!s.type) return s;
      const spec = findParamSpec(specsOf(s.type), path);
      const error = spec ? draftError(spec, raw, 'edit') : undefined;
      const errors = without(s.errors, path);
      return { drafts: { ...s.drafts, [path]: raw }, errors: error ? { ...errors, [path]: error } : errors, updated: without(s.updated, path), outcome: null };
    }),
  reverted: () => set((s) => ({ drafts: s.base, errors: none, conflicts: none, saveError: null, outcome: null })),
  conflictResolved: (path, keep) =>
    set((s) => {
      const conflict = s.conflicts[path];
      if (!conflict) return s;
      const drafts = keep === 'theirs' ? { ...s.drafts, [path]: conflict.theirs } : s.drafts;
      const errors = keep === 'theirs' ? without(s.errors, path) : s.errors;
      return { drafts, errors, conflicts: without(s.conflicts, path) };
    }),
  configChanged: (config) =>
    set((s) => {
      if (!s.type) return s;
      const next = rebase(s, specsOf(s.type), config);
      // A change that only confirms what the form shows keeps the state (and its references).
      return next.base === s.base && next.sending === s.sending ? s : next;
    }),
  validationFailed: (errors) => set({ errors, saveError: null, outcome: null }),
  saveStarted: (sent) => set({ sending: sent, saveError: null, outcome: null }),
  saved: (values, outcome) =>
    set((s) => {
      const texts = Object.fromEntries(Object.entries(values).map(([path, value]) => [path, formatDraft(value)]));
      const saved = new Set(Object.keys(values));
      const keep = <T,>(record: Readonly<Record<string, T>>): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([p]) => !saved.has(p)));
      return {
        base: { ...s.base, ...texts },
        baseValues: { ...s.baseValues, ...values },
        // A field typed on while the save was out keeps its newer text.
        drafts: { ...s.drafts, ...Object.fromEntries(Object.entries(s.sending).filter(([p, t]) => saved.has(p) && s.drafts[p] === t).map(([p]) => [p, texts[p] ?? ''])) },
        errors: keep(s.errors),
        updated: keep(s.updated),
        sending: none,
        saveError: null,
        outcome,
      };
    }),
  saveRefused: (error, fieldErrors = none) => set((s) => ({ saveError: error, errors: { ...s.errors, ...fieldErrors }, sending: none, outcome: null })),
}));

/** The id of the instrument the panel shows, or null when it is closed. */
export function selectEditingId(s: InstrumentEditState): string | null {
  return s.id;
}

/** The fields whose draft differs from what the instrument holds. */
export function selectChangedPaths(s: InstrumentEditState): string[] {
  return s.type ? changedPaths(specsOf(s.type), s) : [];
}

/** Whether closing now would lose something: a changed field or an open conflict. */
export function selectHasUnsavedChanges(s: InstrumentEditState): boolean {
  return Object.keys(s.conflicts).length > 0 || selectChangedPaths(s).length > 0;
}
