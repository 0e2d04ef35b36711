/** The read-only list of an instrument's configured parameters in its row, in words and units. */
import { BreakableText } from '../../components/BreakableText.js';
import type { ParamSummaryItem } from './instrument-view.js';

/** "defaults" when nothing is configured; ports and paths wrap at their separators only. */
export function ParamSummary({ items }: { items: readonly ParamSummaryItem[] }) {
  if (items.length === 0) return <span className="muted">defaults</span>;
  return (
    <dl className="param-summary">
      {items.map((item) => (
        <div key={item.path}>
          <dt>{item.label}</dt>
          <dd>
            <BreakableText text={item.text} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
