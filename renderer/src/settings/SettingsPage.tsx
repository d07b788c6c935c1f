// 设置: the staleness window of the six clears and the station name (admin), the UI language (anyone),
// and the station's operators (admin).
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Operator } from '../../../shared/contract';
import { useSession } from '../session/store';
import { getLang, setLang, t, useLang, type Lang } from '../i18n';
import { Notice, SelectField, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';

export function SettingsPage() {
  useLang();
  const { session, refresh } = useSession();
  const admin = session.operator.role === 'admin';
  const [staleDays, setStaleDays] = useState('');
  const [stationName, setStationName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  useEffect(() => {
    call('settings.get', {}).then(
      (s) => {
        setStaleDays(String(s.staleAfterDays));
        setStationName(s.stationName);
      },
      (e) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, []);

  async function saveStation(e: FormEvent) {
    e.preventDefault();
    const n = Number(staleDays);
    if (!Number.isInteger(n)) return setErrors({ staleAfterDays: t('err.number') });
    try {
      await call('settings.update', { staleAfterDays: n, stationName: stationName.trim() });
      setErrors({});
      setMessage({ kind: 'ok', text: t('common.saved') });
      await refresh();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  }

  return (
    <section className="form-page" aria-labelledby="settings-title">
      <div className="toolbar">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </div>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <form className="card" onSubmit={saveStation} noValidate>
        <fieldset disabled={!admin}>
          <legend>{t('settings.station')}</legend>
          {!admin ? <p className="muted">{t('settings.adminOnly')}</p> : null}
          <div className="form-grid">
            <TextField name="stationName" label={t('settings.stationName')} value={stationName} onChange={setStationName} error={errors.stationName} />
            <TextField
              name="staleAfterDays"
              label={t('settings.staleDays')}
              inputMode="numeric"
              value={staleDays}
              onChange={setStaleDays}
              error={errors.staleAfterDays}
              hint={t('settings.staleHelp')}
            />
          </div>
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
        </fieldset>
      </form>
      <div className="card">
        <SelectField
          name="language"
          label={t('settings.language')}
          value={getLang()}
          onChange={(v) => setLang(v as Lang)}
          options={[
            { value: 'zh-CN', label: '中文（简体）' },
            { value: 'en', label: 'English' },
          ]}
        />
      </div>
      {admin ? <Operators /> : null}
    </section>
  );
}

function Operators() {
  const [items, setItems] = useState<Operator[]>([]);
  const [form, setForm] = useState({ username: '', password: '', displayName: '', role: 'assistant' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');

  const load = () => call('operators.list', {}).then((r) => setItems(r.items), (e) => setMessage(messageOf(e)));
  useEffect(() => {
    void load();
  }, []);

  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      await call('operators.create', { ...form, role: form.role as Operator['role'] });
      setForm({ username: '', password: '', displayName: '', role: 'assistant' });
      setErrors({});
      setMessage('');
      await load();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage(messageOf(err));
    }
  }

  async function toggle(o: Operator) {
    try {
      await call('operators.setDisabled', { id: o.id, disabled: !o.disabled });
      await load();
    } catch (err) {
      setMessage(messageOf(err));
    }
  }

  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <div className="card">
      <h2>{t('settings.operators')}</h2>
      {message ? <Notice kind="error">{message}</Notice> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('settings.username')}</th>
            <th scope="col">{t('settings.displayName')}</th>
            <th scope="col">{t('settings.role')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id}>
              <td>{o.username}</td>
              <td>{o.displayName}</td>
              <td>
                {t(o.role === 'admin' ? 'role.admin' : 'role.assistant')}
                {o.disabled ? ` · ${t('settings.disabled')}` : ''}
              </td>
              <td>
                <button type="button" className="link" onClick={() => void toggle(o)}>
                  {o.disabled ? t('settings.enable') : t('settings.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} noValidate>
        <h3>{t('settings.newOperator')}</h3>
        <div className="form-grid">
          <TextField name="op.username" label={t('settings.username')} value={form.username} onChange={(v) => set('username', v)} error={errors.username} />
          <TextField name="op.password" type="password" label={t('settings.password')} value={form.password} onChange={(v) => set('password', v)} error={errors.password} autoComplete="new-password" />
          <TextField name="op.displayName" label={t('settings.displayName')} value={form.displayName} onChange={(v) => set('displayName', v)} error={errors.displayName} />
          <SelectField
            name="op.role"
            label={t('settings.role')}
            value={form.role}
            onChange={(v) => set('role', v)}
            options={[
              { value: 'assistant', label: t('role.assistant') },
              { value: 'admin', label: t('role.admin') },
            ]}
          />
        </div>
        <button type="submit">{t('common.add')}</button>
      </form>
    </div>
  );
}
