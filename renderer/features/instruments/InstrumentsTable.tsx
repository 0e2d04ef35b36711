/** The instruments table: headers plus the rows passed in, or a line saying there are none. */
import type { ReactNode } from 'react';

export interface InstrumentsTableProps {
  readonly empty: 'loading' | 'none' | false;
  readonly children: ReactNode;
}

const columns = ['Id', 'Name', 'Type', 'Status', 'Live value', 'Used by', 'Parameters', 'Actions'];

/** A `table` named "Instruments". */
export function InstrumentsTable({ empty, children }: InstrumentsTableProps) {
  return (
    <div className="table-scroll">
      <table className="instruments" aria-label="Instruments">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
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
