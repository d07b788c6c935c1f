// 帮助: the six clears, the card categories in force (from the reference data, so the page never lags the
// rules), the keyboard shortcuts and what to do when sync fails. Short, Chinese first.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { AssistanceCategoryView } from '../../../shared/contract/cards';
import { SECTION_KEYS } from '../../../shared/domain/sixClears';
import type { CategoryParams } from '../../../shared/domain/assistance/categories';
import { t, type MessageKey } from '../i18n';
import { dateLong } from '../format';

/** A category's rule in words, from the thresholds in force (reference data), never copied text. */
function ruleWords(p: CategoryParams): string {
  const parts = [t(`help.rule.${p.rule}` as MessageKey)];
  if (p.minAgeFemale !== undefined || p.minAgeMale !== undefined)
    parts.push(t('help.rule.minAge', { f: p.minAgeFemale ?? '—', m: p.minAgeMale ?? '—' }));
  if (p.maxAgeFemale !== undefined || p.maxAgeMale !== undefined)
    parts.push(t('help.rule.maxAge', { f: p.maxAgeFemale ?? '—', m: p.maxAgeMale ?? '—' }));
  if (p.minMonths !== undefined) parts.push(t('help.rule.minMonths', { n: p.minMonths }));
  if (p.withinYears !== undefined) parts.push(t('help.rule.withinYears', { n: p.withinYears }));
  if (p.subsistenceStatuses?.length)
    parts.push(
      t('help.rule.statuses', {
        list: p.subsistenceStatuses.map((s) => t(`opt.subsistence.${s}`)).join(t('policy.why.or')),
      }),
    );
  if (p.requiresUnemployed) parts.push(t('help.rule.unemployed'));
  return parts.join(t('help.rule.sep'));
}

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
            <li key={c.code} data-rule={c.params.rule}>
              <strong>{c.name}</strong>：{ruleWords(c.params)} ·{' '}
              {t('help.inForceFrom', { date: dateLong(c.effectiveFrom) })}
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
