// 设置: the staleness window of the six clears and the station name (admin), the UI language (anyone),
// the operator's own password (anyone), and the station's operators with password resets (admin).
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { navigate } from '../router';
import { useSession } from '../session/store';
import { getLang, setLang, t, useLang, type Lang } from '../i18n';
import { Notice, SelectField, TextField, type FormMessage } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { useFormFields } from '../ui/useFormFields';
import { ChangePasswordForm } from './ChangePasswordForm';
import { Operators } from './Operators';
import { MyAccountForm } from './MyAccountForm';

export function SettingsPage() {
  useLang();
  const { session, refresh } = useSession();
  const admin = session.operator.role === 'admin';
  const { form, setForm, setErrors, bind } = useFormFields({ stationName: '', staleAfterDays: '' });
  const [message, setMessage] = useState<FormMessage | null>(null);

  useEffect(() => {
    call('settings.get', {}).then(
      (s) => {
        setForm({ stationName: s.stationName, staleAfterDays: String(s.staleAfterDays) });
      },
      (e) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, []);

  async function saveStation(e: FormEvent) {
    e.preventDefault();
    const n = Number(form.staleAfterDays);
    if (!Number.isInteger(n)) return setErrors({ staleAfterDays: t('err.number') });
    try {
      await call('settings.update', { staleAfterDays: n, stationName: form.stationName.trim() });
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
            <TextField {...bind('stationName')} label={t('settings.stationName')} />
            <TextField
              {...bind('staleAfterDays')}
              label={t('settings.staleDays')}
              inputMode="numeric"
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
            { value: 'zh-CN', label: '中文（简体）', lang: 'zh-CN' },
            { value: 'en', label: 'English', lang: 'en' },
          ]}
        />
      </div>
      {admin ? (
        <div className="card">
          <a
            href="/settings/backups"
            onClick={(e) => {
              e.preventDefault();
              navigate('/settings/backups');
            }}
          >
            {t('backups.link')}
          </a>
        </div>
      ) : null}
      <MyAccountForm />
      <ChangePasswordForm />
      {admin ? <Operators /> : null}
    </section>
  );
}
