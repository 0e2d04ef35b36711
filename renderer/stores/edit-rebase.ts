/**
 * What the edit panel does when the instrument changes while it is open (a hand edit of the
 * file picked up by hot reload, another window, `daq call`, the panel's own save coming back):
 * a field the operator has not touched takes the new value; a field they changed to something
 * else keeps their text and records the new value as a conflict, so they choose which to keep
 * and a save never overwrites the new value unseen. Pure: the store applies the result.
 */
import type { ParamValue, ParamSpecs } from '../../shared/model/parameters.js';
import { formatDraft, paramFields, sameDraft, valueAt, type Drafts } from './param-drafts.js';

/** A value that changed underneath a field the operator had changed too. */
export interface FieldConflict {
  /** What the instrument holds now, as the input would show it. */
  readonly theirs: string;
}

/** The value each field had when the form last agreed with the instrument; null: not in the file. */
export type BaseValues = Readonly<Record<string, ParamValue | null>>;

/** The part of the panel's state a change underneath touches. */
export interface EditForm {
  readonly base: Drafts;
  readonly baseValues: BaseValues;
  readonly drafts: Drafts;
  readonly conflicts: Readonly<Record<string, FieldConflict>>;
  /** Untouched fields that took a new value from underneath, noted until edited or saved. */
  readonly updated: Readonly<Record<string, true>>;
  /** The texts of a save on its way: coming back, they are the panel's own, not a change underneath. */
  readonly sending: Drafts;
}

/** Each field's text and configured value (null where the file leaves it out and the form shows the default). */
export function formValues(specs: ParamSpecs, config: Readonly<Record<string, unknown>>): { texts: Record<string, string>; values: Record<string, ParamValue | null> } {
  const texts: Record<string, string> = {};
  const values: Record<string, ParamValue | null> = {};
  for (const field of paramFields(specs)) {
    const value = valueAt(config, field.path);
    texts[field.path] = formatDraft(value === undefined ? field.spec.default : value);
    values[field.path] = value === undefined ? null : (value as ParamValue);
  }
  return { texts, values };
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

/** The form moved onto the instrument's config as it is now. Unchanged fields keep their state. */
export function rebase(form: EditForm, specs: ParamSpecs, config: Readonly<Record<string, unknown>>): EditForm {
  const now = formValues(specs, config);
  let { base, baseValues, drafts, conflicts, updated, sending } = form;
  for (const field of paramFields(specs)) {
    const path = field.path;
    const theirs = now.texts[path] ?? '';
    const was = base[path] ?? '';
    if (sameDraft(field.spec, theirs, was)) continue;
    const mine = drafts[path] ?? '';
    const ours = sending[path] !== undefined && sameDraft(field.spec, theirs, sending[path]);
    base = { ...base, [path]: theirs };
    baseValues = { ...baseValues, [path]: now.values[path] ?? null };
    if (ours) {
      sending = without(sending, path);
      continue;
    }
    if (sameDraft(field.spec, mine, was)) {
      // Untouched: show the new value, and say where it came from.
      drafts = { ...drafts, [path]: theirs };
      updated = { ...updated, [path]: true };
      conflicts = without(conflicts, path);
    } else if (sameDraft(field.spec, mine, theirs)) {
      conflicts = without(conflicts, path);
    } else {
      conflicts = { ...conflicts, [path]: { theirs } };
    }
  }
  return { base, baseValues, drafts, conflicts, updated, sending };
}

/** The fields whose draft differs from what the instrument holds (a Save sends these). */
export function changedPaths(specs: ParamSpecs, form: Pick<EditForm, 'base' | 'drafts'>): string[] {
  return paramFields(specs)
    .filter((f) => !sameDraft(f.spec, form.drafts[f.path] ?? '', form.base[f.path] ?? ''))
    .map((f) => f.path);
}
