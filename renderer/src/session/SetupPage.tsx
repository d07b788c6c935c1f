// First run on a new data folder: which community this PC serves, and the first station admin.
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Community } from '../../../shared/contract';
import { SelectField, TextField, Notice } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { t } from '../i18n';

export function SetupPage({ onDone }: { onDone: () => void }) {
  const [streets, setStreets] = useState<Array<{ code: string; name: string }>>([]);
  const [communities, setCommunities] = useState<Community[]>([]);
  const [street, setStreet] = useState('');
  const [community, setCommunity] = useState('');
  const [stationName, setStationName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('reference.streets', {}).then(
      (r) => setStreets(r.items),
      (e) => setMessage(messageOf(e)),
    );
  }, []);
  useEffect(() => {
    setCommunity('');
    if (!street) return setCommunities([]);
    call('reference.communities', { streetCode: street }).then(
      (r) => setCommunities(r.items),
      (e) => setMessage(messageOf(e)),
    );
  }, [street]);

  // the station name defaults to the community's own name, which is what the district calls it
  useEffect(() => {
    const c = communities.find((x) => x.code === community);
    if (c && !stationName) setStationName(`${c.name}劳动保障工作室`);
  }, [community, communities, stationName]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!street) local.street = t('setup.pickStreet');
    if (!community) local.communityCode = t('setup.pickCommunity');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setMessage('');
    try {
      await call('session.setup', {
        communityCode: community,
        ...(stationName.trim() ? { stationName: stationName.trim() } : {}),
        admin: { username, password, displayName },
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
          name="street"
          label={t('setup.street')}
          required
          value={street}
          onChange={setStreet}
          placeholder={t('setup.pickStreet')}
          options={streets.map((s) => ({ value: s.code, label: s.name }))}
          error={errors.street}
        />
        <SelectField
          name="communityCode"
          label={t('setup.community')}
          required
          value={community}
          onChange={setCommunity}
          placeholder={t('setup.pickCommunity')}
          options={communities.map((c) => ({ value: c.code, label: c.name }))}
          error={errors.communityCode}
        />
        <TextField
          name="stationName"
          label={t('setup.stationName')}
          value={stationName}
          onChange={setStationName}
          error={errors.stationName}
        />
        <TextField
          name="admin.username"
          label={t('setup.adminUsername')}
          required
          value={username}
          onChange={setUsername}
          error={errors['admin.username']}
        />
        <TextField
          name="admin.password"
          type="password"
          label={t('setup.adminPassword')}
          required
          value={password}
          onChange={setPassword}
          error={errors['admin.password']}
          autoComplete="new-password"
        />
        <TextField
          name="admin.displayName"
          label={t('setup.adminDisplayName')}
          required
          value={displayName}
          onChange={setDisplayName}
          error={errors['admin.displayName']}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
