/**
 * What the edit panel shows, from its store state: the fields grouped (top-level parameters,
 * then one group per table such as an ESP300 axis), each with its words for codes, its unit for
 * this instrument (an axis's rates follow the unit chosen in the form), whether it differs from
 * the instrument, took a new value from the file, or is in conflict with one; and the line that
 * says where the panel stands. Pure, so the component only lays it out.
 */
import { paramUnit } from '../../../shared/model/instrument-types.js';
import type { ParamSpec } from '../../../shared/model/parameters.js';
import { selectChangedPaths, type InstrumentEditState } from '../../stores/instrument-edit-store.js';
import { checkDraft, configFromDrafts, paramFields, specsOf, type ParamField } from '../../stores/param-drafts.js';
import { choiceOptions, paramText, type ChoiceOption } from './instrument-view.js';

export interface FieldConflictView {
  /** The instrument's new value as the input takes it. */
  readonly theirs: string;
  /** Both values in words with their unit: "900 nm", "fast". */
  readonly theirsText: string;
  readonly mineText: string;
}

export interface EditFieldView {
  readonly field: ParamField;
  readonly inputId: string;
  readonly draft: string;
  readonly error: string | undefined;
  readonly changed: boolean;
  /** Took a new value from the file (or another window) while the panel was open. */
  readonly updated: boolean;
  readonly unit: string | undefined;
  /** For enumerated parameters: each code with its word. */
  readonly options: readonly ChoiceOption[] | undefined;
  readonly conflict: FieldConflictView | undefined;
}

export interface EditGroupView {
  readonly key: string;
  /** "axis1" for a table's fields; undefined for the top-level parameters. */
  readonly legend: string | undefined;
  readonly fields: readonly EditFieldView[];
}

export interface EditPanelView {
  readonly groups: readonly EditGroupView[];
  readonly changedCount: number;
  readonly conflictCount: number;
  readonly canSave: boolean;
  readonly canRevert: boolean;
  /** Where the panel stands, e.g. "2 unsaved changes", "Saved 2 changes." */
  readonly note: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A draft in words: the parsed value through the same wording as the table. */
function draftText(spec: ParamSpec, draft: string, unit: string | undefined): string {
  const check = checkDraft(spec, draft, 'edit');
  return check.ok ? paramText(spec, check.value, unit) : draft;
}

function panelNote(state: InstrumentEditState, changed: number, conflicts: number, staging: boolean): string {
  if (conflicts > 0) return `${plural(conflicts, 'value', 'values')} changed in the file while you were editing: choose which to keep.`;
  const outcome = state.outcome;
  if (changed === 0 && outcome) {
    const what = plural(outcome.count, 'change', 'changes');
    if (outcome.staged) return `Staged ${what} into the change set.`;
    return outcome.notInFile ? `Saved ${what}: running, not saved to file yet.` : `Saved ${what}.`;
  }
  if (changed === 0) return 'No unsaved changes.';
  return `${plural(changed, 'unsaved change', 'unsaved changes')}${staging ? ' (Stage puts them into the change set)' : ''}.`;
}

/** The panel as it should look now, or null when it is closed. */
export function editPanelView(state: InstrumentEditState, saving: boolean, staging: boolean): EditPanelView | null {
  const { id, type } = state;
  if (!id || !type) return null;
  const changed = new Set(selectChangedPaths(state));
  const formConfig = configFromDrafts(type, state.drafts);
  const groups: { key: string; legend: string | undefined; fields: EditFieldView[] }[] = [];
  for (const field of paramFields(specsOf(type))) {
    const [head, sub] = field.path.split('.') as [string, string | undefined];
    const key = sub === undefined ? '' : head;
    let group = groups.find((g) => g.key === key);
    if (!group) {
      group = { key, legend: sub === undefined ? undefined : head, fields: [] };
      groups.push(group);
    }
    const unit = paramUnit(type, formConfig, field.path);
    const draft = state.drafts[field.path] ?? '';
    const conflict = state.conflicts[field.path];
    group.fields.push({
      field,
      inputId: `edit-${id}-${field.path}`,
      draft,
      error: state.errors[field.path],
      changed: changed.has(field.path),
      updated: state.updated[field.path] === true,
      unit,
      options: choiceOptions(field.spec),
      conflict: conflict
        ? { theirs: conflict.theirs, theirsText: draftText(field.spec, conflict.theirs, unit), mineText: draftText(field.spec, draft, unit) }
        : undefined,
    });
  }
  const conflictCount = Object.keys(state.conflicts).length;
  const hasErrors = [...changed].some((p) => state.errors[p] !== undefined);
  return {
    groups,
    changedCount: changed.size,
    conflictCount,
    canSave: !saving && changed.size > 0 && conflictCount === 0 && !hasErrors,
    canRevert: !saving && (changed.size > 0 || conflictCount > 0),
    note: panelNote(state, changed.size, conflictCount, staging),
  };
}
