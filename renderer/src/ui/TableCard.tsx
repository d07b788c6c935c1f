// A titled card holding one table, or a quiet line saying there is nothing to list.
import type { ReactNode } from 'react';

export function TableCard<T>(p: {
  title: string;
  none: string;
  testId: string;
  /** column headings; an empty one heads the column of row buttons */
  head: string[];
  items: readonly T[];
  row: (item: T) => ReactNode;
}) {
  return (
    <div className="card">
      <h2>{p.title}</h2>
      {p.items.length === 0 ? <p className="muted">{p.none}</p> : null}
      {p.items.length ? (
        <table className="table" data-testid={p.testId}>
          <thead>
            <tr>
              {p.head.map((h, i) => (
                <th key={i}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>{p.items.map(p.row)}</tbody>
        </table>
      ) : null}
    </div>
  );
}
