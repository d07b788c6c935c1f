// Print CSS of the standard ledgers: A4 landscape, a page number in every page's bottom margin (CSS page
// margin boxes, Chromium 131+), the table head repeated on every page, no row split across two pages.
// pl- prefixed so the desk's own styles never reach a printout.
const FONTS = `"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif`;

export const ledgerPrintCss = `
@page {
  size: A4 landscape;
  margin: 10mm 8mm 12mm;
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-family: ${FONTS}; font-size: 8pt; color: #333; }
}
html, body, #root { height: auto !important; background: #fff !important; margin: 0; }
.pl-root { font-family: ${FONTS}; color: #111; }
.pl-toolbar { position: sticky; top: 0; z-index: 2; display: flex; gap: 12px; align-items: center; padding: 10px 16px;
  background: #f3f6f9; border-bottom: 1px solid #cfd8e3; font-size: 14px; }
.pl-error { padding: 24px; color: #a4262c; }
.pl-table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8.5pt; }
.pl-table thead { display: table-header-group; }
.pl-table tr { break-inside: avoid; page-break-inside: avoid; }
.pl-table th, .pl-table td { border: 0.2mm solid #555; padding: 0.8mm 1mm; vertical-align: top; word-break: break-all; }
.pl-title th { border: none; font-size: 14pt; font-weight: 700; padding: 0 0 1.5mm; letter-spacing: 1mm; }
.pl-meta th { border: none; font-weight: 400; font-size: 9pt; text-align: left; padding: 0 0 1.5mm; }
.pl-meta span { margin-right: 8mm; }
.pl-head th { background: #eef1f4; font-weight: 700; text-align: center; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { .pl-toolbar { display: none; } }
`;
