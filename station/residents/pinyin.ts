// Pinyin keys for name search: full pinyin ("zhangsan") and initials ("zs"), surnames read as surnames
// (单 → shan, 曾 → zeng). One reading per character; polyphones beyond surnames take the common reading.
// Latin-script names ("Li Lei", minority names written in letters) keep their words, so they are found too.
import { pinyin } from 'pinyin-pro';

/** Names seen lately and their keys: a community's names repeat (a snapshot reads thousands at once). */
const seen = new Map<string, { full: string; initials: string }>();
const SEEN_MAX = 50_000;

export function pinyinKeys(name: string): { full: string; initials: string } {
  const known = seen.get(name);
  if (known) return { ...known };
  const keys = pinyinKeysOf(name);
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.set(name, keys);
  return { ...keys };
}

function pinyinKeysOf(name: string): { full: string; initials: string } {
  const parts = pinyin(name, {
    toneType: 'none',
    type: 'array',
    surname: 'head',
    nonZh: 'consecutive',
    v: true,
  });
  // every Han character is one syllable; a run of other characters splits into its Latin words
  const words = parts.flatMap((p) => p.toLowerCase().split(/[^a-z]+/)).filter((w) => w !== '');
  return { full: words.join(''), initials: words.map((w) => w.charAt(0)).join('') };
}
