// One household: address, head, income and subsistence status, and its members, picked from the
// residents by quick search. Size, per-capita income and 零就业家庭 come from the station; the income comes
// masked and is shown (and the look logged by the station) only when the person clicks 显示.
import { useState } from 'react';
import { call } from '../api/client';
import { perCapitaIncome, type Household } from '../../../shared/domain/household';
import { MASKED_INCOME } from '../../../shared/domain/privacy';
import type { ResidentRow } from '../../../shared/domain/resident';
import { SUBSISTENCE_STATUSES } from '../../../shared/domain/resident';
import { navigate } from '../router';
import { t } from '../i18n';
import { money } from '../format';
import { SelectField, TextArea, TextField } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { FormPage } from '../ui/FormPage';
import { useEntityForm } from '../ui/useEntityForm';
import { MaskedValue } from '../ui/MaskedValue';
import { useQuickSearch } from '../ui/useQuickSearch';

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
    // a masked amount is not typed text: the field shows it masked until 显示 (see incomeHidden)
    monthlyIncome: typeof h.monthlyIncome === 'number' ? String(h.monthlyIncome) : '',
    subsistence: h.subsistence,
    note: h.note ?? '',
  };
}

/**
 * The station answers every write masked; the amount this person just typed (or revealed) stays shown, with
 * the per-capita figure worked out the same way as the station does.
 */
function withIncome(h: Household, amount: number | null): Household {
  return {
    ...h,
    monthlyIncome: amount,
    perCapitaIncome: perCapitaIncome(amount, h.size),
    incomeMasked: false,
  };
}

export function HouseholdPage({ id }: { id: string | null }) {
  const {
    form,
    setForm,
    bind,
    setErrors,
    entity: household,
    setEntity: setHousehold,
    message,
    setMessage,
    busy,
    save,
    dirty,
  } = useEntityForm({
    id,
    initial: empty,
    toForm,
    load: (id) => call('households.get', { id }),
    listPath: '/households',
  });

  // the income came masked: it is neither shown nor sent until the person asks to see it
  const incomeHidden = household?.monthlyIncome === MASKED_INCOME;

  async function reveal() {
    if (!id) return;
    try {
      const h = await call('households.get', { id, reveal: true });
      setHousehold(h);
      setForm((f) => ({
        ...f,
        monthlyIncome: typeof h.monthlyIncome === 'number' ? String(h.monthlyIncome) : '',
      }));
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  async function submit() {
    const income = form.monthlyIncome.trim().replace(/[,，¥￥元\s]/g, '');
    if (income && !Number.isFinite(Number(income))) {
      setErrors({ monthlyIncome: t('err.number') });
      return;
    }
    const amount = income ? Number(income) : null;
    const input = {
      address: form.address.trim() || null,
      headName: form.headName.trim() || null,
      ...(incomeHidden ? {} : { monthlyIncome: amount }),
      subsistence: form.subsistence as (typeof SUBSISTENCE_STATUSES)[number],
      note: form.note.trim() || null,
    };
    await save(async () => {
      const h = await (id ? call('households.update', { id, ...input }) : call('households.create', input));
      return incomeHidden ? h : withIncome(h, amount);
    });
  }

  const title = id
    ? t('household.editTitle', { name: household?.headName || household?.address || '' })
    : t('household.newTitle');
  return (
    <FormPage
      titleId="household-title"
      dirty={dirty}
      title={title}
      busy={busy}
      message={message}
      onSave={() => void submit()}
      onClose={() => navigate('/households')}
    >
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
          <TextField {...bind('address')} label={t('household.address')} className="wide" autoFocus={!id} />
          <TextField {...bind('headName')} label={t('household.head')} />
          {incomeHidden ? (
            <MaskedValue
              name="monthlyIncome"
              label={t('household.monthlyIncome')}
              text={MASKED_INCOME}
              onReveal={() => void reveal()}
              hint={t('privacy.revealToEdit')}
            />
          ) : (
            <TextField {...bind('monthlyIncome')} label={t('household.monthlyIncome')} inputMode="decimal" />
          )}
          <SelectField
            {...bind('subsistence')}
            label={t('household.subsistence')}
            options={SUBSISTENCE_STATUSES.map((s) => ({ value: s, label: t(`opt.subsistence.${s}`) }))}
          />
          <TextArea {...bind('note')} label={t('household.note')} />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('household.members')}</legend>
        {household ? (
          <Members
            household={household}
            // members change the size, not the income: an amount already shown stays shown
            onChange={(h) =>
              setHousehold(
                household.incomeMasked ? h : withIncome(h, household.monthlyIncome as number | null),
              )
            }
            onError={(text) => setMessage({ kind: 'error', text })}
          />
        ) : (
          <p className="muted">{t('household.saveFirst')}</p>
        )}
      </fieldset>
    </FormPage>
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
  const [relation, setRelation] = useState('');
  const found = useQuickSearch<ResidentRow>(q, (query) => call('residents.search', { query, limit: 10 }));

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
