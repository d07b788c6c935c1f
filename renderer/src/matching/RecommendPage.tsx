// 推荐: three tabs with their own URLs — /recommend/vacancy?id=… (people for a vacancy), /recommend/person?id=…
// (jobs for a person) and /recommend/ledger (the recommendations, their steps and the follow-ups due).
// Everything is offline: matching runs on the station. Esc goes back to the ledger (or leaves it for the
// work list); Ctrl+S saves the step being recorded and never opens the browser's "save page".
import { useEffect, useLayoutEffect, useRef, useState, type MutableRefObject, type ReactNode } from 'react';
import { call } from '../api/client';
import type { Vacancy } from '../../../shared/domain/employer';
import type { ResidentRow } from '../../../shared/domain/resident';
import type { Recommendation, RecommendationStatus } from '../../../shared/domain/recommendation';
import { NEEDS_REASON } from '../../../shared/domain/recommendation';
import type { MatchCandidate, MatchVacancyItem } from '../../../shared/contract/matching';
import { navigate, useLocation } from '../router';
import { t, type MessageKey } from '../i18n';
import { dateLong, todayIso } from '../format';
import { useDeskKeys } from '../ui/keyboard';
import { useQuickSearch } from '../ui/useQuickSearch';
import { messageOf } from '../ui/errors';
import { TextField, CheckboxField } from '../ui/fields';
import { referralUrl } from './openReferral';

type Tab = 'vacancy' | 'person' | 'ledger';
const statusLabel = (s: RecommendationStatus) => t(`rec.status.${s}` as MessageKey);

export function RecommendPage({ path }: { path: string }) {
  const { query } = useLocation();
  const tab: Tab =
    path === '/recommend/vacancy' ? 'vacancy' : path === '/recommend/person' ? 'person' : 'ledger';
  // The ledger's open step form saves on Ctrl+S. A ref set in a layout effect (before the form is painted),
  // not state: a form on screen must never meet the handler of the render before it.
  const saveStep = useRef<(() => void) | null>(null);
  useDeskKeys({
    save: () => saveStep.current?.(),
    close: () => navigate(tab === 'ledger' ? '/today' : '/recommend/ledger'),
  });
  return (
    <div className="recommend-page">
      <div className="toolbar">
        <h1>{t('rec.title')}</h1>
      </div>
      <div className="tabs" role="tablist">
        {(['vacancy', 'person', 'ledger'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'on' : ''}
            onClick={() => navigate(`/recommend/${k}`)}
          >
            {t(`rec.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'vacancy' ? (
        <ForVacancy id={query.get('id')} />
      ) : tab === 'person' ? (
        <ForPerson id={query.get('id')} />
      ) : (
        <Ledger due={query.get('due') === '1'} saveStep={saveStep} />
      )}
    </div>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  return (
    <ul className="reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function Done({ done }: { done: { text: string; id: string } | null }) {
  if (!done) return null;
  return (
    <p className="notice" role="status" data-testid="rec-done">
      {done.text}{' '}
      <a
        href={referralUrl(done.id)}
        onClick={(e) => (e.preventDefault(), navigate(referralUrl(done.id, true)))}
      >
        {t('rec.printLetter')}
      </a>
    </p>
  );
}

/** One column of a ranked list: its head and how a row shows it. */
interface Column<T> {
  head: string;
  cell: (item: T) => ReactNode;
  className?: string;
}

/**
 * What both matching tabs are: a search that picks the one thing to match (a vacancy, a person), the chosen
 * one, and the ranked list with its reasons and a 推荐 button per row.
 */
function MatchTab<F extends { id: string }, T extends { score: number }>(props: {
  search: { name: string; label: string; hint?: string; autoFocus: boolean; testId: string };
  query: string;
  onQuery: (q: string) => void;
  found: F[];
  showFound: (f: F) => ReactNode;
  onPick: (f: F) => void;
  chosen: ReactNode;
  error: string;
  done: { text: string; id: string } | null;
  items: T[] | null;
  list: { testId: string; caption: string; key: (item: T) => string; columns: Array<Column<T>> };
  recommendLabel: (item: T) => string;
  reasons: (item: T) => string[];
  onRecommend: (item: T) => void;
}) {
  const { search, list, items } = props;
  return (
    <div className="card">
      <TextField
        name={search.name}
        type="search"
        label={search.label}
        value={props.query}
        onChange={props.onQuery}
        autoFocus={search.autoFocus}
        {...(search.hint ? { hint: search.hint } : {})}
      />
      {props.query.trim() ? (
        <ul className="pick-list" data-testid={search.testId}>
          {props.found.map((f) => (
            <li key={f.id}>
              <span>{props.showFound(f)}</span>
              <button type="button" className="small-btn" onClick={() => props.onPick(f)}>
                {t('vacancy.pick')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {props.chosen}
      {props.error ? (
        <p className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <Done done={props.done} />
      {items ? (
        items.length === 0 ? (
          <p className="muted">{t('rec.none')}</p>
        ) : (
          <table className="table" data-testid={list.testId}>
            <caption>{list.caption}</caption>
            <thead>
              <tr>
                {list.columns.map((c) => (
                  <th key={c.head}>{c.head}</th>
                ))}
                <th>{t('rec.score')}</th>
                <th>{t('rec.reasons')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={list.key(item)}>
                  {list.columns.map((c) => (
                    <td key={c.head} {...(c.className ? { className: c.className } : {})}>
                      {c.cell(item)}
                    </td>
                  ))}
                  <td className="num">{item.score}</td>
                  <td>
                    <Reasons reasons={props.reasons(item)} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="small-btn"
                      onClick={() => props.onRecommend(item)}
                      aria-label={props.recommendLabel(item)}
                    >
                      {t('rec.recommend')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </div>
  );
}

function ForVacancy({ id }: { id: string | null }) {
  const [q, setQ] = useState('');
  const own = useQuickSearch<Vacancy>(q, (query) =>
    call('vacancies.list', { query, limit: 8, includeExpired: false, status: 'open' }),
  );
  const shared = useQuickSearch<Vacancy>(q, (query) =>
    call('vacancies.list', { query, limit: 8, includeExpired: false, status: 'open', scope: 'shared' }),
  );
  const [vacancy, setVacancy] = useState<Vacancy | null>(null);
  const [items, setItems] = useState<MatchCandidate[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState<{ text: string; id: string } | null>(null);
  const load = async (vid: string) => {
    setError('');
    try {
      setVacancy(await call('vacancies.get', { id: vid }));
      setItems((await call('matching.candidates', { vacancyId: vid, limit: 20 })).items);
    } catch (e) {
      setError(messageOf(e));
      setItems(null);
    }
  };
  useEffect(() => {
    if (id) void load(id);
  }, [id]);
  const recommend = async (c: MatchCandidate) => {
    if (!vacancy) return;
    try {
      const r = await call('recommendations.create', { residentId: c.residentId, vacancyId: vacancy.id });
      setDone({ text: t('rec.recommended', { name: c.name, title: vacancy.title }), id: r.id });
      void load(vacancy.id);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const foreignFrom = (v: Vacancy) =>
    v.foreign ? (
      <span className="muted"> {t('rec.foreignFrom', { community: v.communityName ?? '' })}</span>
    ) : null;
  return (
    <MatchTab<Vacancy, MatchCandidate>
      search={{
        name: 'vacancySearch',
        label: t('rec.pickVacancy'),
        hint: t('rec.sharedToo'),
        autoFocus: !id,
        testId: 'vacancy-results',
      }}
      query={q}
      onQuery={setQ}
      found={[...own, ...shared]}
      showFound={(v) => (
        <>
          {v.title} · {v.employerName}
          {foreignFrom(v)}
        </>
      )}
      onPick={(v) => (setQ(''), navigate(`/recommend/vacancy?id=${v.id}`))}
      chosen={
        vacancy ? (
          <p data-testid="rec-vacancy">
            {t('rec.chosen', { name: `${vacancy.title} · ${vacancy.employerName}` })}
            {foreignFrom(vacancy)}
          </p>
        ) : null
      }
      error={error}
      done={done}
      items={items}
      list={{
        testId: 'candidates',
        caption: t('rec.candidates'),
        key: (c) => c.residentId,
        columns: [
          {
            head: t('rec.col.person'),
            cell: (c) => (
              <a
                href={`/residents/${c.residentId}`}
                onClick={(e) => (e.preventDefault(), navigate(`/residents/${c.residentId}`))}
              >
                {c.name}
              </a>
            ),
          },
        ],
      }}
      reasons={(c) => c.reasons}
      recommendLabel={(c) => `${t('rec.recommend')} ${c.name}`}
      onRecommend={(c) => void recommend(c)}
    />
  );
}

function ForPerson({ id }: { id: string | null }) {
  const [q, setQ] = useState('');
  const found = useQuickSearch<ResidentRow>(q, (query) => call('residents.search', { query, limit: 10 }));
  const [name, setName] = useState('');
  const [items, setItems] = useState<MatchVacancyItem[] | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState<{ text: string; id: string } | null>(null);
  const load = async (rid: string) => {
    setError('');
    try {
      setName((await call('residents.get', { id: rid })).name);
      setItems((await call('matching.vacancies', { residentId: rid, limit: 20 })).items);
    } catch (e) {
      setError(messageOf(e));
      setItems(null);
    }
  };
  useEffect(() => {
    if (id) void load(id);
  }, [id]);
  const recommend = async (v: MatchVacancyItem) => {
    if (!id) return;
    try {
      const r = await call('recommendations.create', { residentId: id, vacancyId: v.vacancyId });
      setDone({ text: t('rec.recommended', { name, title: v.title }), id: r.id });
      void load(id);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <MatchTab<ResidentRow, MatchVacancyItem>
      search={{ name: 'personSearch', label: t('rec.pickPerson'), autoFocus: !id, testId: 'person-results' }}
      query={q}
      onQuery={setQ}
      found={found}
      showFound={(r) => (
        <>
          {r.name} <span className="mono muted">{r.idNumber}</span>
        </>
      )}
      onPick={(r) => (setQ(''), navigate(`/recommend/person?id=${r.id}`))}
      chosen={id && name ? <p data-testid="rec-person">{t('rec.chosen', { name })}</p> : null}
      error={error}
      done={done}
      items={items}
      list={{
        testId: 'jobs',
        caption: t('rec.jobs'),
        key: (v) => v.vacancyId,
        columns: [
          {
            head: t('rec.col.vacancy'),
            cell: (v) => (
              <>
                {v.title}
                {v.foreign ? (
                  <div className="muted small">
                    {t('rec.foreignFrom', { community: v.communityName ?? '' })}
                  </div>
                ) : null}
              </>
            ),
          },
          { head: t('rec.col.employer'), cell: (v) => v.employerName },
        ],
      }}
      reasons={(v) => v.reasons}
      recommendLabel={(v) => `${t('rec.recommend')} ${v.title}`}
      onRecommend={(v) => void recommend(v)}
    />
  );
}

function FollowUp({ r }: { r: Recommendation }) {
  if (!r.followUp) return null;
  const text = t(`rec.followUp.${r.followUp.kind}`, { date: dateLong(r.followUp.dueOn) });
  return (
    <span className={r.followUp.due ? 'badge warn' : 'muted small'}>
      {text}
      {r.followUp.due ? ` · ${t('rec.followUp.due')}` : ''}
    </span>
  );
}

function Ledger({ due, saveStep }: { due: boolean; saveStep: MutableRefObject<(() => void) | null> }) {
  const [items, setItems] = useState<Recommendation[]>([]);
  const [total, setTotal] = useState(0);
  const [open, setOpen] = useState<{ id: string; status: RecommendationStatus } | null>(null);
  const [date, setDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const reload = async () => {
    const r = await call('recommendations.list', { limit: 200, ...(due ? { due: true } : {}) });
    setItems(r.items);
    setTotal(r.total);
  };
  useEffect(() => {
    void reload();
  }, [due]);
  const save = async () => {
    if (!open) return;
    setError('');
    try {
      const r = await call('recommendations.update', {
        id: open.id,
        status: open.status,
        date,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setMessage(t('rec.stepSaved', { status: statusLabel(r.status) }));
      setOpen(null);
      setReason('');
      await reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useLayoutEffect(() => {
    saveStep.current = () => void save();
    return () => {
      saveStep.current = null;
    };
  });
  return (
    <div className="card">
      <CheckboxField
        name="dueOnly"
        label={t('rec.dueOnly')}
        checked={due}
        onChange={(v) => navigate(v ? '/recommend/ledger?due=1' : '/recommend/ledger')}
      />
      <p className="muted">{t('common.total', { n: total })}</p>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <table className="table" data-testid="ledger">
        <thead>
          <tr>
            <th>{t('rec.col.person')}</th>
            <th>{t('rec.col.vacancy')}</th>
            <th>{t('rec.col.date')}</th>
            <th>{t('rec.col.status')}</th>
            <th>{t('rec.col.followUp')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-id={r.id}>
              <td>
                {r.residentName} <span className="mono muted small">{r.residentIdNumber}</span>
              </td>
              <td>
                {r.vacancyTitle} · {r.employerName}
              </td>
              <td>{dateLong(r.recommendedOn)}</td>
              <td data-testid="rec-status">{statusLabel(r.status)}</td>
              <td>
                <FollowUp r={r} />
              </td>
              <td>
                {r.next.map((s) => (
                  <button
                    key={s}
                    type="button"
                    className="small-btn"
                    onClick={() => {
                      setOpen({ id: r.id, status: s });
                      setDate(todayIso());
                      setError('');
                    }}
                  >
                    {statusLabel(s)}
                  </button>
                ))}
                <a
                  href={referralUrl(r.id)}
                  onClick={(e) => (e.preventDefault(), navigate(referralUrl(r.id, true)))}
                >
                  {t('rec.printLetter')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <form
          className="form-grid step-form"
          data-testid="step-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <strong className="wide">
            {t('rec.step')}：{statusLabel(open.status)}
          </strong>
          <TextField name="stepDate" type="date" label={t('rec.stepDate')} value={date} onChange={setDate} />
          {NEEDS_REASON.includes(open.status) ? (
            <TextField
              name="stepReason"
              label={t('rec.stepReason')}
              value={reason}
              onChange={setReason}
              required
              autoFocus
            />
          ) : null}
          <button type="submit" className="primary" aria-keyshortcuts="Control+S">
            {t('rec.stepSave')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
