import { describe, expect, it } from 'vitest';
import type { SemanticSummary, VersionInfo } from '../../../shared/model/versions.js';
import { createVersionDiffRenderer, renamePatchSides } from './version-diff.js';
import { comparedSideName, noticeText, openChangeSetNote, restoreDialogText, sourceInWords, summaryNote, summarySections, timelineRows, valueText, versionTime } from './version-view.js';

// Local times, so the expectations hold in any time zone.
const now = new Date(2026, 11, 6, 15, 0, 0).getTime();
const at = (...parts: [number, number, number, number, number, number]) => new Date(...parts).toISOString();
const version = (overrides: Partial<VersionInfo> = {}): VersionInfo => ({
  versionId: 'c.toml/config-20261206_140312-08a205a5.toml',
  time: at(2026, 11, 6, 14, 3, 12),
  source: 'gui:UpdateInstrumentParameter',
  summary: 'set instruments.pm.sample_rate_hz',
  hash: 'h',
  ...overrides,
});
const none: SemanticSummary = { instrumentsAdded: [], instrumentsRemoved: [], instrumentsChanged: [], modulesAdded: [], modulesRemoved: [], modulesChanged: [], settingsChanged: [], processorsChanged: [], text: 'no changes' };

describe('versionTime', () => {
  it('reads like a person says it, in local time', () => {
    expect(versionTime(at(2026, 11, 6, 14, 3, 12), now)).toBe('Today 14:03:12');
    expect(versionTime(at(2026, 11, 5, 9, 10, 0), now)).toBe('Yesterday 09:10:00');
    expect(versionTime(at(2026, 10, 3, 8, 0, 5), now)).toBe('3 Nov 08:00:05');
    expect(versionTime(at(2025, 0, 31, 23, 59, 59), now)).toBe('31 Jan 2025 23:59:59');
    expect(versionTime('not a time', now)).toBe('not a time');
  });
});

describe('sourceInWords', () => {
  it('names where the change came from', () => {
    expect(sourceInWords('gui:UpdateInstrumentParameter')).toBe('GUI');
    expect(sourceInWords('gui:CreateConfigSnapshot')).toBe('GUI');
    expect(sourceInWords('cli:AddInstrumentDynamic')).toBe('CLI');
    expect(sourceInWords('hot-reload')).toBe('hand edit');
    expect(sourceInWords('gui:transaction 0b6f')).toBe('transaction');
    expect(sourceInWords('cli:transaction 0b6f')).toBe('transaction');
    expect(sourceInWords('gui:RollbackToVersion c.toml/config-x.toml')).toBe('rollback');
    expect(sourceInWords('rollback of transaction 0b6f')).toBe('rollback');
    expect(sourceInWords('unknown (index rebuilt)')).toBe('unknown');
  });
});

describe('timelineRows', () => {
  it('shows each version with its time, label, source word and the change that followed', () => {
    const rows = timelineRows([version({ label: 'aligned' }), version({ versionId: 'b', summary: '', source: 'hot-reload' })], ['b'], now);
    expect(rows[0]).toMatchObject({ time: 'Today 14:03:12', label: 'aligned', source: 'GUI', summary: 'set instruments.pm.sample_rate_hz', selected: false });
    expect(rows[1]).toMatchObject({ label: null, source: 'hand edit', sourceDetail: 'hot-reload', summary: 'no description', selected: true });
  });
});

describe('summarySections', () => {
  const summary: SemanticSummary = {
    ...none,
    instrumentsAdded: ['probe'],
    instrumentsRemoved: ['old'],
    instrumentsChanged: [{ id: 'pm', changes: [{ key: 'sample_rate_hz', before: 4, after: 5 }, { key: 'port', after: 'sim://esp300' }] }],
    modulesChanged: [{ id: 'scan', changes: [{ key: 'roles.detector', before: 'pm', after: 'pm2' }] }],
    settingsChanged: [{ key: 'log_level', before: 'info', after: 'debug' }],
    processorsChanged: [],
  };

  it('lists instruments and modules with old → new values, empty sections left out', () => {
    const sections = summarySections(summary, 'compare');
    expect(sections.map((s) => s.title)).toEqual(['Instruments added', 'Instruments removed', 'Instruments changed', 'Modules changed', 'Settings changed']);
    expect(sections[2]?.items).toEqual([
      {
        id: 'pm',
        changes: [
          { key: 'sample_rate_hz', before: '4', after: '5' },
          { key: 'port', before: '—', after: '"sim://esp300"' },
        ],
      },
    ]);
    expect(sections[3]?.items[0]?.changes).toEqual([{ key: 'roles.detector', before: '"pm"', after: '"pm2"' }]);
  });

  it('says what a restore does to the running bench', () => {
    expect(summarySections(summary, 'restore').map((s) => s.title)).toEqual([
      'Instruments to be added and started',
      'Instruments to be stopped and removed',
      'Instruments to be retuned',
      'Modules to be changed',
      'Settings to be changed',
    ]);
  });

  it('explains an empty summary', () => {
    expect(summaryNote(none, [], false)).toBe('The two are the same, byte for byte.');
    expect(summaryNote(none, [], true)).toMatch(/^Only comments or layout differ/);
    expect(summaryNote({ ...none, text: 'current does not load as a configuration today' }, [], true)).toBe('current does not load as a configuration today');
    expect(summaryNote(summary, summarySections(summary, 'compare'), true)).toBeNull();
  });

  it('writes values as the file would', () => {
    expect(valueText(true)).toBe('true');
    expect(valueText({ a: 1 })).toBe('{"a":1}');
    expect(valueText(undefined)).toBe('—');
  });
});

describe('the restore dialog and notice', () => {
  it('titles the dialog by purpose and names the version', () => {
    expect(restoreDialogText('undo-last', null, now)).toEqual({ title: 'Undo last change', intro: null });
    expect(restoreDialogText('undo-last', version(), now).intro).toBe(
      'Goes back to the configuration before the latest change (set instruments.pm.sample_rate_hz; GUI, Today 14:03:12). The running instruments and modules follow it.',
    );
    expect(restoreDialogText('restore', version({ label: 'aligned' }), now).title).toBe('Restore the version "aligned" of Today 14:03:12');
  });

  it('tells what a restore means for the open change set, and nothing when none is open', () => {
    expect(openChangeSetNote(null)).toBeNull();
    expect(openChangeSetNote(1)).toMatch(/^Your open change set \(1 staged change\) stays open\. .*refused as a conflict\.$/);
    expect(openChangeSetNote(3)).toContain('(3 staged changes)');
  });

  it('says what was restored, then that it was undone', () => {
    const notice = { purpose: 'restore' as const, version: version(), summary: 'pm.sample_rate_hz 4 → 5', previous: 'p', undoneSummary: null };
    expect(noticeText(notice, now)).toBe('Restored the version of Today 14:03:12: pm.sample_rate_hz 4 → 5.');
    expect(noticeText({ ...notice, purpose: 'undo-last' }, now)).toBe('Undid the last change: pm.sample_rate_hz 4 → 5.');
    expect(noticeText({ ...notice, undoneSummary: 'pm.sample_rate_hz 5 → 4' }, now)).toBe('Undone: the configuration is back as it was before (pm.sample_rate_hz 5 → 4).');
  });

  it('names the sides of a comparison', () => {
    expect(comparedSideName('current', [], now)).toBe('the current file');
    expect(comparedSideName(version().versionId, [version({ label: 'aligned' })], now)).toBe('aligned (Today 14:03:12)');
  });
});

describe('the diff', () => {
  const unified = '===================================================================\n--- current\n+++ c.toml/config-x.toml\n@@ -1,2 +1,2 @@\n [instruments.pm]\n-sample_rate_hz = 4.0\n+sample_rate_hz = 5.0\n';

  it('names the config file on both sides, so diff2html draws one file, not a rename', () => {
    expect(renamePatchSides(unified, 'bench.toml')).toContain('--- bench.toml\n+++ bench.toml\n@@');
  });

  it('renders side by side or line by line, with both the old and the new line, and nothing when no line differs', () => {
    const render = createVersionDiffRenderer();
    const sideBySide = render(unified, 'bench.toml', 'side-by-side') ?? '';
    expect(sideBySide).toContain('d2h-file-side-diff');
    // Changed words are marked inside the line: read it as text.
    const text = sideBySide.replace(/<[^>]+>/g, '');
    expect(text).toContain('sample_rate_hz = 4.0');
    expect(text).toContain('sample_rate_hz = 5.0');
    expect(text).not.toContain('current');
    expect(render(unified, 'bench.toml', 'line-by-line')).not.toContain('d2h-file-side-diff');
    expect(render('--- current\n+++ x\n', 'bench.toml', 'side-by-side')).toBeNull();
  });
});
