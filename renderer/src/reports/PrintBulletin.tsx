// A report as printed: the 通报 the Excel file is (shared/reports/bulletin.ts) — title, period, scope and
// date, units, one row per unit (streets, then their communities indented) and the totals row — as one table
// whose head holds all of it, so every printed page repeats the title, the period and the column headers.
// Shown only in print (REPORT_PRINT_CSS); the screen keeps its own table. Always Chinese, as documents are.
import { DOCUMENT_HEADERS, REPORT_COLUMNS, rowCells } from '../../../shared/reports/columns';
import { bulletinLines, type Bulletin } from '../../../shared/reports/bulletin';
import type { Figures } from '../../../shared/reports/figures';

function Cells({ figures }: { figures: Figures }) {
  const cells = rowCells(figures);
  return (
    <>
      {REPORT_COLUMNS.map((c, i) => {
        const v = cells[i];
        return (
          <td key={c.key} className="num">
            {v === null || v === undefined ? '—' : c.kind === 'rate' ? v.toFixed(1) : String(v)}
          </td>
        );
      })}
    </>
  );
}

export function PrintBulletin({ bulletin }: { bulletin: Bulletin }) {
  const text = bulletinLines(bulletin);
  const width = REPORT_COLUMNS.length + 1;
  return (
    <table className="print-bulletin" data-testid="print-bulletin">
      <thead>
        <tr>
          <th colSpan={width} className="pb-title">
            {text.title}
          </th>
        </tr>
        <tr>
          <th colSpan={width} className="pb-line">
            {text.period}　　{text.scope}
          </th>
        </tr>
        <tr>
          <th colSpan={width} className="pb-line">
            {text.units}
          </th>
        </tr>
        <tr className="pb-head">
          <th>单位</th>
          {REPORT_COLUMNS.map((c) => (
            <th key={c.key}>{DOCUMENT_HEADERS[c.key]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {bulletin.rows.map((r) => (
          <tr key={r.code} className={r.level === 'street' ? 'pb-street' : undefined}>
            <td>{r.level === 'community' ? `　${r.name}` : r.name}</td>
            <Cells figures={r.figures} />
          </tr>
        ))}
        <tr className="pb-total">
          <td>合计</td>
          <Cells figures={bulletin.total} />
        </tr>
      </tbody>
    </table>
  );
}
