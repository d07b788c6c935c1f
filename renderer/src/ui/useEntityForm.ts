// Load, edit and save one record (household, employer, vacancy): the record is loaded when the page has
// an id, a save maps the station's issues onto fields, and a new record reopens at its own address.
import { useEffect, useState } from 'react';
import { navigate } from '../router';
import { t } from '../i18n';
import { fieldErrorsOf, messageOf } from './errors';
import type { FormMessage } from './fields';
import { useFormFields } from './useFormFields';

export function useEntityForm<E extends { id: string }, F extends object>(p: {
  id: string | null;
  initial: F | (() => F);
  toForm: (e: E) => F;
  load: (id: string) => Promise<E>;
  /** the list the record belongs to; a new record is reopened at `${listPath}/${id}` */
  listPath: string;
  clearErrorOnEdit?: boolean;
}) {
  const fields = useFormFields(p.initial, { clearErrorOnEdit: p.clearErrorOnEdit ?? false });
  const { setForm, setErrors } = fields;
  const [entity, setEntity] = useState<E | null>(null);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [busy, setBusy] = useState(false);
  // what the form held when loaded or last saved: a form that differs asks before it closes
  const [baseline, setBaseline] = useState(() => JSON.stringify(fields.form));
  const dirty = JSON.stringify(fields.form) !== baseline;
  const { id, load, toForm } = p;

  useEffect(() => {
    if (!id) return;
    load(id).then(
      (e) => {
        setEntity(e);
        setForm(toForm(e));
        setBaseline(JSON.stringify(toForm(e)));
      },
      (e) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
    // the record is fetched again only when the page is opened on another id
  }, [id]);

  async function save(write: () => Promise<E>) {
    setBusy(true);
    try {
      const e = await write();
      setErrors({});
      if (!id) {
        navigate(`${p.listPath}/${e.id}`, { replace: true });
        return;
      }
      setEntity(e);
      setForm(toForm(e));
      setBaseline(JSON.stringify(toForm(e)));
      setMessage({ kind: 'ok', text: t('common.saved') });
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return { ...fields, entity, setEntity, message, setMessage, busy, save, dirty };
}
