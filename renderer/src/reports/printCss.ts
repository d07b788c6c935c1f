// Printing a report: A4 landscape; the desk's frame (and its scrolling), the buttons and the screen's table
// hidden; the 通报 (PrintBulletin) printed instead, its title, period and column headers repeated on every
// page (they are its table's head). Mounted with the report page only, so other pages keep their own print
// layout.
export const REPORT_PRINT_CSS = `
.print-bulletin { display: none; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  .topbar, .sidenav, nav, .no-print { display: none !important; }
  /* the desk's frame scrolls its page inside the window: on paper the page runs on over the sheets */
  .desk { display: block; height: auto; }
  .page { overflow: visible; height: auto; padding: 0; }
  .reports-page thead { display: table-header-group; }
  .reports-page tr { break-inside: avoid; }
  .report-chart { display: none; }
  .print-bulletin { display: table; width: 100%; border-collapse: collapse; font-size: 8pt; color: #000; }
  .print-bulletin th, .print-bulletin td { border: 0.5pt solid #000; padding: 2px 3px; }
  .print-bulletin .pb-title, .print-bulletin .pb-line { border: none; text-align: left; font-weight: normal; }
  .print-bulletin .pb-title { text-align: center; font-size: 14pt; font-weight: bold; padding-bottom: 4px; }
  .print-bulletin .pb-head th { font-size: 7.5pt; font-weight: bold; text-align: center; vertical-align: middle; }
  .print-bulletin td.num { text-align: right; }
  .print-bulletin tbody td:first-child { white-space: nowrap; }
  .print-bulletin .pb-street td, .print-bulletin .pb-total td { font-weight: bold; }
}
`;
