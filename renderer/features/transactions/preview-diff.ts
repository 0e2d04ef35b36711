/**
 * The file preview of a change set: what the commit would write, as a unified diff of the
 * config file rendered by diff2html. diff2html escapes the file's text and its templates put
 * no inline styles or scripts in the markup, so the strict CSP holds without any exception.
 */
import { createTwoFilesPatch } from 'diff';
import { html } from 'diff2html';
import { memoizeLast } from '../../stores/memoize-last.js';

/** Lines of context around each change: enough to recognise the table being edited. */
const CONTEXT_LINES = 3;

/**
 * The diff of `before` → `after` as HTML, or null when the commit would not change the file.
 * Memoized: the tray re-renders every second while a countdown runs.
 */
export const previewDiffHtml = memoizeLast((fileName: string, before: string, after: string): string | null => {
  if (before === after) return null;
  // No headers after the names: diff2html would read "name<TAB>header" as a renamed file.
  const patch = createTwoFilesPatch(fileName, fileName, before, after, undefined, undefined, { context: CONTEXT_LINES });
  return html(patch, { outputFormat: 'line-by-line', drawFileList: false, matching: 'lines' });
});

/** The file name the preview is titled with: the last part of the config path. */
export function configFileName(configPath: string): string {
  return configPath.split(/[\\/]/).pop() || 'config.toml';
}
