// Pinyin keys for name search: full pinyin ("zhangsan") and initials ("zs"), surnames read as surnames
// (单 → shan, 曾 → zeng). One reading per character; polyphones beyond surnames take the common reading.
import { pinyin } from 'pinyin-pro';

export function pinyinKeys(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed', v: true });
  const full = syllables.join('').toLowerCase().replace(/[^a-z]/g, '');
  const initials = syllables
    .map((s) => s.charAt(0))
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return { full, initials };
}
