/** Pure helpers that turn an instrument view into what its row shows. */
import { instrumentTypes, isInstrumentType } from '../../../shared/model/instrument-types.js';
import type { InstrumentView } from '../../../shared/model/runtime.js';
import { formatDraft, paramFields } from '../../stores/param-drafts.js';

/** One configured parameter as the read-only row shows it. */
export interface ParamSummaryItem {
  readonly path: string;
  readonly label: string;
  readonly text: string;
}

/** The human label of an instrument type, or the raw type when it is unknown. */
export function typeLabel(type: string): string {
  return isInstrumentType(type) ? instrumentTypes[type].label : type;
}

/** A sub-field label as it reads inside a group: "Units (SN code)" → "units". */
function shortLabel(label: string): string {
  return label.replace(/\s*\(.*\)$/, '').toLowerCase();
}

/**
 * The configured parameters (display name excluded: it has its own column) with units. The
 * fields of one table (an ESP300 axis) form one item, "axis1: units 2, velocity 5 units/s, …",
 * so a three-axis stage takes three lines, not nine.
 */
export function summarizeParams(view: InstrumentView): readonly ParamSummaryItem[] {
  if (!isInstrumentType(view.type)) {
    return Object.entries(view.config)
      .filter(([k]) => k !== 'type' && k !== 'name')
      .map(([k, v]) => ({ path: k, label: k, text: formatDraft(v) }));
  }
  const items: ParamSummaryItem[] = [];
  const groups = new Map<string, string[]>();
  for (const field of paramFields(instrumentTypes[view.type].params)) {
    if (field.path === 'name') continue;
    const [head, sub] = field.path.split('.') as [string, string | undefined];
    const top = view.config[head];
    const value = sub === undefined ? top : top && typeof top === 'object' ? (top as Record<string, unknown>)[sub] : undefined;
    if (value === undefined) continue;
    const text = `${formatDraft(value)}${field.spec.unit ? ` ${field.spec.unit}` : ''}`;
    if (sub === undefined) {
      items.push({ path: field.path, label: field.label, text });
      continue;
    }
    const group = groups.get(head);
    const part = `${shortLabel(field.spec.label)} ${text}`;
    if (group) group.push(part);
    else {
      const parts = [part];
      groups.set(head, parts);
      items.push({ path: head, label: head, text: '' });
    }
  }
  return items.map((item) => (groups.has(item.path) ? { ...item, text: (groups.get(item.path) ?? []).join(', ') } : item));
}

/** Whether the GUI can edit this instrument's parameters (its type is known). */
export function isEditable(view: InstrumentView): boolean {
  return isInstrumentType(view.type);
}
