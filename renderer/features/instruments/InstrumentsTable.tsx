/**
 * The instruments table: headers plus the rows passed in, or a line saying there are none. The
 * table sits in a size container: under a width the type, then the parameters, then the used-by
 * column go (instruments.css), so the live values and the Edit and Remove buttons always fit.
 */
import type { ReactNode } from 'react';

export interface InstrumentsTableProps {
  readonly empty: 'loading' | 'none' | false;
  readonly children: ReactNode;
}

const columns: readonly { readonly title: string; readonly className?: string }[] = [
  { title: 'Instrument' },
  { title: 'Type', className: 'col-type' },
  { title: 'Status' },
  { title: 'Live value' },
  { title: 'Used by', className: 'col-used-by' },
  { title: 'Parameters', className: 'col-params' },
  { title: 'Actions' },
];

/** A `table` named "Instruments". */
export function InstrumentsTable({ empty, children }: InstrumentsTableProps) {
  return (
    <div className="table-scroll">
      <table className="instruments" aria-label="Instruments">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.title} scope="col" className={c.className}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {children}
          {empty ? (
            <tr className="row-empty">
              <td colSpan={columns.length}>{empty === 'loading' ? 'Connecting to the core…' : 'No instruments configured.'}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
