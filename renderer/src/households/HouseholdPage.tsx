// One household: address, head, income and subsistence status, and its members, picked from the
// residents by quick search. Size, per-capita income and 零就业家庭 come from the station.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { Household } from '../../../shared/domain/household';
import type { ResidentRow } from '../../../shared/domain/resident';
import { SUBSISTENCE_STATUSES } from '../../../shared/domain/resident';
import { navigate } from '../router';
import { t } from '../i18n';
import { money } from '../format';
import { Notice, SelectField, TextArea, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { formKeys } from '../ui/keyboard';

interface Form {
  address: string;
  headName: string;
  monthlyIncome: string;
  subsistence: string;
  note: string;
}
const empty: Form = { address: '', headName: '', monthlyIncome: '', subsistence: 'none', note: '' };

function toForm(h: Household): Form {
  return {
    address: h.address ?? '',
    headName: h.headName ?? '',
    monthlyIncome: h.monthlyIncome === null ? '' : String(h.monthlyIncome),
    subsistence: h.subsistence,
    note: h.note ?? '',
  };
}

export function HouseholdPage({ id }: { id: string | null }) {
  const [household, setHousehold] = useState<Household | null>(null);
  const [form, setForm] = useState<Form>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    call('households.get', { id }).then(
      (h) => {
        setHousehold(h);
        setForm(toForm(h));
      },
      (e) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, [id]);

  const set = (k: keyof Form, v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function save() {
    const income = form.monthlyIncome.trim().replace(/[,，¥￥元\s]/g, '');
    if (income && !Number.isFinite(Number(income))) {
      setErrors({ monthlyIncome: t('err.number') });
      return;
    }
    const input = {
      address: form.address.trim() || null,
      headName: form.headName.trim() || null,
      monthlyIncome: income ? Number(income) : null,
      subsistence: form.subsistence as (typeof SUBSISTENCE_STATUSES)[number],
      note: form.note.trim() || null,
    };
    setBusy(true);
    try {
      const h = id
        ? await call('households.update', { id, ...input })
        : await call('households.create', input);
      setErrors({});
      if (!id) {
        navigate(`/households/${h.id}`, { replace: true });
        return;
      }
      setHousehold(h);
      setForm(toForm(h));
      setMessage({ kind: 'ok', text: t('common.saved') });
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  const title = id
    ? t('household.editTitle', { name: household?.headName || household?.address || '' })
    : t('household.newTitle');
  return (
    <section
      className="form-page"
      aria-labelledby="household-title"
      onKeyDown={formKeys({ save: () => void save(), close: () => navigate('/households') })}
    >
      <div className="toolbar sticky">
        <h1 id="household-title">{title}</h1>
        <span className="spacer" />
        <button type="button" onClick={() => navigate('/households')}>
          {t('common.close')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          {t('common.save')}
        </button>
      </div>
      {message ? (
        <Notice kind={message.kind} testId="form-message">
          {message.text}
        </Notice>
      ) : null}
      {household ? (
        <div className="facts" data-testid="household-facts">
          <span>{t('household.size', { n: household.size })}</span>
          <span>
            {t('household.perCapita', {
              v: household.perCapitaIncome === null ? '—' : money(household.perCapitaIncome),
            })}
          </span>
          <span className={household.zeroEmployment ? 'badge' : 'muted'}>
            {household.zeroEmployment ? t('household.zero') : t('household.notZero')}
          </span>
        </div>
      ) : null}
      <fieldset className="card">
        <div className="form-grid">
          <TextField
            name="address"
            label={t('household.address')}
            value={form.address}
            onChange={(v) => set('address', v)}
            error={errors.address}
            className="wide"
            autoFocus={!id}
          />
          <TextField
            name="headName"
            label={t('household.head')}
            value={form.headName}
            onChange={(v) => set('headName', v)}
            error={errors.headName}
          />
          <TextField
            name="monthlyIncome"
            label={t('household.monthlyIncome')}
            inputMode="decimal"
            value={form.monthlyIncome}
            onChange={(v) => set('monthlyIncome', v)}
            error={errors.monthlyIncome}
          />
          <SelectField
            name="subsistence"
            label={t('household.subsistence')}
            value={form.subsistence}
            onChange={(v) => set('subsistence', v)}
            options={SUBSISTENCE_STATUSES.map((s) => ({ value: s, label: t(`opt.subsistence.${s}`) }))}
          />
          <TextArea
            name="note"
            label={t('household.note')}
            value={form.note}
            onChange={(v) => set('note', v)}
            error={errors.note}
          />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('household.members')}</legend>
        {household ? (
          <Members
            household={household}
            onChange={setHousehold}
            onError={(text) => setMessage({ kind: 'error', text })}
          />
        ) : (
          <p className="muted">{t('household.saveFirst')}</p>
        )}
      </fieldset>
    </section>
  );
}

function Members({
  household,
  onChange,
  onError,
}: {
  household: Household;
  onChange: (h: Household) => void;
  onError: (m: string) => void;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ResidentRow[]>([]);
  const [relation, setRelation] = useState('');

  useEffect(() => {
    if (!q.trim()) return setFound([]);
    let live = true;
    const h = setTimeout(() => {
      call('residents.search', { query: q.trim(), limit: 10 }).then(
        (r) => live && setFound(r.items),
        () => live && setFound([]),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [q]);

  async function add(r: ResidentRow) {
    try {
      onChange(
        await call('households.setMember', {
          householdId: household.id,
          residentId: r.id,
          relation: relation.trim() || null,
        }),
      );
      setQ('');
      setRelation('');
    } catch (e) {
      onError(messageOf(e));
    }
  }
  async function remove(residentId: string) {
    try {
      onChange(await call('households.removeMember', { householdId: household.id, residentId }));
    } catch (e) {
      onError(messageOf(e));
    }
  }

  const memberIds = new Set(household.members.map((m) => m.id));
  return (
    <>
      {household.members.length ? (
        <table className="table" data-testid="members">
          <thead>
            <tr>
              <th scope="col">{t('residents.col.name')}</th>
              <th scope="col">{t('household.relation')}</th>
              <th scope="col">{t('residents.col.sex')}</th>
              <th scope="col">{t('residents.col.age')}</th>
              <th scope="col">{t('f.unemployment.status')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {household.members.map((m) => (
              <tr key={m.id}>
                <td>
                  <a
                    href={`/residents/${m.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/residents/${m.id}`);
                    }}
                  >
                    {m.name}
                  </a>
                </td>
                <td>{m.relation ?? ''}</td>
                <td>{t(`sex.${m.sex}`)}</td>
                <td>{m.age}</td>
                <td>{m.employment ? t(`opt.status.${m.employment}`) : '—'}</td>
                <td>
                  <button
                    type="button"
                    className="link danger"
                    onClick={() => void remove(m.id)}
                    aria-label={`${t('common.remove')} ${m.name}`}
                  >
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('household.noMembers')}</p>
      )}
      <div className="form-grid">
        <TextField
          name="memberSearch"
          type="search"
          label={t('household.findMember')}
          value={q}
          onChange={setQ}
          placeholder={t('top.searchPlaceholder')}
        />
        <TextField name="relation" label={t('household.relation')} value={relation} onChange={setRelation} />
      </div>
      {found.length ? (
        <ul className="pick-list" data-testid="member-results">
          {found.map((r) => (
            <li key={r.id}>
              <span>
                {r.name} <span className="mono muted">{r.idNumber}</span> {t(`sex.${r.sex}`)} {r.age}
              </span>
              <button
                type="button"
                className="small-btn"
                disabled={memberIds.has(r.id)}
                onClick={() => void add(r)}
                aria-label={`${t('household.addMember')} ${r.name}`}
              >
                {t('household.addMember')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
