/**
 * A comparison's line diff as diff2html markup, side by side or line by line. The core names the
 * two sides by version id (`--- current`, `+++ bench.toml/config-…toml`), which diff2html would
 * draw as a renamed file: both are the same config file, so the header names it once and the
 * view says which side is which. diff2html escapes the text and its templates carry no inline
 * styles or scripts, so the strict CSP holds (as for the staging tray's preview).
 */
import { html } from 'diff2html';
import { memoizeLast } from '../../stores/memoize-last.js';
import { hasLineChanges } from '../../stores/restore-store.js';
import type { DiffLayout } from '../../stores/versions-store.js';

/** The patch with both file names replaced by `fileName` (only the header's first two lines). */
export function renamePatchSides(unified: string, fileName: string): string {
  return unified.replace(/^--- .*$/m, `--- ${fileName}`).replace(/^\+\+\+ .*$/m, `+++ ${fileName}`);
}

/**
 * A renderer of its own for each place a diff is shown: each remembers its last answer, so a
 * re-render (the clock, a tick elsewhere) does not run diff2html again.
 */
export function createVersionDiffRenderer(): (unified: string, fileName: string, layout: DiffLayout) => string | null {
  return memoizeLast((unified: string, fileName: string, layout: DiffLayout): string | null => {
    if (!hasLineChanges(unified)) return null;
    return html(renamePatchSides(unified, fileName), { outputFormat: layout, drawFileList: false, matching: 'lines' });
  });
}
