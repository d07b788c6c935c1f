// 援助卡 — issue cards from the eligibility suggestions, find and batch-print cards, open one card to
// replace or cancel it, keep its contact card and the holder's plan, and read the print log.
import { useState } from 'react';
import { t } from '../i18n';
import { IssuePanel } from './IssuePanel';
import { CardList } from './CardList';
import { CardDetail } from './CardDetail';
import { PrintLogPanel } from './PrintLogPanel';

type Tab = 'issue' | 'cards' | 'log';

// scoped to this page: the desk's stylesheet has no plain-table look, and this page is mostly tables
const PAGE_CSS = `
.cards-page table th, .cards-page table td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.cards-page table th { background: #f3f6f9; font-weight: 600; white-space: nowrap; }
.cards-page h3 { margin: 6px 0; }
`;

export default function CardsPage() {
  const [tab, setTab] = useState<Tab>('cards');
  const [openId, setOpenId] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);

  const open = (id: string) => {
    setOpenId(id);
    setTab('cards');
  };
  const tabs: Array<[Tab, string]> = [
    ['cards', t('cards.tabCards')],
    ['issue', t('cards.tabIssue')],
    ['log', t('cards.tabLog')],
  ];
  return (
    <div className="cards-page">
      <style>{PAGE_CSS}</style>
      <div className="toolbar">
        <h1>{t('cards.title')}</h1>
      </div>
      <div className="tabs" role="tablist">
        {tabs.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            className={tab === key ? 'on' : ''}
            onClick={() => {
              setTab(key);
              if (key === 'cards') setOpenId(null);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === 'issue' ? (
        <IssuePanel
          onIssued={(card) => {
            setRefreshKey((k) => k + 1);
            open(card.id);
          }}
        />
      ) : tab === 'log' ? (
        <PrintLogPanel />
      ) : openId ? (
        <>
          <div className="toolbar">
            <button type="button" className="link" onClick={() => setOpenId(null)}>
              ← {t('cards.tabCards')}
            </button>
          </div>
          <CardDetail key={openId} id={openId} onOpen={open} onChanged={() => setRefreshKey((k) => k + 1)} />
        </>
      ) : (
        <CardList onOpen={open} refreshKey={refreshKey} />
      )}
    </div>
  );
}
