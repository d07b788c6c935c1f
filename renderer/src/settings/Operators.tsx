// The station's operators (admin only): add one, disable or enable one, reset one's password.
import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Operator } from '../../../shared/contract';
import { useSession } from '../session/store';
import { t } from '../i18n';
import { Notice, SelectField, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { OperatorRowForm } from './OperatorRowForm';

export function Operators() {
  const { session, refresh } = useSession();
  const [items, setItems] = useState<Operator[]>([]);
  const [form, setForm] = useState({ username: '', password: '', displayName: '', role: 'assistant' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [done, setDone] = useState('');
  const [resetting, setResetting] = useState<string | null>(null);
  const [phoning, setPhoning] = useState<string | null>(null);

  const load = () =>
    call('operators.list', {}).then(
      (r) => setItems(r.items),
      (e) => setMessage(messageOf(e)),
    );
  // read again when the admin's own phone changes (我的信息 above)
  useEffect(() => {
    void load();
  }, [session.operator.phone]);

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
      {done ? <Notice kind="ok">{done}</Notice> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('settings.username')}</th>
            <th scope="col">{t('settings.displayName')}</th>
            <th scope="col">{t('settings.phone')}</th>
            <th scope="col">{t('settings.role')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <Fragment key={o.id}>
              <tr>
                <td>{o.username}</td>
                <td>{o.displayName}</td>
                <td>{o.phone ?? ''}</td>
                <td>
                  {t(o.role === 'admin' ? 'role.admin' : 'role.assistant')}
                  {o.disabled ? ` · ${t('settings.disabled')}` : ''}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="link"
                    aria-label={`${t('settings.setPhone')}：${o.displayName}`}
                    onClick={() => {
                      setDone('');
                      setResetting(null);
                      setPhoning(o.id);
                    }}
                  >
                    {t('settings.setPhone')}
                  </button>
                  {/* an admin changes their own password above, with the old one */}
                  {o.id === session.operator.id ? null : (
                    <button
                      type="button"
                      className="link"
                      aria-label={`${t('settings.resetPassword')}：${o.displayName}`}
                      onClick={() => {
                        setDone('');
                        setPhoning(null);
                        setResetting(o.id);
                      }}
                    >
                      {t('settings.resetPassword')}
                    </button>
                  )}
                  {/* an admin cannot lock themselves out of the station */}
                  {o.id === session.operator.id ? null : (
                    <button type="button" className="link" onClick={() => void toggle(o)}>
                      {o.disabled ? t('settings.enable') : t('settings.disable')}
                    </button>
                  )}
                </td>
              </tr>
              {phoning === o.id ? (
                <OperatorRowForm
                  kind="phone"
                  operator={o}
                  colSpan={5}
                  onDone={(text) => {
                    setPhoning(null);
                    setDone(text);
                    // the admin's own phone fills their contact cards: the session reads it again
                    if (o.id === session.operator.id) void refresh();
                    else void load();
                  }}
                  onCancel={() => setPhoning(null)}
                />
              ) : null}
              {resetting === o.id ? (
                <OperatorRowForm
                  kind="password"
                  operator={o}
                  colSpan={5}
                  onDone={(text) => {
                    setResetting(null);
                    setDone(text);
                  }}
                  onCancel={() => setResetting(null)}
                />
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} noValidate>
        <h3>{t('settings.newOperator')}</h3>
        <div className="form-grid">
          <TextField
            name="op.username"
            label={t('settings.username')}
            value={form.username}
            onChange={(v) => set('username', v)}
            error={errors.username}
          />
          <TextField
            name="op.password"
            type="password"
            label={t('settings.password')}
            value={form.password}
            onChange={(v) => set('password', v)}
            error={errors.password}
            autoComplete="new-password"
          />
          <TextField
            name="op.displayName"
            label={t('settings.displayName')}
            value={form.displayName}
            onChange={(v) => set('displayName', v)}
            error={errors.displayName}
          />
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
