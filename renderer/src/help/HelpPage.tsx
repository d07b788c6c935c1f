// 帮助: the six clears, the card categories in force (from the reference data, so the page never lags the
// rules), the keyboard shortcuts and what to do when sync fails. Short, Chinese first.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { AssistanceCategoryView } from '../../../shared/contract/cards';
import { SECTION_KEYS } from '../../../shared/domain/sixClears';
import { t, type MessageKey } from '../i18n';
import { dateLong } from '../format';

export function HelpPage() {
  const [categories, setCategories] = useState<AssistanceCategoryView[]>([]);
  useEffect(() => {
    let live = true;
    call('reference.assistanceCategories', {}).then(
      (r) => live && setCategories(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="form-page" aria-labelledby="help-title">
      <h1 id="help-title">{t('help.title')}</h1>
      <div className="card">
        <h2>{t('help.sixClears')}</h2>
        <p>{t('help.sixClearsIntro')}</p>
        <ul>
          {SECTION_KEYS.map((k) => (
            <li key={k}>{t(`six.title.${k}` as MessageKey)}</li>
          ))}
        </ul>
      </div>
      <div className="card" data-testid="help-categories">
        <h2>{t('help.categories')}</h2>
        <ul>
          {categories.map((c) => (
            <li key={c.code}>
              {c.name} · {t('help.inForceFrom', { date: dateLong(c.effectiveFrom) })}
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2>{t('help.keys')}</h2>
        <ul>
          <li>{t('help.keySave')}</li>
          <li>{t('help.keyClose')}</li>
          <li>{t('help.keyEnter')}</li>
          <li>{t('help.keySearch')}</li>
        </ul>
      </div>
      <div className="card">
        <h2>{t('help.sync')}</h2>
        <ul>
          <li>{t('help.sync1')}</li>
          <li>{t('help.sync2')}</li>
          <li>{t('help.sync3')}</li>
        </ul>
      </div>
    </section>
  );
}
