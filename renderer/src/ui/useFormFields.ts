// A form's values and its field errors kept together. `bind(key)` hands a TextField/SelectField its
// name, value, onChange and error, so a page spells out only what differs from field to field.
import { useState } from 'react';
import type { FieldErrors } from './errors';

type StringKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

export function useFormFields<F extends object>(
  initial: F | (() => F),
  /** clear a field's error as soon as it is edited (employer, vacancy) rather than at the next save */
  opts: { clearErrorOnEdit?: boolean } = {},
) {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = <K extends keyof F>(k: K, v: F[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (opts.clearErrorOnEdit) setErrors((e) => ({ ...e, [k]: '' }));
  };

  /** `name` is the field key the station reports issues under, when it differs from the form key. */
  const bind = <K extends StringKey<F>>(k: K, name: string = k) => ({
    name,
    value: form[k] as string,
    onChange: (v: string) => set(k, v as F[K]),
    error: errors[name],
  });

  return { form, setForm, set, errors, setErrors, bind };
}
