// One job fair (/fairs/:id): what, when, where and who holds it, the five figures, the employers at it with
// the vacancies they brought (and adding one), the residents the matching finds to sign up, and this
// community's sign-ups with the intents they reached (each also a recommendation on 推荐). A new fair at
// /fairs/new. Ctrl+S saves, Esc closes, as on every record page.
import { useCallback, useEffect, useState } from 'react';
import type { Fair, FairCandidate, FairPerson } from '../../../shared/contract';
import type { Vacancy } from '../../../shared/domain/employer';
import { call } from '../api/client';
import { getLang, t, useLang } from '../i18n';
import { navigate } from '../router';
import { dateLong, dateShort, todayIso } from '../format';
import { FormPage } from '../ui/FormPage';
import { CheckboxField, Notice, SelectField, TextField, type FormMessage } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { useDeskKeys } from '../ui/keyboard';
import { recStatusLabel, scopeLabel } from './FairsPage';

type Scope = Fair['scope'];

export function NewFairPage() {
  useLang();
  const [name, setName] = useState('');
  const [date, setDate] = useState(todayIso());
  const [place, setPlace] = useState('');
  const [organiser, setOrganiser] = useState('');
  const [scope, setScope] = useState<Scope>('community');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function save() {
    if (busy) return;
    setBusy(true);
    setErrors({});
    try {
      const fair = await call('fairs.create', { name, date, place, organiser, scope });
      navigate(`/fairs/${fair.id}`, { replace: true });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
      setErrors(fieldErrorsOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <FormPage
      titleId="fair-new-title"
      title={t('fairs.newTitle')}
      keyboardHint
      busy={busy}
      message={message}
      onSave={() => void save()}
      onClose={() => navigate('/fairs')}
      dirty={!!name || !!place || !!organiser}
    >
      <div className="grid-form">
        <TextField
          name="name"
          label={t('fairs.name')}
          required
          value={name}
          onChange={setName}
          error={errors.name}
          autoFocus
        />
        <TextField
          name="date"
          type="date"
          label={t('fairs.date')}
          required
          value={date}
          onChange={setDate}
          error={errors.date}
        />
        <TextField
          name="place"
          label={t('fairs.place')}
          required
          value={place}
          onChange={setPlace}
          error={errors.place}
        />
        <TextField
          name="organiser"
          label={t('fairs.organiser')}
          required
          value={organiser}
          onChange={setOrganiser}
          error={errors.organiser}
        />
        <SelectField
          name="scope"
          label={t('fairs.scope')}
          value={scope}
          onChange={(v) => setScope(v as Scope)}
          options={(['community', 'street', 'district'] as const).map((s) => ({
            value: s,
            label: scopeLabel(s),
          }))}
          hint={t('fairs.scopeHint')}
          error={errors.scope ?? errors.streetCode}
        />
      </div>
    </FormPage>
  );
}

function Figures({ fair }: { fair: Fair }) {
  const s = fair.summary;
  const cells: Array<[string, number, string]> = [
    ['employers', s.employers, t('fairs.employers')],
    ['positions', s.positions, t('fairs.positions')],
    ['signUps', s.signUps, t('fairs.signUps')],
    ['intents', s.intents, t('fairs.intents')],
    ['hired', s.hired, t('fairs.hired')],
  ];
  return (
    <>
      <table className="plain" data-testid="fair-figures">
        <thead>
          <tr>
            {cells.map(([k, , label]) => (
              <th key={k}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {cells.map(([k, n]) => (
              <td key={k} data-figure={k}>
                {n}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {s.communityOnly ? <p className="muted small">{t('fairs.communityOnly')}</p> : null}
    </>
  );
}

interface EmployerOption {
  value: string;
  label: string;
  vacancies: Vacancy[];
}

/** The employers this desk can bring to a fair, with their open vacancies: its own book's, and other
 * communities' shared ones from the board. */
function useEmployerOptions(): EmployerOption[] {
  const [options, setOptions] = useState<EmployerOption[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([
      call('employers.list', { limit: 500 }),
      call('vacancies.list', { limit: 500, includeExpired: false }),
      call('vacancies.list', { limit: 500, includeExpired: false, scope: 'shared' }),
    ]).then(([employers, own, shared]) => {
      if (!live) return;
      const out: EmployerOption[] = employers.items.map((e) => ({
        value: e.id,
        label: e.name,
        vacancies: own.items.filter((v) => v.employerId === e.id && v.status !== 'closed'),
      }));
      for (const v of shared.items) {
        let o = out.find((x) => x.value === v.employerId);
        if (!o) {
          o = {
            value: v.employerId,
            label: t('fairs.boardEmployer', { name: v.employerName }),
            vacancies: [],
          };
          out.push(o);
        }
        if (v.status !== 'closed' && !o.vacancies.some((x) => x.id === v.id)) o.vacancies.push(v);
      }
      setOptions(out.filter((o) => o.vacancies.length));
    });
    return () => {
      live = false;
    };
  }, []);
  return options;
}

function AddEmployer({
  fair,
  options,
  onAdded,
}: {
  fair: Fair;
  options: EmployerOption[];
  onAdded: (f: Fair) => void;
}) {
  const [employerId, setEmployerId] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const chosen = options.find((o) => o.value === employerId);
  async function add() {
    setError(null);
    try {
      onAdded(await call('fairs.addEmployer', { fairId: fair.id, employerId, vacancyIds: picked }));
      setEmployerId('');
      setPicked([]);
    } catch (e) {
      setError(messageOf(e));
    }
  }
  return (
    <fieldset className="section" data-testid="fair-add-employer">
      <legend>{t('fairs.addEmployer')}</legend>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <SelectField
        name="employerId"
        label={t('fairs.pickEmployer')}
        value={employerId}
        onChange={(v) => {
          setEmployerId(v);
          setPicked([]);
        }}
        placeholder="—"
        options={options.map(({ value, label }) => ({ value, label }))}
      />
      {chosen ? (
        <div data-field="vacancyIds">
          <p className="muted small">{t('fairs.pickVacancies')}</p>
          {chosen.vacancies.map((v) => (
            <CheckboxField
              key={v.id}
              name={`vacancy-${v.id}`}
              label={`${v.title}（${t('fairs.positionsN', { n: v.positions })}）`}
              checked={picked.includes(v.id)}
              onChange={(on) => setPicked((l) => (on ? [...l, v.id] : l.filter((x) => x !== v.id)))}
            />
          ))}
        </div>
      ) : null}
      <button type="button" disabled={!employerId || !picked.length} onClick={() => void add()}>
        {t('fairs.addEmployer')}
      </button>
    </fieldset>
  );
}

function Candidates({ fair, onSignedUp }: { fair: Fair; onSignedUp: () => void }) {
  const [items, setItems] = useState<FairCandidate[] | null>(null);
  const [note, setNote] = useState<FormMessage | null>(null);
  // one vacancy is one matching call; the whole fair is one per vacancy (slower at a big community)
  const [vacancyId, setVacancyId] = useState('');
  const vacancies = fair.employers.flatMap((e) =>
    e.vacancies
      .filter((v) => v.title !== null)
      .map((v) => ({ value: v.id, label: `${e.employerName}「${v.title}」` })),
  );
  async function find() {
    setNote(null);
    try {
      setItems(
        (
          await call('fairs.candidates', {
            fairId: fair.id,
            limit: 100,
            ...(vacancyId ? { vacancyId } : {}),
          })
        ).items,
      );
    } catch (e) {
      setNote({ kind: 'error', text: messageOf(e) });
    }
  }
  async function signUp(c: FairCandidate) {
    try {
      await call('fairs.signUp', { fairId: fair.id, residentId: c.residentId });
      setItems((l) => (l ?? []).filter((x) => x.residentId !== c.residentId));
      setNote({ kind: 'ok', text: t('fairs.signedUp', { name: c.name }) });
      onSignedUp();
    } catch (e) {
      setNote({ kind: 'error', text: messageOf(e) });
    }
  }
  return (
    <fieldset className="section" data-testid="fair-candidates">
      <legend>{t('fairs.candidates')}</legend>
      {note ? <Notice kind={note.kind}>{note.text}</Notice> : null}
      <SelectField
        name="candidateVacancy"
        label={t('fairs.forVacancy')}
        value={vacancyId}
        onChange={setVacancyId}
        placeholder={t('fairs.allVacancies')}
        options={vacancies}
      />
      <button type="button" onClick={() => void find()}>
        {t('fairs.findCandidates')}
      </button>
      {items && !items.length ? <p className="muted">{t('fairs.noCandidates')}</p> : null}
      {items?.length ? (
        <table className="plain">
          <thead>
            <tr>
              <th>{t('fairs.resident')}</th>
              <th>{t('fairs.score')}</th>
              <th>{t('fairs.fits')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.residentId} data-id={c.residentId}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => navigate(`/residents/${c.residentId}`)}
                  >
                    {c.name}
                  </button>
                </td>
                <td title={c.reasons.join('；')}>{c.score}</td>
                <td>{c.vacancies.map((v) => v.title).join('、')}</td>
                <td>
                  <button type="button" onClick={() => void signUp(c)}>
                    {t('fairs.signUp')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </fieldset>
  );
}

function PersonRow({
  fair,
  p,
  others,
  onChanged,
}: {
  fair: Fair;
  p: FairPerson;
  /** Open vacancies not at the fair: an intent for one brings it (and its employer) to the fair. */
  others: Array<{ value: string; label: string }>;
  onChanged: (m: FormMessage) => void;
}) {
  const [vacancyId, setVacancyId] = useState('');
  const vacancies = fair.employers.flatMap((e) =>
    e.vacancies
      .filter((v) => v.title !== null && !p.intents.some((i) => i.vacancyId === v.id))
      .map((v) => ({ value: v.id, label: `${e.employerName}「${v.title}」` })),
  );
  const atFair = new Set(vacancies.map((v) => v.value));
  const elsewhere = others.filter(
    (v) => !atFair.has(v.value) && !p.intents.some((i) => i.vacancyId === v.value),
  );
  async function record() {
    try {
      const r = await call('fairs.recordIntent', { fairId: fair.id, residentId: p.residentId, vacancyId });
      const brought = elsewhere.find((v) => v.value === vacancyId);
      setVacancyId('');
      onChanged({
        kind: 'ok',
        text:
          r.brought && brought
            ? t(r.brought === 'employer' ? 'fairs.intentBroughtEmployer' : 'fairs.intentBroughtVacancy', {
                vacancy: brought.label,
              })
            : t('fairs.intentSaved'),
      });
    } catch (e) {
      onChanged({ kind: 'error', text: messageOf(e) });
    }
  }
  async function withdraw() {
    if (!window.confirm(t('fairs.withdrawConfirm', { name: p.name, fair: fair.name }))) return;
    try {
      await call('fairs.withdrawSignUp', { fairId: fair.id, residentId: p.residentId });
      onChanged({ kind: 'ok', text: t('fairs.withdrawn', { name: p.name }) });
    } catch (e) {
      onChanged({ kind: 'error', text: messageOf(e) });
    }
  }
  return (
    <tr data-id={p.residentId}>
      <td>
        <button type="button" className="link" onClick={() => navigate(`/residents/${p.residentId}`)}>
          {p.name}
        </button>
      </td>
      <td>{p.idNumberMasked}</td>
      <td>{dateShort(p.signedUpOn)}</td>
      <td>
        {p.intents.length
          ? p.intents
              .map(
                (i) =>
                  `${i.employerName}「${i.vacancyTitle}」${i.status ? `（${recStatusLabel(i.status)}）` : ''}`,
              )
              .join('；')
          : t('fairs.noIntent')}
      </td>
      {fair.cancelledOn ? (
        <td className="muted">{t('fairs.cancelledNoActions')}</td>
      ) : (
        <td>
          <select
            aria-label={t('fairs.pickVacancy')}
            name={`intent-${p.residentId}`}
            value={vacancyId}
            onChange={(e) => setVacancyId(e.target.value)}
          >
            <option value="">{t('fairs.pickVacancy')}</option>
            <optgroup label={t('fairs.vacanciesAtFair')}>
              {vacancies.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.label}
                </option>
              ))}
            </optgroup>
            {elsewhere.length ? (
              <optgroup label={t('fairs.vacanciesElsewhere')}>
                {elsewhere.map((v) => (
                  <option key={v.value} value={v.value}>
                    {v.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>{' '}
          <button type="button" disabled={!vacancyId} onClick={() => void record()}>
            {t('fairs.recordIntent')}
          </button>{' '}
          {p.intents.length ? (
            // an intent keeps the sign-up (the station refuses the withdrawal): no button that can only be
            // refused, the reason in words instead, the whole rule on hover
            <span
              className="muted small"
              data-testid="withdraw-kept"
              title={t('rule.fairs.withdrawHasIntents', {
                name: p.name,
                fair: fair.name,
                vacancies: p.intents.map((i) => i.vacancyTitle).join(getLang() === 'en' ? ', ' : '、'),
              })}
            >
              {t('fairs.withdrawKept')}
            </span>
          ) : (
            <button type="button" onClick={() => void withdraw()}>
              {t('fairs.withdraw')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/** 取消招聘会: the reason first, then a second press to confirm (the fair stays listed as cancelled). */
function CancelFair({ fair, onCancelled }: { fair: Fair; onCancelled: (f: Fair) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function cancel() {
    setError(null);
    setErrors({});
    try {
      onCancelled(await call('fairs.cancel', { fairId: fair.id, reason }));
      setOpen(false);
    } catch (e) {
      setError(messageOf(e));
      setErrors(fieldErrorsOf(e));
    }
  }
  if (!open)
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {t('fairs.cancel')}
      </button>
    );
  return (
    <fieldset className="section" data-testid="fair-cancel">
      <legend>{t('fairs.cancel')}</legend>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <TextField
        name="cancelReason"
        label={t('fairs.cancelReason')}
        required
        value={reason}
        onChange={setReason}
        error={errors.reason}
        autoFocus
      />
      <button type="button" className="danger" onClick={() => void cancel()}>
        {t('fairs.cancelConfirm')}
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        {t('fairs.cancelBack')}
      </button>
    </fieldset>
  );
}

export function FairPage({ id }: { id: string }) {
  useLang();
  const [fair, setFair] = useState<(Fair & { people: FairPerson[] }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<FormMessage | null>(null);
  const options = useEmployerOptions();
  const others = options.flatMap((o) =>
    o.vacancies.map((v) => ({ value: v.id, label: `${v.employerName}「${v.title}」` })),
  );
  const load = useCallback(() => {
    call('fairs.get', { id }).then(setFair, (e) => setError(messageOf(e)));
  }, [id]);
  useEffect(load, [load]);
  useDeskKeys({ save: () => undefined, close: () => navigate('/fairs') });
  if (error)
    return (
      <section className="page">
        <Notice kind="error">{error}</Notice>
      </section>
    );
  if (!fair)
    return (
      <section className="page">
        <p className="muted">{t('common.loading')}</p>
      </section>
    );
  return (
    <section className="page" aria-labelledby="fair-title">
      <div className="toolbar">
        <h1 id="fair-title">{fair.name}</h1>
        <span className="badge">{scopeLabel(fair.scope)}</span>
        {fair.cancelledOn ? (
          <span className="badge badge-alert" data-testid="fair-cancelled">
            {t('fairs.cancelled')}
          </span>
        ) : null}
        <span className="spacer" />
        <button type="button" onClick={() => navigate('/fairs')}>
          {t('common.close')}
        </button>
      </div>
      <dl className="facts" data-testid="fair-facts">
        <dt>{t('fairs.date')}</dt>
        <dd>{dateLong(fair.date)}</dd>
        <dt>{t('fairs.place')}</dt>
        <dd>{fair.place}</dd>
        <dt>{t('fairs.organiser')}</dt>
        <dd>{fair.organiser}</dd>
        {fair.streetName ? (
          <>
            <dt>{t('fairs.scope')}</dt>
            <dd>{t('fairs.street', { name: fair.streetName })}</dd>
          </>
        ) : null}
      </dl>
      {!fair.own ? (
        <p className="muted small">
          {t('fairs.sharedFrom', { community: fair.communityName ?? fair.communityCode })}
        </p>
      ) : null}
      {fair.cancelledOn ? (
        <Notice kind="error" testId="fair-cancelled-note">
          {t('fairs.cancelledOn', { date: dateLong(fair.cancelledOn), reason: fair.cancelReason ?? '' })}
        </Notice>
      ) : fair.own && fair.date >= todayIso() ? (
        <CancelFair
          fair={fair}
          onCancelled={(f) => {
            setFair((old) => (old ? { ...old, ...f } : old));
            setNote({ kind: 'ok', text: t('fairs.cancelDone') });
          }}
        />
      ) : null}
      <h2>{t('fairs.figures')}</h2>
      {fair.cancelledOn ? (
        <p className="muted" data-testid="fair-figures-cancelled">
          {t('fairs.cancelledFigures')}
        </p>
      ) : (
        <Figures fair={fair} />
      )}
      {note ? (
        <Notice kind={note.kind} testId="fair-note">
          {note.text}
        </Notice>
      ) : null}
      <h2>{t('fairs.employers')}</h2>
      {!fair.employers.length ? (
        <p className="muted">{t('fairs.noEmployers')}</p>
      ) : (
        <table className="plain" data-testid="fair-employers">
          <thead>
            <tr>
              <th>{t('fairs.employer')}</th>
              <th>{t('fairs.vacancies')}</th>
              <th>{t('fairs.positions')}</th>
            </tr>
          </thead>
          <tbody>
            {fair.employers.map((e) => (
              <tr key={e.id} data-id={e.employerId}>
                <td>
                  {e.employerName}
                  {e.own ? '' : ` · ${t('fairs.otherCommunity')}`}
                </td>
                <td>{e.vacancies.map((v) => v.title ?? t('fairs.vacancyUnknown')).join('、')}</td>
                <td>{e.positions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {fair.cancelledOn ? null : (
        <>
          <AddEmployer
            fair={fair}
            options={options}
            onAdded={(f) => setFair((old) => (old ? { ...old, ...f } : old))}
          />
          <Candidates fair={fair} onSignedUp={load} />
        </>
      )}
      <h2>{t('fairs.people')}</h2>
      {!fair.people.length ? (
        <p className="muted">{t('fairs.noPeople')}</p>
      ) : (
        <table className="plain" data-testid="fair-people">
          <thead>
            <tr>
              <th>{t('fairs.resident')}</th>
              <th>{t('fairs.idNumber')}</th>
              <th>{t('fairs.signedUpOn')}</th>
              <th>{t('fairs.intent')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {fair.people.map((p) => (
              <PersonRow
                key={p.residentId}
                fair={fair}
                p={p}
                others={others}
                onChanged={(m) => {
                  setNote(m);
                  load();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
