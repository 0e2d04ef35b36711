/**
 * Comparing two texts of the config: a unified diff of the lines (what diff2html renders) and a
 * semantic summary — instruments and modules added, removed and changed, old → new per key.
 * The summary needs both texts loaded as configs; `loads` remembers texts already loaded, which
 * is what keeps a comparison of two large versions quick.
 */
import { createTwoFilesPatch } from 'diff';
import type { SemanticSummary } from '../../../shared/model/versions.js';
import { computeDiff, summarizeDiff } from '../changes/config-diff.js';
import { ConfigLoads } from './config-loads.js';

function emptySummary(text: string): SemanticSummary {
  return { instrumentsAdded: [], instrumentsRemoved: [], instrumentsChanged: [], modulesAdded: [], modulesRemoved: [], modulesChanged: [], settingsChanged: [], processorsChanged: [], text };
}

export function compareTexts(nameA: string, textA: string, nameB: string, textB: string, file: string, loads = new ConfigLoads()): { unified: string; summary: SemanticSummary } {
  const unified = createTwoFilesPatch(nameA, nameB, textA, textB, undefined, undefined, { context: 3 });
  const a = loads.load(textA, file);
  const b = loads.load(textB, file);
  if (!a.ok || !b.ok) {
    const which = !a.ok ? nameA : nameB;
    return { unified, summary: emptySummary(`${which} does not load as a configuration today; only the lines are compared`) };
  }
  const diff = computeDiff(a.config, b.config);
  const changes = (list: readonly { param: string; before: unknown; after: unknown }[]) =>
    list.map((c) => ({ key: c.param, ...(c.before === undefined ? {} : { before: c.before }), ...(c.after === undefined ? {} : { after: c.after }) }));
  return {
    unified,
    summary: {
      instrumentsAdded: [...diff.addedInstruments],
      instrumentsRemoved: [...diff.removedInstruments],
      instrumentsChanged: diff.modifiedInstruments.map((m) => ({ id: m.id, changes: changes(m.changes) })),
      modulesAdded: [...diff.addedModules],
      modulesRemoved: [...diff.removedModules],
      modulesChanged: diff.modifiedModules.map((m) => ({
        id: m.id,
        changes: [...changes(m.params), ...m.roles.map((r) => ({ key: `roles.${r.role}`, ...(r.before === null ? {} : { before: r.before }), ...(r.after === null ? {} : { after: r.after }) }))],
      })),
      settingsChanged: changes(diff.settingsChanged),
      processorsChanged: [...diff.processorsChanged],
      text: summarizeDiff(diff),
    },
  };
}
