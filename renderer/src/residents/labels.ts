// Words for the six clears in lists: short names (失业/技能/…) and the state of a resident's clears.
import type { SectionKey, SixClearsState } from '../../../shared/domain/sixClears';
import { t } from '../i18n';

export function sectionShort(k: SectionKey): string {
  return t(`six.short.${k}`);
}

export function sectionTitle(k: SectionKey): string {
  return t(`six.title.${k}`);
}

export function shortList(keys: readonly SectionKey[]): string {
  return keys.map(sectionShort).join('、');
}

/** "✓ 六清", or what is missing and what is stale. */
export function sixClearsText(s: SixClearsState): string {
  if (s.complete) return t('six.complete');
  const parts: string[] = [];
  if (s.missing.length) parts.push(t('six.missing', { list: shortList(s.missing) }));
  if (s.stale.length) parts.push(t('six.stale', { list: shortList(s.stale) }));
  return parts.join('；');
}
