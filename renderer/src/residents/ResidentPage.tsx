// Registering and editing a resident: search before create, the ID number decoded as typed, possible
// duplicates, the six clears section by section, a draft that survives a crash, and the record's history.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { call } from '../api/client';
import { ApiError } from '../../../shared/errors';
import type { Resident, ResidentRow } from '../../../shared/domain/resident';
import { HUKOU_TYPES, SUBSISTENCE_STATUSES } from '../../../shared/domain/resident';
import { SECTION_KEYS, type SectionKey } from '../../../shared/domain/sixClears';
import { navigate } from '../router';
import { t } from '../i18n';
import { dateTime, todayIso } from '../format';
import { Notice, SelectField, TextArea, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { formKeys, useDeskKeys } from '../ui/keyboard';
import { JobsForPerson } from '../matching/jobsKey';
import { CloseAsk } from '../ui/CloseAsk';
import { useSession } from '../session/store';
import { IdNumberField, readIdNumber } from './IdNumberField';
import { SixClearsEditor, type Marker } from './SixClearsEditor';
import { HistoryList } from './HistoryList';
import { HoldNotice } from './HoldNotice';
import { CardFactsFields } from './CardFactsFields';
import { PlausibilityWarnings, warningText } from '../ui/PlausibilityWarnings';
import { impossibleResidentDates, residentWarnings, type Problem } from '../../../shared/domain/plausibility';
import type { HouseholdIncomeCheck } from '../../../shared/contract/core';
import { ageOn } from '../../../shared/domain/dates';
import {
  clearDraft,
  draftKey,
  dropUnownedDrafts,
  loadDraft,
  newDrafts,
  saveDraft,
  type Draft,
} from './drafts';
import {
  emptyForm,
  formFromResident,
  incomeHidden,
  keepShown,
  profileInput,
  validateSections,
  checkFacts,
  type ResidentForm,
} from './residentForm';
import { validateSection, type SectionForm } from './sections';
import { ResidentSubsidies } from '../policy/SubsidiesPage';
import { ResidentTraining } from '../training/TrainingPages';
import { ResidentFairs } from '../fairs/FairsPage';
import { LifecyclePanel } from './LifecyclePanel';
import { ContactLog } from '../worklist/ContactLog';

type Tab = 'profile' | 'history';

export function ResidentPage({ id }: { id: string | null }) {
  const [resident, setResident] = useState<Resident | null>(null);
  const [form, setForm] = useState<ResidentForm>(emptyForm);
  const [baseline, setBaseline] = useState(() => JSON.stringify(emptyForm()));
  const [loading, setLoading] = useState(id !== null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok' | 'info'; text: string } | null>(null);
  const operatorId = useSession().session.operator.id;
  // this page's own draft: the record's, or one of its own for a new registration
  const [draftKeyOf, setDraftKeyOf] = useState(() => draftKey(operatorId, id));
  const [offer, setOffer] = useState<Draft<ResidentForm> | null>(null);
  const [draftAt, setDraftAt] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [existing, setExisting] = useState<ResidentRow | null>(null);
  const [duplicates, setDuplicates] = useState<ResidentRow[]>([]);
  const [revealed, setRevealed] = useState(false);
  const [tab, setTab] = useState<Tab>('profile');
  const [busy, setBusy] = useState(false);
  const [showAllErrors, setShowAllErrors] = useState(false);
  const today = todayIso();
  const formRef = useRef(form);
  formRef.current = form;
  const baselineRef = useRef(baseline);
  baselineRef.current = baseline;

  // load the resident; an unsaved draft is offered (恢复草稿 / 放弃), never laid over the form unasked
  useEffect(() => {
    let live = true;
    dropUnownedDrafts();
    const restore = (base: ResidentForm) => {
      setForm(base);
      const d =
        id === null ? (newDrafts<ResidentForm>(operatorId)[0] ?? null) : loadDraft<ResidentForm>(draftKeyOf);
      setOffer(d && JSON.stringify({ ...base, ...d.form }) !== JSON.stringify(base) ? d : null);
    };
    if (id === null) {
      restore(emptyForm());
      return;
    }
    call('residents.get', { id }).then(
      (r) => {
        if (!live) return;
        setResident(r);
        const base = formFromResident(r);
        setBaseline(JSON.stringify(base));
        restore(base);
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setMessage({ kind: 'error', text: messageOf(e) });
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [id]);

  const dirty = JSON.stringify(form) !== baseline;

  // every change is kept as a draft until the station has it
  useEffect(() => {
    if (loading) return;
    if (!dirty) return;
    const h = setTimeout(() => saveDraft(draftKeyOf, form), 250);
    return () => clearTimeout(h);
  }, [form, dirty, draftKeyOf, loading]);

  const idState = readIdNumber(form.idNumber);
  const birthDate = idState.ok ? idState.birthDate : resident?.birthDate;
  const sex = idState.ok ? idState.sex : resident?.sex;

  // unusual values: asked once, confirmed by a tick; a change to what is unusual asks again
  const incomeForm = form.sections.income;
  const toNumber = (v: unknown) => {
    const n = typeof v === 'string' && v.trim() ? Number(v.replace(/[,，¥￥元\s]/g, '')) : NaN;
    return Number.isFinite(n) ? n : undefined;
  };
  // asked when the fact is typed: the age at registration, the income when that section is edited
  const incomeEdited = form.edited.includes('income') && !incomeHidden(form);
  // the income section against the household the person belongs to: compared at the station (the
  // household's amount stays masked), shown in the section, and asked about when either is being changed
  const householdId = resident?.householdId ?? null;
  const sizeTyped = toNumber(incomeForm?.householdSize);
  const incomeTyped = incomeHidden(form) ? undefined : toNumber(incomeForm?.monthlyIncome);
  const subsistenceTyped = form.subsistence || 'none';
  const hasIncome = !!incomeForm;
  const [householdCheck, setHouseholdCheck] = useState<HouseholdIncomeCheck | null>(null);
  useEffect(() => {
    if (!householdId || !hasIncome) {
      setHouseholdCheck(null);
      return;
    }
    let live = true;
    const h = setTimeout(() => {
      call('households.checkIncome', {
        id: householdId,
        ...(sizeTyped !== undefined ? { householdSize: sizeTyped } : {}),
        ...(incomeTyped !== undefined
          ? { monthlyIncome: incomeTyped }
          : resident
            ? { residentId: resident.id }
            : {}),
        subsistence: subsistenceTyped as 'none',
      }).then(
        (r) => live && setHouseholdCheck(r),
        () => undefined,
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [householdId, hasIncome, sizeTyped, incomeTyped, subsistenceTyped, resident]);
  const householdProblem: Problem | null =
    householdCheck && householdCheck.differs.length
      ? {
          path: 'income',
          message: '',
          kind: 'householdDiffers',
          params: {
            head: householdCheck.headName ?? t('income.noHead'),
            size: householdCheck.size,
            fields: householdCheck.differs.map((d) => t(`income.differs.${d}`)).join(t('common.listSep')),
          },
        }
      : null;
  const subsistenceEdited = !!resident && subsistenceTyped !== resident.subsistence;
  const warnings = [
    ...residentWarnings({
      age: id === null && birthDate ? ageOn(birthDate, today) : undefined,
      sex,
      householdSize: incomeEdited ? toNumber(incomeForm?.householdSize) : undefined,
      monthlyIncome: incomeEdited ? toNumber(incomeForm?.monthlyIncome) : undefined,
    }),
    ...(householdProblem && (form.edited.includes('income') || subsistenceEdited) ? [householdProblem] : []),
  ];
  const warningsKey = warnings.map((w) => w.kind).join(',');
  const [confirmedWarnings, setConfirmedWarnings] = useState('');
  const warningsRef = useRef({ key: warningsKey, confirmed: confirmedWarnings });
  warningsRef.current = { key: warningsKey, confirmed: confirmedWarnings };

  // search before create: a full, valid ID number that is already registered opens that person instead
  useEffect(() => {
    setExisting(null);
    if (!idState.ok || !idState.idNumber) return;
    let live = true;
    call('residents.findByIdNumber', { idNumber: idState.idNumber }).then(
      (r) => live && setExisting(r.resident && r.resident.id !== id ? r.resident : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [idState.ok, idState.idNumber, id]);

  // same name and birth date: possibly the same person under a mistyped number
  const dupName = form.name.trim();
  useEffect(() => {
    setDuplicates([]);
    if (!dupName || !birthDate) return;
    let live = true;
    const h = setTimeout(() => {
      call('residents.possibleDuplicates', {
        name: dupName,
        birthDate,
        ...(id ? { excludeId: id } : {}),
      }).then(
        (r) => live && setDuplicates(r.items),
        () => undefined,
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [dupName, birthDate, id]);

  const set = <K extends keyof ResidentForm>(k: K, v: ResidentForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setMessage((m) => (m?.kind === 'error' ? null : m));
    setServerErrors((e) => {
      if (!e[k as string]) return e;
      const { [k as string]: _, ...rest } = e;
      return rest;
    });
  };

  const setSection = (k: SectionKey, s: SectionForm | null) =>
    setForm((f) => {
      const sections = { ...f.sections };
      if (s)
        sections[k] = { ...s, confirmedAt: today }; // an edited section is confirmed as of today
      else delete sections[k];
      return { ...f, sections, edited: f.edited.includes(k) ? f.edited : [...f.edited, k] };
    });

  // each section validates on its own as it is edited
  const liveErrors = useMemo(() => {
    const out: FieldErrors = {};
    for (const k of SECTION_KEYS) {
      const s = form.sections[k];
      if (!s || (!showAllErrors && !form.edited.includes(k))) continue;
      if (k === 'income' && incomeHidden(form)) continue; // shown as ****, not sent: nothing to check
      Object.assign(out, validateSection(k, s).errors);
    }
    return out;
  }, [form.sections, form.edited, showAllErrors]);
  const errors = { ...liveErrors, ...serverErrors };

  const markers = {} as Record<SectionKey, Marker>;
  for (const k of SECTION_KEYS) {
    const hasError = Object.keys(errors).some((e) => e === k || e.startsWith(`${k}.`));
    if (!form.sections[k]) markers[k] = form.edited.includes(k) && resident?.[k] ? 'edited' : 'missing';
    else if (hasError) markers[k] = 'invalid';
    else if (form.edited.includes(k)) markers[k] = 'edited';
    else if (resident?.sixClearsState.stale.includes(k)) markers[k] = 'stale';
    else markers[k] = 'done';
  }

  const save = useCallback(async () => {
    const f = formRef.current;
    const local: FieldErrors = {};
    if (!f.name.trim()) local.name = t('err.required');
    const idS = readIdNumber(f.idNumber);
    if (id === null || f.idNumber) {
      if (!f.idNumber.trim()) local.idNumber = t('err.required');
      else if (!idS.ok) local.idNumber = idS.error ?? t('err.format');
    }
    Object.assign(local, checkFacts(f, Number(todayIso().slice(0, 4))));
    const sections = validateSections(f);
    for (const p of impossibleResidentDates(sections.values as never, todayIso()))
      local[p.path] = warningText(p);
    const w = warningsRef.current;
    if (!Object.keys(local).length && !sections.invalid.length && w.key && w.confirmed !== w.key) {
      setMessage({ kind: 'error', text: t('plaus.confirmFirst') });
      return;
    }
    setShowAllErrors(true);
    if (Object.keys(local).length || sections.invalid.length) {
      setServerErrors(local);
      setMessage({ kind: 'error', text: t('resident.fixErrors') });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      let saved: Resident;
      if (id === null) {
        saved = await call('residents.create', {
          ...profileInput(f, true),
          idNumber: f.idNumber,
          ...sections.values,
        } as never);
      } else {
        const changed: Record<string, unknown> = {};
        for (const k of f.edited) changed[k] = f.sections[k] ? sections.values[k] : null;
        saved = await call('residents.update', {
          id,
          ...profileInput(f, false),
          ...(f.idNumber && f.idNumber !== (JSON.parse(baselineRef.current) as ResidentForm).idNumber
            ? { idNumber: f.idNumber }
            : {}),
          ...changed,
        } as never);
      }
      clearDraft(draftKeyOf);
      setDraftAt(null);
      setServerErrors({});
      setShowAllErrors(false);
      if (id === null) {
        navigate(`/residents/${saved.id}`, { replace: true });
        return;
      }
      setResident(saved);
      // the answer is masked; what this page already showed (after 显示) stays shown
      const base = revealed ? keepShown(formFromResident(saved), f) : formFromResident(saved);
      setBaseline(JSON.stringify(base));
      setForm(base);
      setMessage({ kind: 'ok', text: t('common.saved') });
    } catch (e) {
      setServerErrors(fieldErrorsOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
      if (
        e instanceof ApiError &&
        e.code === 'duplicate_id_number' &&
        typeof e.details?.existingId === 'string'
      ) {
        const row = await call('residents.get', { id: e.details.existingId }).catch(() => null);
        if (row) setExisting(row);
      }
    } finally {
      setBusy(false);
    }
  }, [id, revealed, draftKeyOf]);

  const leave = useCallback(() => navigate('/residents'), []);
  // a changed form asks first; the draft stays unless the person throws it away
  const close = useCallback(() => {
    if (JSON.stringify(formRef.current) !== baselineRef.current) setAsking(true);
    else leave();
  }, [leave]);
  useDeskKeys({ save: () => void save(), close });

  async function confirm(k: SectionKey) {
    if (!id) return;
    try {
      const r = await call('residents.confirmClears', { id, sections: [k] });
      setResident(r);
      const fresh = formFromResident(r);
      // the answer is masked: an income amount already shown stays shown
      const section = (shown: ResidentForm) => (revealed ? keepShown(fresh, shown) : fresh).sections[k];
      setForm((f) => ({ ...f, sections: { ...f.sections, [k]: section(f) } }));
      setBaseline((b) => {
        const base = JSON.parse(b) as ResidentForm;
        base.sections[k] = section(base)!;
        return JSON.stringify(base);
      });
      setMessage({
        kind: 'ok',
        text: `${t(`six.title.${k}`)}：${t('six.confirmed', { date: r[k]?.confirmedAt ?? today })}`,
      });
    } catch (e) {
      setServerErrors(fieldErrorsOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  async function reveal() {
    if (!id) return;
    try {
      // one reveal shows the full ID number and the income amount; the station logs both
      const r = await call('residents.get', { id, reveal: true });
      const income = formFromResident(r).sections.income;
      const show = (f: ResidentForm): ResidentForm => ({
        ...f,
        idNumber: r.idNumber,
        // an income section edited here keeps what was typed
        sections: income && incomeHidden(f) ? { ...f.sections, income } : f.sections,
      });
      setRevealed(true);
      setForm(show);
      setBaseline((b) => JSON.stringify(show(JSON.parse(b) as ResidentForm)));
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  function restoreDraft(d: Draft<ResidentForm>) {
    const base = resident ? formFromResident(resident) : emptyForm();
    // the new registration this page shows becomes that draft's registration
    if (id === null) {
      if (dirty) saveDraft(draftKeyOf, form);
      setDraftKeyOf(d.key);
    }
    setForm({ ...base, ...d.form });
    setOffer(null);
    setDraftAt(d.at);
  }

  function throwAwayOffer(d: Draft<ResidentForm>) {
    clearDraft(d.key);
    setOffer(
      id === null ? (newDrafts<ResidentForm>(operatorId).find((x) => x.key !== draftKeyOf) ?? null) : null,
    );
  }

  function discardDraft() {
    clearDraft(draftKeyOf);
    setDraftAt(null);
    setForm(resident ? formFromResident(resident) : emptyForm());
  }

  if (loading) return <p className="muted">{t('common.loading')}</p>;
  if (id !== null && !resident) return message ? <Notice kind="error">{message.text}</Notice> : null;

  const title =
    id === null ? t('resident.newTitle') : t('resident.editTitle', { name: resident?.name ?? '' });
  const showIdInput = id === null || revealed;

  return (
    <section className="form-page" aria-labelledby="resident-title" onKeyDown={formKeys()}>
      <div className="toolbar sticky">
        <h1 id="resident-title">{title}</h1>
        {resident ? (
          <span className="muted small">
            {t('residents.col.updatedAt')}：{dateTime(resident.updatedAt)}
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted small">{t('common.keyboardHint')}</span>
        <JobsForPerson residentId={id} />
        <button type="button" onClick={close}>
          {t('common.close')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void save()}
          disabled={busy}
          aria-keyshortcuts="Control+S"
        >
          {busy ? t('common.saving') : t('common.save')}
        </button>
      </div>

      {id !== null ? (
        <div className="tabs" role="tablist">
          {(['profile', 'history'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={tab === k}
              className={tab === k ? 'on' : ''}
              onClick={() => setTab(k)}
            >
              {t(`resident.tab.${k}`)}
            </button>
          ))}
        </div>
      ) : null}

      {asking ? (
        <CloseAsk
          onStay={() => setAsking(false)}
          onKeepDraft={() => {
            saveDraft(draftKeyOf, formRef.current);
            leave();
          }}
          onDiscard={() => {
            clearDraft(draftKeyOf);
            leave();
          }}
        />
      ) : null}
      <HoldNotice hold={resident?.hold} />
      {resident ? <LifecyclePanel resident={resident} onChange={setResident} /> : null}
      <PlausibilityWarnings
        warnings={warnings}
        confirmed={!!warningsKey && confirmedWarnings === warningsKey}
        onConfirm={(v) => setConfirmedWarnings(v ? warningsKey : '')}
      />
      {message ? (
        <Notice kind={message.kind} testId="form-message">
          {message.text}
        </Notice>
      ) : null}
      {offer ? (
        <Notice kind="info" testId="draft-offer">
          {id === null
            ? t('draft.offerNew', {
                name: offer.form.name?.trim() || t('draft.noName'),
                time: dateTime(offer.at),
              })
            : t('draft.offerRecord', { time: dateTime(offer.at) })}{' '}
          <button type="button" onClick={() => restoreDraft(offer)}>
            {t('draft.restore')}
          </button>{' '}
          <button type="button" className="link" onClick={() => throwAwayOffer(offer)}>
            {t('draft.discard')}
          </button>
        </Notice>
      ) : null}
      {draftAt ? (
        <Notice kind="info" testId="draft-notice">
          {t('draft.restored', { time: dateTime(draftAt) })}{' '}
          <button type="button" className="link" onClick={discardDraft}>
            {t('resident.discardDraft')}
          </button>
        </Notice>
      ) : null}
      {existing ? (
        <Notice kind="warn" testId="existing-notice">
          {t('resident.existing', { name: existing.name, id: existing.idNumber })}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              clearDraft(draftKeyOf);
              navigate(`/residents/${existing.id}`);
            }}
          >
            {t('resident.openExisting')}
          </button>
        </Notice>
      ) : null}
      {duplicates.length ? (
        <Notice kind="warn" testId="duplicates-notice">
          {t('resident.duplicates')}：
          {duplicates.map((d) => (
            <button key={d.id} type="button" className="link" onClick={() => navigate(`/residents/${d.id}`)}>
              {d.name}（{d.idNumber}）
            </button>
          ))}
        </Notice>
      ) : null}

      {tab === 'history' && id ? (
        <HistoryList residentId={id} version={resident?.updatedAt ?? ''} />
      ) : (
        <>
          <fieldset className="card">
            <legend>{t('resident.profile')}</legend>
            <div className="form-grid">
              <TextField
                name="name"
                label={t('resident.name')}
                required
                value={form.name}
                onChange={(v) => set('name', v)}
                error={errors.name}
                autoFocus={id === null}
              />
              {showIdInput ? (
                <IdNumberField
                  value={form.idNumber}
                  onChange={(v) => set('idNumber', v)}
                  serverError={errors.idNumber}
                />
              ) : (
                <div className="field" data-field="idNumber">
                  <span className="label-like">{t('resident.idNumber')}</span>
                  <div className="mono masked-id" data-testid="masked-id">
                    {resident?.idNumber}{' '}
                    <button type="button" className="link" onClick={() => void reveal()}>
                      {t('resident.reveal')}
                    </button>
                  </div>
                </div>
              )}
              <TextField
                name="phone"
                type="tel"
                label={t('resident.phone')}
                value={form.phone}
                onChange={(v) => set('phone', v)}
                error={errors.phone}
              />
              <SelectField
                name="hukouType"
                label={t('resident.hukouType')}
                value={form.hukouType}
                onChange={(v) => set('hukouType', v)}
                placeholder="—"
                options={HUKOU_TYPES.map((h) => ({ value: h, label: t(`opt.hukou.${h}`) }))}
                error={errors.hukouType}
              />
              <SelectField
                name="subsistence"
                label={t('resident.subsistence')}
                value={form.subsistence}
                onChange={(v) => set('subsistence', v)}
                options={SUBSISTENCE_STATUSES.map((s) => ({ value: s, label: t(`opt.subsistence.${s}`) }))}
                error={errors.subsistence}
              />
              <TextField
                name="address"
                label={t('resident.address')}
                value={form.address}
                onChange={(v) => set('address', v)}
                error={errors.address}
                className="wide"
              />
              <TextArea
                name="note"
                label={t('resident.note')}
                value={form.note}
                onChange={(v) => set('note', v)}
                error={errors.note}
              />
              {resident?.householdId ? (
                <div className="field">
                  <span className="label-like">{t('resident.household')}</span>
                  <button
                    type="button"
                    className="link"
                    onClick={() => navigate(`/households/${resident.householdId}`)}
                  >
                    {t('common.open')}
                  </button>
                </div>
              ) : null}
            </div>
            {revealed ? <p className="muted small">{t('resident.revealed')}</p> : null}
          </fieldset>
          <CardFactsFields form={form} errors={errors} set={set} />
          <SixClearsEditor
            sections={form.sections}
            errors={errors}
            markers={markers}
            confirmable={(k) => !!resident?.[k] && !form.edited.includes(k)}
            onChange={setSection}
            onConfirm={(k) => void confirm(k)}
            today={today}
            savedResident={!!resident}
            incomeHidden={incomeHidden(form)}
            onReveal={() => void reveal()}
            subsistence={subsistenceTyped}
            incomeNote={
              householdProblem ? (
                <Notice kind="warn" testId="household-disagree">
                  {warningText(householdProblem)}
                </Notice>
              ) : null
            }
          />
          {resident ? <ResidentSubsidies residentId={resident.id} /> : null}
          {resident ? <ResidentTraining residentId={resident.id} /> : null}
          {resident ? <ResidentFairs residentId={resident.id} /> : null}
          {resident ? <ContactLog residentId={resident.id} /> : null}
        </>
      )}
    </section>
  );
}
