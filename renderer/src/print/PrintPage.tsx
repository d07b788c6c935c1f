// Print route: /print/cards?ids=<id>,<id>&layout=card|sheet|booklet, rendered without the desk's frame.
// Loads through the contract client, draws the pages at paper size, and sets
// document.body.dataset.printReady = 'true' once every QR image and font is ready (Electron's
// printToPDF and the browser tests wait on it; 'error' when the pages cannot be drawn).
import { useEffect, useMemo, useState } from 'react';
import { call } from '../api/client';
import { navigate } from '../router';
import { PRINT_LAYOUTS, type CardPrintData, type PrintLayout } from '../../../shared/domain/assistance/card';
import { ApiError } from '../../../shared/errors';
import { BookletPage } from './Booklet';
import { CardBack, CardFront, fitCardText } from './CardFaces';
import { SheetPages } from './Sheet';
import { t } from '../i18n';
import { PRINT_LANG } from './i18n';
import { qrDataUrl } from './qr';
import { printCss } from './styles';

interface Request {
  ids: string[];
  layout: PrintLayout;
}

function readRequest(): Request | string {
  const params = new URLSearchParams(window.location.search);
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const layout = (params.get('layout') ?? 'card') as PrintLayout;
  if (ids.length === 0) return t('print.noIds');
  if (!PRINT_LAYOUTS.includes(layout)) return t('print.badLayout');
  return { ids, layout };
}

function setReady(state: 'true' | 'error' | null): void {
  if (state === null) delete document.body.dataset.printReady;
  else document.body.dataset.printReady = state;
}

async function imagesReady(): Promise<void> {
  await document.fonts.ready;
  const imgs = [...document.querySelectorAll<HTMLImageElement>('.pc-root img')];
  await Promise.all(imgs.map((img) => img.decode()));
  // measured with the real fonts: the text column of each card front holds all of its text
  const root = document.querySelector('.pc-root');
  if (root) fitCardText(root);
}

export default function PrintPage() {
  const request = useMemo(readRequest, []);
  const [cards, setCards] = useState<CardPrintData[] | null>(null);
  const [qr, setQr] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(typeof request === 'string' ? request : null);
  const [logging, setLogging] = useState(false);

  useEffect(() => {
    setReady(null);
    if (typeof request === 'string') {
      setReady('error');
      return;
    }
    let live = true;
    (async () => {
      const { items } = await call('cards.printData', { ids: request.ids });
      const codes = new Map<string, string>();
      for (const c of items) codes.set(c.cardId, await qrDataUrl(c.cardNumber));
      if (!live) return;
      setQr(codes);
      setCards(items);
    })().catch((e: unknown) => {
      if (!live) return;
      setError(e instanceof ApiError ? e.message : String(e));
      setReady('error');
    });
    return () => {
      live = false;
    };
  }, [request]);

  useEffect(() => {
    if (!cards) return;
    let live = true;
    imagesReady().then(
      () => live && setReady('true'),
      () => live && setReady('error'),
    );
    return () => {
      live = false;
    };
  }, [cards]);

  const layout = typeof request === 'string' ? 'card' : request.layout;
  // only a path of this desk: never an address elsewhere
  const backParam = new URLSearchParams(window.location.search).get('back');
  const back = backParam && backParam.startsWith('/') && !backParam.startsWith('//') ? backParam : null;

  async function print() {
    if (typeof request === 'string' || !cards) return;
    setLogging(true);
    try {
      await call('cards.logPrint', { ids: cards.map((c) => c.cardId), layout });
      window.print();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLogging(false);
    }
  }

  const reprints = cards?.filter((c) => c.printedBefore).length ?? 0;
  const hint =
    layout === 'sheet'
      ? t('print.sheetHint')
      : layout === 'booklet'
        ? t('print.bookletHint')
        : t('print.cardHint');

  return (
    <div className="pc-root">
      <style>{printCss(layout)}</style>
      <div className="pc-toolbar">
        {back ? (
          <button type="button" onClick={() => navigate(back)}>
            {t('print.back')}
          </button>
        ) : null}
        <button type="button" className="primary" onClick={() => void print()} disabled={!cards || logging}>
          {logging ? t('print.printing') : t('print.print')}
        </button>
        <span>
          {t(`cards.layout.${layout}`)} · {cards ? cards.length : 0}
        </span>
        <span className="muted">{hint}</span>
        {reprints > 0 ? <span className="pc-warn">{t('print.reprintWarning', { n: reprints })}</span> : null}
      </div>
      {error ? (
        <div className="pc-error" role="alert">
          {error}
        </div>
      ) : !cards ? (
        <div className="pc-error" style={{ color: '#555' }}>
          {t('print.loading')}
        </div>
      ) : (
        <div className="pc-pages" lang={PRINT_LANG}>
          {layout === 'card' ? (
            cards.flatMap((c) => [
              <section key={`${c.cardId}-f`} className="pc-page pc-page-card">
                <CardFront card={c} qr={qr.get(c.cardId)!} />
              </section>,
              <section key={`${c.cardId}-b`} className="pc-page pc-page-card">
                <CardBack card={c} />
              </section>,
            ])
          ) : layout === 'sheet' ? (
            <SheetPages cards={cards} qr={qr} />
          ) : (
            cards.map((c) => <BookletPage key={c.cardId} card={c} qr={qr.get(c.cardId)!} />)
          )}
        </div>
      )}
    </div>
  );
}
