// 发卡: pick a resident, see which categories the rules suggest and why, confirm (adding others with a
// reason), and issue the card. The station re-checks everything; this page only helps the choice.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { ResidentRow } from '../../../shared/domain/resident';
import type { AssistanceCategoryView } from '../../../shared/contract/cards';
import type { CategorySuggestion } from '../../../shared/domain/assistance/eligibility';
import type { AssistanceCard } from '../../../shared/domain/assistance/card';
import { Notice, TextField } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { t } from '../i18n';

export function IssuePanel({ onIssued }: { onIssued: (card: AssistanceCard) => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ResidentRow[]>([]);
  const [resident, setResident] = useState<ResidentRow | null>(null);
  const [categories, setCategories] = useState<AssistanceCategoryView[]>([]);
  const [suggestions, setSuggestions] = useState<CategorySuggestion[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  useEffect(() => {
    call('reference.assistanceCategories', {}).then(
      (r) => setCategories(r.items),
      (e: unknown) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, []);

  useEffect(() => {
    if (query.trim().length === 0) {
      setResults([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('residents.search', { query, limit: 20 }).then(
        (r) => live && setResults(r.items),
        () => live && setResults([]),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  async function pick(r: ResidentRow) {
    setResident(r);
    setMessage(null);
    setReason('');
    try {
      const s = await call('cards.suggest', { residentId: r.id });
      setSuggestions(s.suggestions);
      setChosen(new Set(s.suggestions.map((x) => x.code)));
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  function toggle(code: string, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    setChosen(next);
  }

  async function issue() {
    if (!resident) return;
    setBusy(true);
    setMessage(null);
    try {
      const card = await call('cards.issue', {
        residentId: resident.id,
        categories: categories.map((c) => c.code).filter((c) => chosen.has(c)),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setMessage({ kind: 'ok', text: t('cards.issued', { n: card.cardNumber }) });
      onIssued(card);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  const suggestedBy = new Map(suggestions.map((s) => [s.code, s]));
  return (
    <div
      className="cards-issue"
      style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: 16 }}
    >
      <fieldset className="card">
        <legend>{t('cards.pickResident')}</legend>
        <TextField
          label={t('cards.search')}
          name="residentQuery"
          value={query}
          onChange={setQuery}
          placeholder={t('cards.searchPlaceholder')}
          type="search"
        />
        <ul
          className="cards-results"
          style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', maxHeight: 360, overflow: 'auto' }}
        >
          {results.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className={resident?.id === r.id ? 'primary' : ''}
                style={{ width: '100%', textAlign: 'left', marginBottom: 4 }}
                onClick={() => void pick(r)}
              >
                {r.name} · {r.idNumber} · {r.age}岁
              </button>
            </li>
          ))}
          {query.trim() && results.length === 0 ? <li className="muted">{t('cards.noResults')}</li> : null}
        </ul>
      </fieldset>

      <fieldset className="card" disabled={!resident}>
        <legend>{resident ? `${resident.name}（${resident.idNumber}）` : t('cards.suggestions')}</legend>
        {resident ? (
          <>
            <h3>{t('cards.suggestions')}</h3>
            {suggestions.length === 0 ? (
              <p className="muted">{t('cards.noSuggestions')}</p>
            ) : (
              <ul data-testid="suggestions">
                {suggestions.map((s) => (
                  <li key={s.code}>
                    <strong>{s.name}</strong>：{s.reason}
                  </li>
                ))}
              </ul>
            )}
            <h3 style={{ marginTop: 10 }}>{t('cards.allCategories')}</h3>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 4 }}>
              {categories.map((c) => (
                <label key={c.code} className="inline-label">
                  <input
                    type="checkbox"
                    checked={chosen.has(c.code)}
                    onChange={(e) => toggle(c.code, e.target.checked)}
                  />
                  {c.name}
                  {suggestedBy.has(c.code) ? (
                    <span className="chip small">{t('cards.suggestedMark')}</span>
                  ) : null}
                </label>
              ))}
            </div>
            <TextField
              label={t('cards.reason')}
              name="reason"
              value={reason}
              onChange={setReason}
              maxLength={200}
            />
            <div className="toolbar" style={{ marginTop: 10 }}>
              <button
                type="button"
                className="primary"
                disabled={busy || chosen.size === 0}
                onClick={() => void issue()}
              >
                {busy ? t('cards.issuing') : t('cards.issue')}
              </button>
            </div>
          </>
        ) : null}
        {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      </fieldset>
    </div>
  );
}
