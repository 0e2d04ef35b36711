/**
 * The "Add instrument" form: chosen type, id, one draft per parameter (defaults prefilled) and
 * the inline errors. Drafts are checked as they change; the whole form again on submit.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import { instrumentTypeNames, isInstrumentType, type InstrumentType } from '../../shared/model/instrument-types.js';
import { findParamSpec } from '../../shared/model/parameters.js';
import { draftError, draftsFor, instrumentIdError, specsOf, type Drafts } from './param-drafts.js';

export interface AddInstrumentState {
  readonly open: boolean;
  readonly type: InstrumentType;
  readonly id: string;
  readonly idError: string | undefined;
  readonly drafts: Drafts;
  readonly errors: Readonly<Record<string, string>>;
  /** The core's refusal of the last submit, shown in the form. */
  readonly submitError: AppErrorData | null;
}

interface AddInstrumentActions {
  formOpened(): void;
  formClosed(): void;
  typePicked(type: string): void;
  idChanged(id: string): void;
  draftChanged(path: string, raw: string): void;
  validationFailed(idError: string | undefined, errors: Readonly<Record<string, string>>): void;
  submitRefused(error: AppErrorData): void;
  instrumentAdded(): void;
}

const firstType: InstrumentType = instrumentTypeNames[0] ?? 'mock';

function freshForm(type: InstrumentType): Omit<AddInstrumentState, 'open'> {
  return { type, id: '', idError: undefined, drafts: draftsFor(specsOf(type), {}), errors: {}, submitError: null };
}

export const initialAddInstrumentState: AddInstrumentState = { open: false, ...freshForm(firstType) };

/** The form state with its actions, as the container reads it. */
export type AddInstrumentStore = AddInstrumentState & AddInstrumentActions;

/** The add-form store; the instruments container reads it. */
export const useAddInstrumentStore = create<AddInstrumentStore>()((set) => ({
  ...initialAddInstrumentState,
  formOpened: () => set({ open: true, ...freshForm(firstType) }),
  formClosed: () => set({ open: false }),
  typePicked: (type) => {
    // Each type has its own parameters: start from that type's defaults.
    if (isInstrumentType(type)) set((s) => ({ ...freshForm(type), id: s.id, idError: s.idError }));
  },
  idChanged: (id) => set({ id, idError: id === '' ? undefined : instrumentIdError(id) }),
  draftChanged: (path, raw) =>
    set((s) => {
      const spec = findParamSpec(specsOf(s.type), path);
      const error = spec ? draftError(spec, raw, 'add') : undefined;
      const { [path]: _old, ...errors } = s.errors;
      return { drafts: { ...s.drafts, [path]: raw }, errors: error ? { ...errors, [path]: error } : errors };
    }),
  validationFailed: (idError, errors) => set({ idError, errors }),
  submitRefused: (error) => set({ submitError: error }),
  instrumentAdded: () => set({ open: false, ...freshForm(firstType) }),
}));

/** The whole form with its actions (one object, replaced on every change: a stable selection). */
export function selectAddForm(s: AddInstrumentStore): AddInstrumentStore {
  return s;
}

/** Whether the add form is open. */
export function selectAddFormOpen(s: AddInstrumentState): boolean {
  return s.open;
}
