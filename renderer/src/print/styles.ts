// Print CSS, one @page rule per layout. Sizes are in millimetres so the PDF page is the paper: a card is
// ISO/IEC 7810 ID-1 (85.6×54 mm); the office sheet is A4 with 10 cards (2×5) and crop marks in the margins;
// the booklet page is A5. Class names carry a pc- prefix so the desk's own styles never reach a printout.
import type { PrintLayout } from '../../../shared/domain/assistance/card';

export const CARD_W = 85.6;
export const CARD_H = 54;
export const A4_W = 210;
export const A4_H = 297;
/** Cards on the sheet sit edge to edge, centred: one straight cut serves two cards. */
export const SHEET_LEFT = (A4_W - 2 * CARD_W) / 2;
export const SHEET_TOP = (A4_H - 5 * CARD_H) / 2;
/** The QR code on the front, and the white gap the text keeps from it (tests/e2e/desk2-cardfit checks). */
export const QR_RIGHT = 2.4;
export const QR_TOP = 11;
export const QR_SIZE = 19;
export const QR_GAP = 1.6;

const FONTS = `"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif`;
const MONO = `"DejaVu Sans Mono", Consolas, "Courier New", monospace`;

const PAGE_SIZE: Record<PrintLayout, string> = {
  card: `${CARD_W}mm ${CARD_H}mm`,
  sheet: 'A4 portrait',
  booklet: 'A5 portrait',
};

export function printCss(layout: PrintLayout): string {
  return `
@page { size: ${PAGE_SIZE[layout]}; margin: 0; }
html, body, #root { height: auto !important; background: #fff !important; margin: 0; }
.pc-root { font-family: ${FONTS}; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.pc-toolbar { position: sticky; top: 0; z-index: 2; display: flex; gap: 12px; align-items: center; padding: 10px 16px;
  background: #f3f6f9; border-bottom: 1px solid #cfd8e3; font-size: 14px; }
.pc-toolbar .pc-warn { color: #a4262c; }
.pc-pages { padding: 12px; display: flex; flex-direction: column; align-items: center; gap: 12px; background: #e9edf1; }
.pc-page { position: relative; overflow: hidden; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); box-sizing: border-box; }
.pc-page-card { width: ${CARD_W}mm; height: ${CARD_H}mm; }
.pc-page-sheet { width: ${A4_W}mm; height: ${A4_H}mm; }
.pc-page-booklet { width: 148mm; height: 210mm; padding: 11mm 12mm; }

.pc-card { position: relative; width: ${CARD_W}mm; height: ${CARD_H}mm; overflow: hidden; box-sizing: border-box; background: #fff; }
.pc-sheet .pc-card { position: absolute; outline: 0.1mm dashed #c8c8c8; }
.pc-band { height: 9mm; background: #b3261e; color: #fff; display: flex; align-items: center; justify-content: space-between; padding: 0 3mm; }
.pc-band-contact { background: #1f4e79; }
.pc-band b { font-size: 4.2mm; letter-spacing: 0.6mm; }
.pc-band span { font-size: 2.3mm; opacity: .95; }
.pc-body { position: relative; padding: 2.2mm 3mm 0; font-size: 2.9mm; line-height: 1.75; }
/* The front's text column stops ${QR_GAP} mm short of the QR code and above the card number: whatever the
   holder's categories, text wraps and shrinks inside it (fitCardText) and never runs under the code. */
.pc-front .pc-body { position: absolute; top: 9mm; left: 0; right: ${QR_RIGHT + QR_SIZE + QR_GAP}mm; bottom: 8.6mm;
  padding: 2.2mm 0 0 3mm; display: flex; flex-direction: column; overflow: hidden; }
.pc-front .pc-row { flex: none; min-width: 0; }
.pc-front .pc-row-cats { flex: 1 1 auto; min-height: 0; align-items: flex-start; }
.pc-row { display: flex; gap: 1.5mm; white-space: nowrap; align-items: baseline; }
.pc-row > i { font-style: normal; color: #555; min-width: 12mm; flex: none; }
.pc-name { font-size: 4mm; font-weight: 700; letter-spacing: 0.3mm; }
.pc-cats { white-space: normal; flex: 1 1 auto; min-width: 0; line-height: 1.45; overflow-wrap: anywhere; }
.pc-cats-long { font-size: 2.5mm; }
.pc-cat { white-space: nowrap; }
.pc-number { font-family: ${MONO}; font-size: 2.75mm; font-weight: 700; }
.pc-qr { position: absolute; right: ${QR_RIGHT}mm; top: ${QR_TOP}mm; width: ${QR_SIZE}mm; height: ${QR_SIZE}mm; }
.pc-foot { position: absolute; left: 3mm; right: 3mm; bottom: 1.8mm; font-size: 2.2mm; color: #444; display: flex; justify-content: space-between; }
.pc-back-note { margin-top: 1.6mm; font-size: 2.3mm; line-height: 1.5; color: #444; white-space: normal; }
.pc-blank { display: inline-block; border-bottom: 0.2mm solid #888; min-width: 30mm; }

.pc-mark { position: absolute; background: #000; }

.pc-booklet h1 { font-size: 6mm; margin: 0; letter-spacing: 1mm; }
.pc-booklet h2 { font-size: 3.8mm; margin: 5mm 0 2mm; border-left: 1.2mm solid #b3261e; padding-left: 2mm; }
.pc-booklet .pc-sub { font-size: 3mm; color: #555; }
.pc-booklet .pc-head { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 0.5mm solid #b3261e; padding-bottom: 3mm; }
.pc-booklet .pc-head img { width: 24mm; height: 24mm; }
.pc-booklet table { width: 100%; border-collapse: collapse; font-size: 3.1mm; }
.pc-booklet th, .pc-booklet td { border: 0.2mm solid #777; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
.pc-booklet th { background: #f1f1f1; font-weight: 600; white-space: nowrap; }
.pc-booklet .pc-info th { width: 22mm; }
.pc-booklet .pc-contact { border: 0.4mm solid #1f4e79; padding: 2.5mm 3mm; font-size: 3.2mm; line-height: 1.7; }
.pc-booklet .pc-note { font-size: 2.8mm; color: #555; margin-top: 4mm; }

.pc-error { padding: 24px; color: #a4262c; font-size: 15px; }

@media print {
  .pc-toolbar { display: none !important; }
  .pc-pages { padding: 0; gap: 0; background: none; display: block; }
  .pc-page { box-shadow: none; margin: 0; }
  .pc-sheet .pc-card { outline: none; }
  .pc-page + .pc-page { break-before: page; }
}
`;
}
