// Picks codes from the occupation or industry vocabulary: type characters, full pinyin or initials
// ("bay" → 保安员), pick from the list; chosen codes show as chips with their names. One code (a vacancy)
// or several (a person's wishes). Names of chosen codes come from the whole list, fetched once per page.
import { useEffect, useId, useState } from 'react';
import { call } from '../api/client';
import type { CodeItem } from '../../../shared/domain/vocabulary';
import { t } from '../i18n';
import { useQuickSearch } from '../ui/useQuickSearch';

export type Vocabulary = 'occupations' | 'industries';
const cache = new Map<Vocabulary, Promise<Map<string, CodeItem>>>();

function allCodes(vocab: Vocabulary): Promise<Map<string, CodeItem>> {
  let p = cache.get(vocab);
  if (!p) {
    p = call(vocab === 'occupations' ? 'reference.occupations' : 'reference.industries', {}).then(
      (r) => new Map(r.items.map((i) => [i.code, i])),
    );
    p.catch(() => cache.delete(vocab));
    cache.set(vocab, p);
  }
  return p;
}

/** The name of a code, for labels outside the picker. */
export function useCodeNames(vocab: Vocabulary): Map<string, CodeItem> {
  const [names, setNames] = useState<Map<string, CodeItem>>(new Map());
  useEffect(() => {
    let live = true;
    void allCodes(vocab).then((m) => live && setNames(m));
    return () => {
      live = false;
    };
  }, [vocab]);
  return names;
}

export function CodePicker(p: {
  name: string;
  label: string;
  vocab: Vocabulary;
  value: string[];
  onChange: (codes: string[]) => void;
  multiple?: boolean;
  error?: string | undefined;
  readOnly?: boolean;
}) {
  const id = useId();
  const [q, setQ] = useState('');
  const names = useCodeNames(p.vocab);
  const found = useQuickSearch<CodeItem>(q, (query) =>
    call(p.vocab === 'occupations' ? 'reference.occupations' : 'reference.industries', {
      query,
      limit: 30,
    }),
  );
  const label = (code: string) => names.get(code)?.name ?? t('code.unknown', { code });
  const pick = (code: string) => {
    p.onChange(p.multiple ? [...p.value.filter((c) => c !== code), code] : [code]);
    setQ('');
  };
  return (
    <div className={`field wide ${p.error ? 'has-error' : ''}`} data-field={p.name}>
      <div className="label-row">
        <label htmlFor={id}>{p.label}</label>
      </div>
      <div className="chips" data-testid={`${p.name}-chosen`}>
        {p.value.length === 0 ? <span className="muted">{t('code.none')}</span> : null}
        {p.value.map((code) => (
          <span className="chip" key={code} data-code={code}>
            <span className="mono muted">{code}</span> {label(code)}
            {p.readOnly ? null : (
              <button
                type="button"
                className="small-btn"
                aria-label={t('code.remove', { name: label(code) })}
                onClick={() => p.onChange(p.value.filter((c) => c !== code))}
              >
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      {p.readOnly ? null : (
        <>
          <input
            id={id}
            type="search"
            value={q}
            placeholder={t('code.search')}
            aria-invalid={p.error ? true : undefined}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              // Enter takes the first hit, so a code can be picked without the mouse
              if (e.key === 'Enter' && found[0]) {
                e.preventDefault();
                pick(found[0].code);
              }
            }}
          />
          {q.trim() ? (
            <ul className="pick-list" data-testid={`${p.name}-results`}>
              {found.length === 0 ? <li className="muted">{t('code.notFound')}</li> : null}
              {found.map((item) => (
                <li key={item.code}>
                  <span>
                    <span className="mono muted">{item.code}</span> {item.name}
                  </span>
                  <button
                    type="button"
                    className="small-btn"
                    aria-label={t('code.pick', { name: item.name })}
                    onClick={() => pick(item.code)}
                  >
                    {t('vacancy.pick')}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {p.error ? (
        <div className="field-error" role="alert">
          {p.error}
        </div>
      ) : null}
    </div>
  );
}
