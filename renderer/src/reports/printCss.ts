// Printing a report: A4 landscape, the desk's frame and the buttons hidden, a table's header repeated on
// every page. Mounted with the report page only, so other pages keep their own print layout.
export const REPORT_PRINT_CSS = `
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  .topbar, .sidenav, nav, .no-print { display: none !important; }
  .report-table thead, .bulletin thead { display: table-header-group; }
  .report-table tr, .bulletin tr { break-inside: avoid; }
  .report-chart { display: none; }
}
`;
