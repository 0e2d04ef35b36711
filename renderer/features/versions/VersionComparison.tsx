/**
 * The comparison part of the Versions view: which two configurations are compared (older on
 * the left), the semantic summary next to the line diff, and the switch between a side-by-side
 * and a line-by-line diff. Presentational: texts, sections and diff2html's markup come in as
 * props.
 */
import type { AppErrorData } from '../../../shared/errors.js';
import type { DiffLayout } from '../../stores/versions-store.js';
import { ChangeSummary } from './ChangeSummary.js';
import type { SummarySection } from './version-view.js';

export interface VersionComparisonProps {
  /** Null with nothing ticked. */
  readonly sides: { readonly older: string; readonly newer: string } | null;
  readonly sections: readonly SummarySection[];
  readonly note: string | null;
  /** diff2html's markup (it escapes the file's text); null: no line differs; undefined: not answered yet. */
  readonly diffHtml: string | null | undefined;
  readonly loading: boolean;
  readonly error: AppErrorData | null;
  readonly layout: DiffLayout;
  readonly onLayout: (layout: DiffLayout) => void;
}

const LAYOUTS: readonly { readonly layout: DiffLayout; readonly text: string }[] = [
  { layout: 'side-by-side', text: 'Side by side' },
  { layout: 'line-by-line', text: 'Line by line' },
];

/** The region named "Comparison". */
export function VersionComparison({ sides, sections, note, diffHtml, loading, error, layout, onLayout }: VersionComparisonProps) {
  return (
    <section className="versions-compare" aria-labelledby="versions-compare-title">
      <div className="versions-compare-head">
        <h3 id="versions-compare-title">Comparison</h3>
        <div className="layout-switch" role="group" aria-label="Diff layout">
          {LAYOUTS.map((l) => (
            <button key={l.layout} type="button" className="btn btn-small" aria-pressed={layout === l.layout} onClick={() => onLayout(l.layout)}>
              {l.text}
            </button>
          ))}
        </div>
      </div>
      {sides === null ? (
        <p className="muted">Tick a version to compare it with the current file, or two versions to compare them with each other.</p>
      ) : (
        <>
          <p className="compare-sides">
            <span>
              <span className="muted">Left (older):</span> <strong>{sides.older}</strong>
            </span>
            <span>
              <span className="muted">Right (newer):</span> <strong>{sides.newer}</strong>
            </span>
            {loading ? <span className="muted" role="status">Comparing…</span> : null}
          </p>
          {error ? (
            <p className="form-error" role="alert">
              Could not compare: <code>{error.code}</code> {error.message}
            </p>
          ) : null}
          {diffHtml === undefined ? null : (
            <div className="compare-body">
              <ChangeSummary sections={sections} note={note} label="What changed" />
              {diffHtml === null ? null : (
                <div className={`version-diff version-diff-${layout}`} aria-label="Line diff" role="region" dangerouslySetInnerHTML={{ __html: diffHtml }} />
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
