/**
 * The semantic summary of a comparison: instruments and modules added, removed and changed,
 * each changed key with its old → new value. Used beside the diff in the Versions view and in
 * the restore dialog. Presentational: the sections come in ready to show.
 */
import type { SummarySection } from './version-view.js';

export interface ChangeSummaryProps {
  readonly sections: readonly SummarySection[];
  /** Said instead of (or after) the sections: nothing differs, only comments do, a side does not load. */
  readonly note: string | null;
  /** The accessible name of the list ("What changed", "What restoring changes"). */
  readonly label: string;
}

/** A list named `label`, one item per section. */
export function ChangeSummary({ sections, note, label }: ChangeSummaryProps) {
  return (
    <div className="change-summary">
      {sections.length > 0 ? (
        <ul className="change-sections" aria-label={label}>
          {sections.map((section) => (
            <li key={section.title} className={`change-section change-${section.kind}`}>
              <h4>{section.title}</h4>
              <ul className="change-items">
                {section.items.map((item) => (
                  <li key={item.id}>
                    <code className="change-id">{item.id}</code>
                    {item.changes.length > 0 ? (
                      <ul className="change-keys">
                        {item.changes.map((c) => (
                          <li key={c.key}>
                            <code>{c.key}</code> <span className="change-before">{c.before}</span> → <span className="change-after">{c.after}</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {note ? <p className="muted change-note">{note}</p> : null}
    </div>
  );
}
