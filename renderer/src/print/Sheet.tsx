// The office sheet: A4 with 10 cards (2 columns × 5 rows) edge to edge, crop marks in the margins at every
// cut line. Fronts and backs alternate page by page; a back page swaps the two columns so that, printed on
// both sides with a long-edge flip, each back lands behind its own front.
import type { ReactNode } from 'react';
import type { CardPrintData } from '../../../shared/domain/assistance/card';
import { CardBack, CardFront } from './CardFaces';
import { A4_H, A4_W, CARD_H, CARD_W, SHEET_LEFT, SHEET_TOP } from './styles';

export const PER_SHEET = 10;
const MARK = 5; // mm long
const GAP = 1.5; // mm between mark and the card area
const THICK = 0.15; // mm

function cropMarks(): ReactNode[] {
  const marks: ReactNode[] = [];
  const right = SHEET_LEFT + 2 * CARD_W;
  const bottom = SHEET_TOP + 5 * CARD_H;
  for (let i = 0; i <= 2; i++) {
    const x = SHEET_LEFT + i * CARD_W - THICK / 2;
    marks.push(
      <div
        key={`t${i}`}
        className="pc-mark"
        style={{
          left: `${x}mm`,
          top: `${SHEET_TOP - GAP - MARK}mm`,
          width: `${THICK}mm`,
          height: `${MARK}mm`,
        }}
      />,
    );
    marks.push(
      <div
        key={`b${i}`}
        className="pc-mark"
        style={{ left: `${x}mm`, top: `${bottom + GAP}mm`, width: `${THICK}mm`, height: `${MARK}mm` }}
      />,
    );
  }
  for (let j = 0; j <= 5; j++) {
    const y = SHEET_TOP + j * CARD_H - THICK / 2;
    marks.push(
      <div
        key={`l${j}`}
        className="pc-mark"
        style={{
          left: `${SHEET_LEFT - GAP - MARK}mm`,
          top: `${y}mm`,
          width: `${MARK}mm`,
          height: `${THICK}mm`,
        }}
      />,
    );
    marks.push(
      <div
        key={`r${j}`}
        className="pc-mark"
        style={{ left: `${right + GAP}mm`, top: `${y}mm`, width: `${MARK}mm`, height: `${THICK}mm` }}
      />,
    );
  }
  return marks;
}

function slot(index: number, mirrored: boolean) {
  const row = Math.floor(index / 2);
  const col = mirrored ? 1 - (index % 2) : index % 2;
  return { left: `${SHEET_LEFT + col * CARD_W}mm`, top: `${SHEET_TOP + row * CARD_H}mm` };
}

export function SheetPages({ cards, qr }: { cards: CardPrintData[]; qr: Map<string, string> }) {
  const pages: ReactNode[] = [];
  for (let start = 0; start < cards.length; start += PER_SHEET) {
    const group = cards.slice(start, start + PER_SHEET);
    pages.push(
      <section
        key={`f${start}`}
        className="pc-page pc-page-sheet pc-sheet"
        style={{ width: `${A4_W}mm`, height: `${A4_H}mm` }}
      >
        {cropMarks()}
        {group.map((c, i) => (
          <CardFront key={c.cardId} card={c} qr={qr.get(c.cardId)!} style={slot(i, false)} />
        ))}
      </section>,
      <section key={`b${start}`} className="pc-page pc-page-sheet pc-sheet">
        {cropMarks()}
        {group.map((c, i) => (
          <CardBack key={c.cardId} card={c} style={slot(i, true)} />
        ))}
      </section>,
    );
  }
  return <>{pages}</>;
}
