// The two faces of an assistance card at 85.6×54 mm: the front (holder, categories, number, QR) and the
// back (the contact card: the holder's assistance officer). Used alone, on the A4 sheet and nowhere else.
import type { CSSProperties } from 'react';
import type { CardPrintData } from '../../../shared/domain/assistance/card';
import { pt } from './i18n';

const MIN_MM = 1.7;
const STEP_MM = 0.1;
const PX_PER_MM = 96 / 25.4;

function fontMm(el: HTMLElement): number {
  return Number.parseFloat(getComputedStyle(el).fontSize) / PX_PER_MM;
}

function shrinkUntil(el: HTMLElement, overflows: () => boolean): void {
  let size = fontMm(el);
  while (overflows() && size > MIN_MM) {
    size = Math.max(MIN_MM, size - STEP_MM);
    el.style.fontSize = `${size.toFixed(2)}mm`;
  }
}

/**
 * Fits every card front under `root` to its text column, once fonts are loaded (the print page calls it
 * before it says it is ready): a row too wide (a long name) gets a smaller type, then the category list
 * shrinks until the column's height holds it.
 */
export function fitCardText(root: ParentNode): void {
  for (const body of root.querySelectorAll<HTMLElement>('.pc-front .pc-body')) {
    for (const row of body.querySelectorAll<HTMLElement>('.pc-row:not(.pc-row-cats)'))
      for (const big of [...row.querySelectorAll<HTMLElement>('span'), row])
        shrinkUntil(big, () => row.scrollWidth > row.clientWidth + 0.5);
    const cats = body.querySelector<HTMLElement>('.pc-cats');
    if (cats)
      shrinkUntil(
        cats,
        () => body.scrollHeight > body.clientHeight + 0.5 || cats.scrollWidth > cats.clientWidth + 0.5,
      );
  }
}

interface FaceProps {
  card: CardPrintData;
  style?: CSSProperties;
}

export function CardFront({ card, qr, style }: FaceProps & { qr: string }) {
  // up to ten categories must fit: the list wraps in the column left of the QR code, and fitCardText
  // shrinks it (and a long name or number) until the column holds it — never cut, never under the code
  const cats = card.categories.map((c) => c.name).join('、');
  return (
    <div className="pc-card pc-front" style={style} data-card-number={card.cardNumber}>
      <div className="pc-band">
        <b>{pt('print.doc.cardTitle')}</b>
        <span>
          {card.streetName} {card.communityName}
        </span>
      </div>
      <div className="pc-body">
        <div className="pc-row">
          <i>{pt('print.doc.name')}</i>
          <span className="pc-name">{card.holderName}</span>
          <i style={{ minWidth: 0, marginLeft: '3mm' }}>{pt('print.doc.sex')}</i>
          <span>{card.sex === 'F' ? pt('print.doc.female') : pt('print.doc.male')}</span>
        </div>
        <div className="pc-row">
          <i>{pt('print.doc.idNumber')}</i>
          <span>{card.holderIdNumber}</span>
        </div>
        <div className="pc-row pc-row-cats">
          <i>{pt('print.doc.categories')}</i>
          <span className={`pc-cats ${cats.length > 20 ? 'pc-cats-long' : ''}`}>
            {card.categories.map((c, i) => (
              // a category's name stays on one line: the list wraps between names
              <span key={c.code} className="pc-cat">
                {c.name}
                {i < card.categories.length - 1 ? '、' : ''}
              </span>
            ))}
          </span>
        </div>
      </div>
      <img className="pc-qr" src={qr} alt={card.cardNumber} />
      <div className="pc-foot" style={{ bottom: '5.4mm' }}>
        <span>
          {pt('print.doc.cardNumber')} <span className="pc-number">{card.cardNumber}</span>
        </span>
      </div>
      <div className="pc-foot">
        <span>
          {pt('print.doc.issuedOn')} {card.issuedOn}
        </span>
        <span>{card.stationName}</span>
      </div>
    </div>
  );
}

export function CardBack({ card, style }: FaceProps) {
  const c = card.contact;
  return (
    <div className="pc-card pc-back" style={style}>
      <div className="pc-band pc-band-contact">
        <b>{pt('print.doc.contactTitle')}</b>
        <span>{card.holderName}</span>
      </div>
      <div className="pc-body">
        <div className="pc-row">
          <i>{pt('print.doc.officer')}</i>
          {c ? (
            <span className="pc-name" style={{ fontSize: '3.1mm' }}>
              {c.officerName}
            </span>
          ) : (
            <span className="pc-blank" />
          )}
        </div>
        <div className="pc-row">
          <i>{pt('print.doc.phone')}</i>
          {c ? <span className="pc-number">{c.officerPhone}</span> : <span className="pc-blank" />}
        </div>
        <div className="pc-row">
          <i>{pt('print.doc.hours')}</i>
          {c ? <span>{c.hours}</span> : <span className="pc-blank" />}
        </div>
        <div className="pc-row">
          <i>{pt('print.doc.station')}</i>
          <span>{card.stationName}</span>
        </div>
        <div className="pc-back-note">{pt('print.doc.backNote')}</div>
      </div>
    </div>
  );
}
