// A resident's history from the outbox, readable by a person: who, when, what changed from what to what.
// Field names are the database's; they are shown in Chinese, and six-clears sections as their fields.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { HistoryEntry } from '../../../shared/contract';
import { SECTION_KEYS, type SectionKey } from '../../../shared/domain/sixClears';
import { t, type MessageKey } from '../i18n';
import { dateLong, dateTime } from '../format';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { sectionTitle } from './labels';
import { MASKED_INCOME } from '../../../shared/domain/privacy';
import { SECTION_FIELDS, fieldLabel, optionLabel } from './sections';

const HIDDEN = new Set([
  'community_code',
  'name_pinyin',
  'name_initials',
  'id_number_rev',
  'clears_missing',
  'clears_oldest_at',
  'updated_at',
  'created_at',
  'id',
]);

function fieldName(field: string): string {
  const section = SECTION_KEYS.find((k) => field === `clear_${k}`);
  if (section) return sectionTitle(section);
  const key = `history.field.${field}` as MessageKey;
  const label = t(key);
  return label === key ? field : label;
}

function sectionSummary(k: SectionKey, raw: unknown): string {
  let v: Record<string, unknown>;
  try {
    v = typeof raw === 'string' ? JSON.parse(raw) : (raw as Record<string, unknown>);
  } catch {
    return String(raw);
  }
  if (!v) return t('history.empty.value');
  const parts: string[] = [];
  for (const s of SECTION_FIELDS[k]) {
    const x = v[s.key];
    if (x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0)) continue;
    let text: string;
    if (s.kind === 'select') text = optionLabel(s, String(x));
    else if (s.kind === 'bool') text = x ? t('common.yes') : t('common.no');
    else if (s.kind === 'skills')
      text = (x as Array<{ name: string; level?: string }>)
        .map((r) => (r.level ? `${r.name}（${r.level}）` : r.name))
        .join('、');
    else if (Array.isArray(x)) text = x.join('、');
    else if (s.kind === 'date') text = dateLong(String(x));
    else text = String(x);
    // labels carry typing hints such as （用逗号分隔）; history has no use for them
    parts.push(`${fieldLabel(k, s.key).replace(/（[^）]*分隔）|\s*\(comma separated\)/, '')}：${text}`);
  }
  parts.push(`${t('six.confirmedAt')}：${dateLong(String(v.confirmedAt ?? ''))}`);
  return parts.join('；');
}

function valueText(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t('history.empty.value');
  const section = SECTION_KEYS.find((k) => field === `clear_${k}`);
  if (section) return sectionSummary(section, v);
  if (field === 'sex') return v === 'M' ? t('sex.M') : v === 'F' ? t('sex.F') : String(v);
  if (['landless_farmer', 'veteran', 'single_parent', 'released_or_rehab'].includes(field))
    return v ? t('common.yes') : t('common.no');
  if (field === 'hukou_type') return t(`opt.hukou.${String(v)}` as MessageKey);
  if (field === 'subsistence') return t(`opt.subsistence.${String(v)}` as MessageKey);
  if (field === 'birth_date') return dateLong(String(v));
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function HistoryList({ residentId, version }: { residentId: string; version: string }) {
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState('');
  // income amounts come masked; 显示收入 asks for them, and the station logs that look
  const [reveal, setReveal] = useState(false);
  useEffect(() => {
    call('residents.history', { id: residentId, reveal }).then(
      (r) => setItems(r.items),
      (e) => setError(messageOf(e)),
    );
  }, [residentId, version, reveal]);
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!items) return <p className="muted">{t('common.loading')}</p>;
  if (!items.length) return <p className="muted">{t('history.empty')}</p>;
  const masked = !reveal && JSON.stringify(items).includes(JSON.stringify(MASKED_INCOME));
  return (
    <>
      {masked ? (
        <button type="button" className="small-btn" onClick={() => setReveal(true)}>
          {t('privacy.showIncome')}
        </button>
      ) : null}
      {reveal ? <p className="muted small">{t('privacy.incomeShown')}</p> : null}
      <HistoryItems items={items} />
    </>
  );
}

function HistoryItems({ items }: { items: HistoryEntry[] }) {
  return (
    <ol className="history" data-testid="history">
      {items.map((e) => (
        <li key={e.seq}>
          <div className="history-head">
            <strong>{t(`history.op.${e.op}`)}</strong>
            <span className="muted"> {t('history.by', { who: e.operator, when: dateTime(e.at) })}</span>
            {e.source ? (
              <span className="chip history-source"> {t('history.source', { source: e.source })}</span>
            ) : null}
          </div>
          <ul>
            {e.changes
              .filter((c) => !HIDDEN.has(c.field))
              .map((c) => (
                <li key={c.field}>
                  <span className="history-field">{fieldName(c.field)}</span>：
                  {e.op === 'create' ? (
                    valueText(c.field, c.new)
                  ) : (
                    <>
                      <del>{valueText(c.field, c.old)}</del> → <ins>{valueText(c.field, c.new)}</ins>
                    </>
                  )}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
