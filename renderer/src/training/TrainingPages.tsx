// 培训 (issue 10): the year's training employment rate and the courses (/training), a new course
// (/training/new), one course with its trainees, attendance, completion and the 培训需求清 suggestions
// (/training/courses/:id), and the person's courses on their page.
import { trainingReason } from '../policy/why';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Course, Enrolment, TrainingSuggestion } from '../../../shared/contract';
import type { TrainingRate } from '../../../shared/domain/training/training';
import { COURSE_KINDS } from '../../../shared/domain/training/training';
import { call } from '../api/client';
import { t, useLang, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useDeskKeys } from '../ui/keyboard';
import { dateShort, money, todayIso } from '../format';
import { Notice, SelectField, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { CodePicker } from '../matching/CodePicker';

const pct = (r: TrainingRate | null) => (r?.rate == null ? '—' : `${(r.rate * 100).toFixed(1)}%`);
const kindLabel = (k: string) => t(`training.kind.${k}` as MessageKey);
const statusLabel = (s: string) => t(`training.status.${s}` as MessageKey);

function RateTable({ rate, testId }: { rate: TrainingRate | null; testId: string }) {
  return (
    <table className="plain" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('training.completed')}</th>
          <th>{t('training.employed')}</th>
          <th>{t('training.rate')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{rate?.completed ?? '…'}</td>
          <td>{rate?.employed ?? '…'}</td>
          <td>{pct(rate)}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function TrainingPage() {
  useLang();
  const year = todayIso().slice(0, 4);
  const [rate, setRate] = useState<TrainingRate | null>(null);
  const [courses, setCourses] = useState<Course[] | null>(null);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('training.rate', { from: `${year}-01-01`, to: `${year}-12-31` }).then(
      (r) => live && setRate(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [year]);
  useEffect(() => {
    let live = true;
    call('training.courses.list', { ...(query.trim() ? { query: query.trim() } : {}), limit: 200 }).then(
      (r) => live && setCourses(r.items),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [query]);
  return (
    <section className="page" aria-labelledby="training-title">
      <div className="toolbar">
        <h1 id="training-title">{t('training.title')}</h1>
        <button type="button" onClick={() => navigate('/training/new')}>
          {t('training.newCourse')}
        </button>
        <button type="button" className="link" onClick={() => navigate('/print/ledgers/training')}>
          {t('training.ledger')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <h2>{t('training.rateTitle', { year })}</h2>
      <p className="muted">{t('training.rateHint')}</p>
      <RateTable rate={rate} testId="training-rate" />
      <h2>{t('training.courses')}</h2>
      <TextField label={t('training.search')} name="query" type="search" value={query} onChange={setQuery} />
      {!courses ? (
        <p className="muted">{t('common.loading')}</p>
      ) : courses.length === 0 ? (
        <p className="muted">{t('training.noCourses')}</p>
      ) : (
        <table className="plain" data-testid="course-list">
          <thead>
            <tr>
              <th>{t('training.name')}</th>
              <th>{t('training.kind')}</th>
              <th>{t('training.occupation')}</th>
              <th>{t('training.provider')}</th>
              <th>{t('training.dates')}</th>
              <th title={t('training.enrolledCountHint')}>{t('training.enrolledCount')}</th>
              <th>{t('training.completedCount')}</th>
              <th>{t('training.droppedCount')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id} data-id={c.id}>
                <td>
                  {c.name}
                  {c.foreign ? <span className="muted"> · {c.communityName ?? c.communityCode}</span> : null}
                </td>
                <td>{kindLabel(c.kind)}</td>
                <td>{c.occupationName ?? c.occupationCode}</td>
                <td>{c.provider}</td>
                <td>
                  {dateShort(c.start)} — {dateShort(c.end)}
                </td>
                <td data-count="enrolled">{c.enrolled}</td>
                <td data-count="completed">{c.completed}</td>
                <td data-count="dropped">{c.dropped}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => navigate(`/training/courses/${c.id}`)}
                  >
                    {t('training.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function NewCoursePage() {
  useLang();
  const [form, setForm] = useState({
    name: '',
    kind: 'order',
    occupationCode: '',
    provider: '',
    start: '',
    end: '',
    hours: '',
    subsidy: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const c = await call('training.courses.create', {
        name: form.name,
        kind: form.kind as Course['kind'],
        occupationCode: form.occupationCode,
        provider: form.provider,
        start: form.start,
        end: form.end,
        hours: Number(form.hours),
        ...(form.subsidy.trim() ? { subsidyPerPerson: Number(form.subsidy) } : {}),
      });
      navigate(`/training/courses/${c.id}`);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      } else if (e.key === 'Escape') navigate('/training');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <section className="page" aria-labelledby="course-new-title">
      <div className="toolbar">
        <h1 id="course-new-title">{t('training.newCourse')}</h1>
        <button type="button" className="link" onClick={() => navigate('/training')}>
          {t('training.back')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form className="form-grid" onSubmit={(e) => void save(e)}>
        <TextField
          label={t('training.name')}
          name="name"
          required
          value={form.name}
          onChange={set('name')}
          error={errors.name}
        />
        <SelectField
          label={t('training.kind')}
          name="kind"
          required
          value={form.kind}
          onChange={set('kind')}
          options={COURSE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          error={errors.kind}
        />
        <CodePicker
          name="occupationCode"
          label={t('training.occupation')}
          vocab="occupations"
          value={form.occupationCode ? [form.occupationCode] : []}
          onChange={(c) => setForm((f) => ({ ...f, occupationCode: c[0] ?? '' }))}
          error={errors.occupationCode}
        />
        <TextField
          label={t('training.provider')}
          name="provider"
          required
          value={form.provider}
          onChange={set('provider')}
          error={errors.provider}
        />
        <TextField
          label={t('training.start')}
          name="start"
          type="date"
          required
          value={form.start}
          onChange={set('start')}
          error={errors.start}
        />
        <TextField
          label={t('training.end')}
          name="end"
          type="date"
          required
          value={form.end}
          onChange={set('end')}
          error={errors.end}
        />
        <TextField
          label={t('training.hours')}
          name="hours"
          inputMode="numeric"
          required
          value={form.hours}
          onChange={set('hours')}
          error={errors.hours}
        />
        <TextField
          label={t('training.subsidy')}
          name="subsidy"
          inputMode="decimal"
          value={form.subsidy}
          onChange={set('subsidy')}
          error={errors.subsidyPerPerson}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('training.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function CompleteForm({
  course,
  e,
  onDone,
}: {
  course: Course;
  e: Enrolment;
  onDone: (msg: string) => void;
}) {
  const [date, setDate] = useState(course.end <= todayIso() ? course.end : todayIso());
  const [kind, setKind] = useState('');
  const [level, setLevel] = useState('');
  const [number, setNumber] = useState('');
  const [hours, setHours] = useState(String(e.attendedHours));
  const [dropOn, setDropOn] = useState(course.end <= todayIso() ? course.end : todayIso());
  const [dropReason, setDropReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const run = async (f: () => Promise<unknown>, msg: string) => {
    setErrors({});
    setError(null);
    try {
      await f();
      onDone(msg);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setError(messageOf(err));
    }
  };
  return (
    <div className="inline-form" data-testid={`complete-${e.residentId}`}>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <TextField
        label={t('training.attended')}
        name="hours"
        inputMode="numeric"
        value={hours}
        onChange={setHours}
        error={errors.hours}
      />
      <button
        type="button"
        onClick={() =>
          void run(
            () =>
              call('training.attend', {
                courseId: course.id,
                residentId: e.residentId,
                hours: Number(hours),
              }),
            t('training.saved'),
          )
        }
      >
        {t('training.saveAttendance')}
      </button>
      <TextField
        label={t('training.completedOn')}
        name="date"
        type="date"
        value={date}
        onChange={setDate}
        error={errors.date}
      />
      <SelectField
        label={t('training.certKind')}
        name="certKind"
        value={kind}
        onChange={setKind}
        options={[
          { value: '', label: t('training.certKind.none') },
          { value: 'qualification', label: t('training.certKind.qualification') },
          { value: 'skill_level', label: t('training.certKind.skill_level') },
        ]}
      />
      {kind ? (
        <>
          <TextField
            label={t('training.certLevel')}
            name="certLevel"
            value={level}
            onChange={setLevel}
            error={errors['certificate.level']}
          />
          <TextField
            label={t('training.certNumber')}
            name="certNumber"
            value={number}
            onChange={setNumber}
            error={errors['certificate.number']}
          />
        </>
      ) : null}
      <button
        type="button"
        onClick={() =>
          void run(
            () =>
              call('training.complete', {
                courseId: course.id,
                residentId: e.residentId,
                date,
                ...(kind
                  ? {
                      certificate: {
                        kind: kind as 'qualification' | 'skill_level',
                        number,
                        ...(level.trim() ? { level } : {}),
                      },
                    }
                  : {}),
              }),
            t('training.done', { name: e.residentName }),
          )
        }
      >
        {t('training.complete')}
      </button>
      <TextField label={t('training.dropOn')} name="dropOn" type="date" value={dropOn} onChange={setDropOn} />
      <TextField
        label={t('training.dropReason')}
        name="dropReason"
        value={dropReason}
        onChange={setDropReason}
      />
      <button
        type="button"
        className="danger"
        onClick={() => {
          if (!window.confirm(t('training.dropConfirm', { name: e.residentName }))) return;
          void run(
            () =>
              call('training.drop', {
                courseId: course.id,
                residentId: e.residentId,
                date: dropOn,
                ...(dropReason.trim() ? { reason: dropReason } : {}),
              }),
            t('training.droppedMsg', { name: e.residentName }),
          );
        }}
      >
        {t('training.drop')}
      </button>
    </div>
  );
}

export function CoursePage({ id }: { id: string }) {
  useLang();
  const [course, setCourse] = useState<Course | null>(null);
  const [enrolments, setEnrolments] = useState<Enrolment[]>([]);
  const [suggestions, setSuggestions] = useState<TrainingSuggestion[]>([]);
  const [rate, setRate] = useState<TrainingRate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const c = await call('training.courses.get', { id });
      const [list, sugg, r] = await Promise.all([
        call('training.enrolments', { courseId: id, limit: 500 }),
        call('training.suggest', { courseId: id }),
        call('training.rate', { courseId: id, from: c.start, to: '2099-12-31' }),
      ]);
      setCourse(c);
      setEnrolments(list.items);
      setSuggestions(sugg.items);
      setRate(r);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // Esc closes the open completion form first, then the course; Ctrl+S has nothing of its own to save here
  useDeskKeys({
    save: () => undefined,
    close: () => (open ? setOpen(null) : navigate('/training')),
  });
  const withdraw = async (e: Enrolment) => {
    if (!window.confirm(t('training.withdrawConfirm', { name: e.residentName }))) return;
    setError(null);
    setOk(null);
    try {
      await call('training.withdraw', { courseId: id, residentId: e.residentId });
      setOk(t('training.withdrawn', { name: e.residentName }));
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const enrol = async (s: TrainingSuggestion) => {
    setError(null);
    try {
      await call('training.enrol', { courseId: id, residentId: s.residentId });
      setOk(t('training.enrolled', { name: s.name }));
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  if (!course)
    return (
      <section className="page">
        {error ? <Notice kind="error">{error}</Notice> : t('common.loading')}
      </section>
    );
  return (
    <section className="page" aria-labelledby="course-title">
      <div className="toolbar">
        <h1 id="course-title">{course.name}</h1>
        <button type="button" className="link" onClick={() => navigate('/training')}>
          {t('training.back')}
        </button>
      </div>
      {error ? (
        <Notice kind="error" testId="training-error">
          {error}
        </Notice>
      ) : null}
      {ok ? (
        <Notice kind="ok" testId="training-ok">
          {ok}
        </Notice>
      ) : null}
      <dl className="facts" data-testid="course-facts">
        <dt>{t('training.kind')}</dt>
        <dd>{kindLabel(course.kind)}</dd>
        <dt>{t('training.occupation')}</dt>
        <dd>
          {course.occupationName ?? ''} {course.occupationCode}
        </dd>
        <dt>{t('training.provider')}</dt>
        <dd>{course.provider}</dd>
        <dt>{t('training.dates')}</dt>
        <dd>
          {dateShort(course.start)} — {dateShort(course.end)}
        </dd>
        <dt>{t('training.hours')}</dt>
        <dd>{course.hours}</dd>
        {course.subsidyPerPerson !== null ? (
          <>
            <dt>{t('training.subsidy')}</dt>
            <dd>{money(course.subsidyPerPerson)}</dd>
          </>
        ) : null}
        <dt>{t('training.trainees')}</dt>
        <dd data-testid="course-counts" title={t('training.enrolledCountHint')}>
          {t('training.counts', {
            enrolled: course.enrolled,
            inTraining: course.enrolled - course.completed - course.dropped,
            completed: course.completed,
            dropped: course.dropped,
          })}
        </dd>
        <dt>{t('training.community')}</dt>
        <dd>
          {course.foreign
            ? `${t('training.shared')} · ${course.communityName ?? course.communityCode}`
            : t('training.own')}
        </dd>
      </dl>
      <h2>{t('training.courseRate')}</h2>
      <RateTable rate={rate} testId="course-rate" />
      <h2>{t('training.enrolments')}</h2>
      {enrolments.length === 0 ? (
        <p className="muted">{t('training.noEnrolments')}</p>
      ) : (
        <table className="plain" data-testid="enrolment-list">
          <thead>
            <tr>
              <th>{t('training.resident')}</th>
              <th>{t('training.idNumber')}</th>
              <th>{t('training.status')}</th>
              <th>{t('training.attended')}</th>
              <th>{t('training.completedOn')}</th>
              <th>{t('training.certificate')}</th>
              <th>{t('training.employedOn')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {enrolments.map((e) => (
              <tr key={e.id} data-resident={e.residentId}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => navigate(`/residents/${e.residentId}`)}
                  >
                    {e.residentName}
                  </button>
                </td>
                <td>{e.idNumberMasked}</td>
                <td>{statusLabel(e.status)}</td>
                <td>{e.attendedHours}</td>
                <td>
                  {e.droppedOn
                    ? t('training.droppedOn', { date: dateShort(e.droppedOn) })
                    : dateShort(e.completedOn)}
                </td>
                <td>
                  {e.certificate
                    ? `${t(`training.certKind.${e.certificate.kind}` as MessageKey)} ${e.certificate.level ?? ''} ${e.certificate.number}`
                    : ''}
                </td>
                <td>{dateShort(e.employedOn)}</td>
                <td>
                  {e.status === 'enrolled' ? (
                    open === e.id ? (
                      <CompleteForm
                        course={course}
                        e={e}
                        onDone={(msg) => {
                          setOk(msg);
                          setOpen(null);
                          void load();
                        }}
                      />
                    ) : (
                      <>
                        <button type="button" onClick={() => setOpen(e.id)}>
                          {t('training.complete')}
                        </button>{' '}
                        <button type="button" onClick={() => void withdraw(e)}>
                          {t('training.withdraw')}
                        </button>
                      </>
                    )
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('training.suggestions')}</h2>
      {suggestions.length === 0 ? (
        <p className="muted">{t('training.noSuggestions')}</p>
      ) : (
        <table className="plain" data-testid="training-suggestions">
          <tbody>
            {suggestions.map((s) => (
              <tr key={s.residentId} data-resident={s.residentId}>
                <td>{s.name}</td>
                <td>{s.idNumberMasked}</td>
                <td>{s.why.map(trainingReason).join(t('common.listSep'))}</td>
                <td>
                  <button type="button" onClick={() => void enrol(s)}>
                    {t('training.enrol')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The person's courses on their page. */
export function ResidentTraining({ residentId }: { residentId: string }) {
  useLang();
  const [items, setItems] = useState<Enrolment[]>([]);
  useEffect(() => {
    let live = true;
    call('training.enrolments', { residentId }).then(
      (r) => live && setItems(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [residentId]);
  return (
    <fieldset className="section" data-testid="resident-training">
      <legend>{t('training.forResident')}</legend>
      {items.length === 0 ? (
        <p className="muted">{t('training.noneForResident')}</p>
      ) : (
        <table className="plain">
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => navigate(`/training/courses/${e.courseId}`)}
                  >
                    {e.courseName}
                  </button>
                </td>
                <td>{statusLabel(e.status)}</td>
                {/* the day it ended: completed, or left (已退学 beside it says which) */}
                <td>{dateShort(e.completedOn ?? e.droppedOn)}</td>
                <td>{e.certificate ? e.certificate.number : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
