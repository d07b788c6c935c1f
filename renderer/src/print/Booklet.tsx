// A page of the card book (援助卡本), A5: the holder, the card, the categories, the plan's measures and
// the contact card — what the assistant hands over and the holder keeps.
import type { CardPrintData } from '../../../shared/domain/assistance/card';
import { printText as T } from './i18n';

export function BookletPage({ card, qr }: { card: CardPrintData; qr: string }) {
  const c = card.contact;
  return (
    <section className="pc-page pc-page-booklet pc-booklet" data-card-number={card.cardNumber}>
      <div className="pc-head">
        <div>
          <h1>{T.bookletTitle}</h1>
          <div className="pc-sub">
            {T.bookletSubtitle} · {card.streetName} {card.communityName}
          </div>
          <div className="pc-sub" style={{ marginTop: '2mm' }}>
            {T.cardNumber} <span className="pc-number" style={{ fontSize: '3.4mm' }}>{card.cardNumber}</span>
          </div>
        </div>
        <img src={qr} alt={card.cardNumber} />
      </div>

      <h2>{T.holder}</h2>
      <table className="pc-info">
        <tbody>
          <tr>
            <th>{T.name}</th>
            <td>{card.holderName}</td>
            <th>{T.sex}</th>
            <td>{card.sex === 'F' ? T.female : T.male}</td>
          </tr>
          <tr>
            <th>{T.idNumber}</th>
            <td colSpan={3}>{card.holderIdNumber}</td>
          </tr>
          <tr>
            <th>{T.categories}</th>
            <td colSpan={3}>{card.categories.map((x) => x.name).join('、')}</td>
          </tr>
          <tr>
            <th>{T.issuedOn}</th>
            <td>{card.issuedOn}</td>
            <th>{T.issuer}</th>
            <td>{card.stationName}</td>
          </tr>
        </tbody>
      </table>

      <h2>{T.plan}</h2>
      {card.measures.length === 0 ? (
        <div className="pc-sub">{T.noMeasures}</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{T.measureKind}</th>
              <th>{T.owner}</th>
              <th>{T.dueDate}</th>
              <th>{T.status}</th>
              <th>{T.note}</th>
            </tr>
          </thead>
          <tbody>
            {card.measures.slice(0, 12).map((m, i) => (
              <tr key={i}>
                <td>{T.measureKinds[m.kind]}</td>
                <td>{m.owner}</td>
                <td>{m.dueDate}</td>
                <td>{m.status === 'done' ? T.done : T.open}</td>
                <td>{m.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{T.contactTitle}</h2>
      <div className="pc-contact">
        {c ? (
          <>
            <div>
              {T.officer}：{c.officerName}
            </div>
            <div>
              {T.phone}：<span className="pc-number">{c.officerPhone}</span>
            </div>
            <div>
              {T.hours}：{c.hours}
            </div>
          </>
        ) : (
          <div>{T.noContact}</div>
        )}
        <div>
          {T.station}：{card.stationName}
        </div>
      </div>
      <div className="pc-note">{T.backNote}</div>
    </section>
  );
}
