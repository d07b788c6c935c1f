// Print route of a referral letter (推荐介绍信): /print/referral?id=<recommendation>[&back=<path>], one A5
// portrait page in Chinese whatever the desk's language — the employer, the person with the ID number
// masked, the vacancy, the station, the date, and a QR code of the recommendation id for the employer to
// scan or quote back. Sets document.body.dataset.printReady like the other print routes.
import { useEffect, useMemo, useState } from 'react';
import { call } from '../api/client';
import type { Recommendation } from '../../../shared/domain/recommendation';
import type { Vacancy } from '../../../shared/domain/employer';
import type { SessionInfo } from '../../../shared/contract';
import { navigate } from '../router';
import { t } from '../i18n';
import { pt } from '../print/i18n';
import { qrDataUrl } from '../print/qr';
import { messageOf } from '../ui/errors';

const CSS = `
@page { size: 148mm 210mm; margin: 0; }
.rl-page { width: 148mm; height: 209mm; overflow: hidden; break-after: avoid; box-sizing: border-box; padding: 16mm 14mm; background: #fff; color: #000;
  font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 11pt;
  line-height: 1.9; position: relative; margin: 0 auto; }
.rl-page h1 { text-align: center; font-size: 20pt; letter-spacing: 0.5em; margin: 0 0 8mm; }
.rl-page p { margin: 0 0 3mm; }
.rl-indent { text-indent: 2em; }
.rl-sign { position: absolute; right: 14mm; bottom: 40mm; text-align: right; }
.rl-qr { position: absolute; left: 14mm; bottom: 14mm; text-align: center; font-size: 8pt; }
.rl-qr img { width: 26mm; height: 26mm; display: block; }
.rl-toolbar { display: flex; gap: 8px; padding: 8px; justify-content: center; }
/* last, so it wins over the screen rules above */
@media print {
  .rl-toolbar { display: none; }
  html, body, #root { margin: 0 !important; padding: 0 !important; background: #fff; }
}
`;

function setReady(state: 'true' | 'error' | null): void {
  if (state === null) delete document.body.dataset.printReady;
  else document.body.dataset.printReady = state;
}

interface Letter {
  rec: Recommendation;
  vacancy: Vacancy | null;
  session: SessionInfo;
  qr: string;
}

export default function ReferralLetter() {
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const id = params.get('id') ?? '';
  const back = params.get('back');
  const [letter, setLetter] = useState<Letter | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setReady(null);
    let live = true;
    (async () => {
      const rec = await call('recommendations.get', { id });
      const vacancy = await call('vacancies.get', { id: rec.vacancyId }).catch(() => null);
      const session = await call('session.me', {});
      const qr = await qrDataUrl(rec.id);
      if (live) setLetter({ rec, vacancy, session, qr });
    })().catch((e: unknown) => {
      if (!live) return;
      setError(messageOf(e));
      setReady('error');
    });
    return () => {
      live = false;
    };
  }, [id]);

  useEffect(() => {
    if (!letter) return;
    let live = true;
    (async () => {
      await document.fonts.ready;
      await Promise.all(
        [...document.querySelectorAll<HTMLImageElement>('.rl-page img')].map((i) => i.decode()),
      );
    })().then(
      () => live && setReady('true'),
      () => live && setReady('error'),
    );
    return () => {
      live = false;
    };
  }, [letter]);

  if (error)
    return (
      <p className="field-error" role="alert">
        {error}
      </p>
    );
  if (!letter) return null;
  const { rec, vacancy, session } = letter;
  const [y, m, d] = rec.recommendedOn.split('-');
  const contact = vacancy?.employerContacts[0];
  return (
    <>
      <style>{CSS}</style>
      <div className="rl-toolbar">
        {back ? (
          <button type="button" onClick={() => navigate(back)}>
            {t('print.referral.back')}
          </button>
        ) : null}
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('print.referral.print')}
        </button>
      </div>
      <div className="rl-page" data-testid="referral-letter">
        <h1>{pt('print.doc.referral.title')}</h1>
        <p>{pt('print.doc.referral.to', { employer: rec.employerName })}</p>
        <p className="rl-indent">
          {pt('print.doc.referral.body', {
            name: rec.residentName,
            idNumber: rec.residentIdNumber,
            title: rec.vacancyTitle,
          })}
        </p>
        <p className="rl-indent">{pt('print.doc.referral.reply')}</p>
        {vacancy?.employerAddress ? (
          <p>{pt('print.doc.referral.address', { address: vacancy.employerAddress })}</p>
        ) : null}
        {contact ? (
          <p>
            {pt('print.doc.referral.contact', {
              contact: `${contact.name}${contact.phone ? ` ${contact.phone}` : ''}`,
            })}
          </p>
        ) : null}
        <div className="rl-sign">
          <p>
            {pt('print.doc.referral.from', { street: session.streetName, community: session.communityName })}
          </p>
          <p>{pt('print.doc.referral.by', { name: rec.recommendedBy })}</p>
          <p>{pt('print.doc.referral.date', { y: y!, m: m!, d: d! })}</p>
        </div>
        <div className="rl-qr">
          <img src={letter.qr} alt={pt('print.doc.referral.number')} />
          {pt('print.doc.referral.number')}
          <br />
          <span style={{ fontSize: '6pt' }} data-doc-ref>
            {rec.id}
          </span>
        </div>
      </div>
    </>
  );
}
