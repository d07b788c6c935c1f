// 设置: the staleness window of the six clears and the station name (admin), the UI language (anyone),
// the operator's own password (anyone), and the station's operators with password resets (admin).
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useSession } from '../session/store';
import { getLang, setLang, t, useLang, type Lang } from '../i18n';
import { Notice, SelectField, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { ChangePasswordForm } from './ChangePasswordForm';
import { Operators } from './Operators';

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
            <TextField
              name="stationName"
              label={t('settings.stationName')}
              value={stationName}
              onChange={setStationName}
              error={errors.stationName}
            />
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
      <ChangePasswordForm />
      {admin ? <Operators /> : null}
    </section>
  );
}
