// 我的信息: the logged-in operator's own phone (issue 15). New contact cards are filled in with the
// operator's name and this phone; the station checks and normalises it as every phone.
import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useSession } from '../session/store';
import { t } from '../i18n';
import { Notice, TextField, type FormMessage } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { useFormFields } from '../ui/useFormFields';

export function MyAccountForm() {
  const { session, refresh } = useSession();
  const me = session.operator;
  const { form, setForm, setErrors, bind } = useFormFields({ phone: me.phone ?? '' });
  const [message, setMessage] = useState<FormMessage | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    try {
      const saved = await call('operators.setPhone', { id: me.id, phone: form.phone.trim() });
      setForm({ phone: saved.phone ?? '' });
      setErrors({});
      setMessage({ kind: 'ok', text: t('account.phoneSaved') });
      await refresh();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate data-testid="my-account">
      <fieldset>
        <legend>{t('account.title')}</legend>
        {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
        <div className="form-grid">
          <TextField
            name="account.name"
            label={t('account.name')}
            value={me.displayName}
            onChange={() => undefined}
            readOnly
          />
          <TextField {...bind('phone')} type="tel" label={t('account.phone')} hint={t('account.phoneHint')} />
        </div>
        <button type="submit" className="primary">
          {t('account.savePhone')}
        </button>
      </fieldset>
    </form>
  );
}
