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

/** The configured parameters (display name excluded: it has its own column) with units. */
export function summarizeParams(view: InstrumentView): readonly ParamSummaryItem[] {
  if (!isInstrumentType(view.type)) {
    return Object.entries(view.config)
      .filter(([k]) => k !== 'type' && k !== 'name')
      .map(([k, v]) => ({ path: k, label: k, text: formatDraft(v) }));
  }
  const items: ParamSummaryItem[] = [];
  for (const field of paramFields(instrumentTypes[view.type].params)) {
    if (field.path === 'name') continue;
    const [head, sub] = field.path.split('.') as [string, string | undefined];
    const top = view.config[head];
    const value = sub === undefined ? top : top && typeof top === 'object' ? (top as Record<string, unknown>)[sub] : undefined;
    if (value === undefined) continue;
    const unit = field.spec.unit ? ` ${field.spec.unit}` : '';
    items.push({ path: field.path, label: field.label, text: `${formatDraft(value)}${unit}` });
  }
  return items;
}

/** Whether the GUI can edit this instrument's parameters (its type is known). */
export function isEditable(view: InstrumentView): boolean {
  return isInstrumentType(view.type);
}
