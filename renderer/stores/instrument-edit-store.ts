/**
 * Inline editing of one instrument's parameters: which row is in edit mode, the draft of each
 * parameter, the value it started from (a Save button shows only for changed drafts) and the
 * inline errors.
 */
import { create } from 'zustand';
import { isInstrumentType, type InstrumentType } from '../../shared/model/instrument-types.js';
import { findParamSpec } from '../../shared/model/parameters.js';
import { draftError, draftsFor, specsOf, type Drafts } from './param-drafts.js';

export interface InstrumentEditState {
  readonly id: string | null;
  readonly type: InstrumentType | null;
  readonly initial: Drafts;
  readonly drafts: Drafts;
  readonly errors: Readonly<Record<string, string>>;
}

interface InstrumentEditActions {
  editStarted(id: string, type: string, config: Readonly<Record<string, unknown>>): void;
  /** The row's Edit toggle: starts editing this instrument, or leaves edit mode if it already is. */
  editToggled(id: string, type: string, config: Readonly<Record<string, unknown>>): void;
  editClosed(): void;
  draftChanged(path: string, raw: string): void;
  saveRefused(path: string, message: string): void;
  parameterSaved(path: string, raw: string): void;
}

const empty: Drafts = {};
export const initialInstrumentEditState: InstrumentEditState = { id: null, type: null, initial: empty, drafts: empty, errors: {} };

/** The inline-edit store; the instrument rows read it. */
export const useInstrumentEditStore = create<InstrumentEditState & InstrumentEditActions>()((set, get) => ({
  ...initialInstrumentEditState,
  editStarted: (id, type, config) => {
    if (!isInstrumentType(type)) return;
    const drafts = draftsFor(specsOf(type), config);
    set({ id, type, initial: drafts, drafts, errors: {} });
  },
  editToggled: (id, type, config) => {
    if (get().id === id) set(initialInstrumentEditState);
    else get().editStarted(id, type, config);
  },
  editClosed: () => set(initialInstrumentEditState),
  draftChanged: (path, raw) =>
    set((s) => {
      if (!s.type) return s;
      const spec = findParamSpec(specsOf(s.type), path);
      const error = spec ? draftError(spec, raw, 'edit') : undefined;
      const { [path]: _old, ...errors } = s.errors;
      return { drafts: { ...s.drafts, [path]: raw }, errors: error ? { ...errors, [path]: error } : errors };
    }),
  saveRefused: (path, message) => set((s) => ({ errors: { ...s.errors, [path]: message } })),
  parameterSaved: (path, raw) =>
    set((s) => {
      const { [path]: _old, ...errors } = s.errors;
      return { initial: { ...s.initial, [path]: raw }, errors };
    }),
}));

/** The id of the instrument in edit mode, or null. */
export function selectEditingId(s: InstrumentEditState): string | null {
  return s.id;
}

/** Whether `id` is in edit mode. */
export function selectIsEditing(id: string): (s: InstrumentEditState) => boolean {
  return (s) => s.id === id;
}

/** Whether a draft differs from the value it started from (its Save button shows). */
export function isDirty(s: Pick<InstrumentEditState, 'drafts' | 'initial'>, path: string): boolean {
  return (s.drafts[path] ?? '') !== (s.initial[path] ?? '');
}
