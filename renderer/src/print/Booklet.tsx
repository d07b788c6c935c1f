// A page of the card book (援助卡本), A5: the holder, the card, the categories, the plan's measures and
// the contact card — what the assistant hands over and the holder keeps.
import type { CardPrintData } from '../../../shared/domain/assistance/card';
import { pt } from './i18n';

export function BookletPage({ card, qr }: { card: CardPrintData; qr: string }) {
  const c = card.contact;
  return (
    <section className="pc-page pc-page-booklet pc-booklet" data-card-number={card.cardNumber}>
      <div className="pc-head">
        <div>
          <h1>{pt('print.doc.bookletTitle')}</h1>
          <div className="pc-sub">
            {pt('print.doc.bookletSubtitle')} · {card.streetName} {card.communityName}
          </div>
          <div className="pc-sub" style={{ marginTop: '2mm' }}>
            {pt('print.doc.cardNumber')}{' '}
            <span className="pc-number" style={{ fontSize: '3.4mm' }}>
              {card.cardNumber}
            </span>
          </div>
        </div>
        <img src={qr} alt={card.cardNumber} />
      </div>

      <h2>{pt('print.doc.holder')}</h2>
      <table className="pc-info">
        <tbody>
          <tr>
            <th>{pt('print.doc.name')}</th>
            <td>{card.holderName}</td>
            <th>{pt('print.doc.sex')}</th>
            <td>{card.sex === 'F' ? pt('print.doc.female') : pt('print.doc.male')}</td>
          </tr>
          <tr>
            <th>{pt('print.doc.idNumber')}</th>
            <td colSpan={3}>{card.holderIdNumber}</td>
          </tr>
          <tr>
            <th>{pt('print.doc.categories')}</th>
            <td colSpan={3}>{card.categories.map((x) => x.name).join('、')}</td>
          </tr>
          <tr>
            <th>{pt('print.doc.issuedOn')}</th>
            <td>{card.issuedOn}</td>
            <th>{pt('print.doc.issuer')}</th>
            <td>{card.stationName}</td>
          </tr>
        </tbody>
      </table>

      <h2>{pt('print.doc.plan')}</h2>
      {card.measures.length === 0 ? (
        <div className="pc-sub">{pt('print.doc.noMeasures')}</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{pt('print.doc.measureKind')}</th>
              <th>{pt('print.doc.owner')}</th>
              <th>{pt('print.doc.dueDate')}</th>
              <th>{pt('print.doc.status')}</th>
              <th>{pt('print.doc.note')}</th>
            </tr>
          </thead>
          <tbody>
            {card.measures.slice(0, 12).map((m, i) => (
              <tr key={i}>
                <td>{pt(`cards.measureKind.${m.kind}`)}</td>
                <td>{m.owner}</td>
                <td>{m.dueDate}</td>
                <td>{m.status === 'done' ? pt('print.doc.done') : pt('print.doc.open')}</td>
                <td>{m.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{pt('print.doc.contactTitle')}</h2>
      <div className="pc-contact">
        {c ? (
          <>
            <div>
              {pt('print.doc.officer')}：{c.officerName}
            </div>
            <div>
              {pt('print.doc.phone')}：<span className="pc-number">{c.officerPhone}</span>
            </div>
            <div>
              {pt('print.doc.hours')}：{c.hours}
            </div>
          </>
        ) : (
          <div>{pt('print.doc.noContact')}</div>
        )}
        <div>
          {pt('print.doc.station')}：{card.stationName}
        </div>
      </div>
      <div className="pc-note">{pt('print.doc.backNote')}</div>
    </section>
  );
}
