// First run on a new data folder: which community this PC serves, and the first station admin.
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Community } from '../../../shared/contract';
import { SelectField, TextField, Notice } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { useFormFields } from '../ui/useFormFields';
import { t } from '../i18n';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const [streets, setStreets] = useState<Array<{ code: string; name: string }>>([]);
  const [communities, setCommunities] = useState<Community[]>([]);
  const { form, set, setErrors, bind } = useFormFields({
    street: '',
    communityCode: '',
    stationName: '',
    username: '',
    password: '',
    displayName: '',
  });
  const { street, communityCode, stationName } = form;
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('reference.streets', {}).then(
      (r) => setStreets(r.items),
      (e) => setMessage(messageOf(e)),
    );
  }, []);
  useEffect(() => {
    set('communityCode', '');
    if (!street) return setCommunities([]);
    call('reference.communities', { streetCode: street }).then(
      (r) => setCommunities(r.items),
      (e) => setMessage(messageOf(e)),
    );
  }, [street]);

  // the station name defaults to the community's own name, which is what the district calls it
  useEffect(() => {
    const c = communities.find((x) => x.code === communityCode);
    if (c && !stationName) set('stationName', `${c.name}劳动保障工作室`);
  }, [communityCode, communities, stationName]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!street) local.street = t('setup.pickStreet');
    if (!communityCode) local.communityCode = t('setup.pickCommunity');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setMessage('');
    try {
      await call('session.setup', {
        communityCode,
        ...(stationName.trim() ? { stationName: stationName.trim() } : {}),
        admin: { username: form.username, password: form.password, displayName: form.displayName },
      });
      onDone();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="center-page">
      <form className="card narrow" onSubmit={submit} aria-labelledby="setup-title" noValidate>
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="muted">{t('setup.intro')}</p>
        {message ? <Notice kind="error">{message}</Notice> : null}
        <SelectField
          {...bind('street')}
          label={t('setup.street')}
          required
          placeholder={t('setup.pickStreet')}
          options={streets.map((s) => ({ value: s.code, label: s.name }))}
        />
        <SelectField
          {...bind('communityCode')}
          label={t('setup.community')}
          required
          placeholder={t('setup.pickCommunity')}
          options={communities.map((c) => ({ value: c.code, label: c.name }))}
        />
        <TextField {...bind('stationName')} label={t('setup.stationName')} />
        <TextField {...bind('username', 'admin.username')} label={t('setup.adminUsername')} required />
        <TextField
          {...bind('password', 'admin.password')}
          type="password"
          label={t('setup.adminPassword')}
          required
          autoComplete="new-password"
        />
        <TextField
          {...bind('displayName', 'admin.displayName')}
          label={t('setup.adminDisplayName')}
          required
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
