// Possibly the same person under another spelling: same birth date (and sex) and a name that reads the
// same (同音: 王晓明 / 王小明; traditional and simplified fold together through their reading: 黄梅 / 黃梅)
// or differs in one character (张秀英 / 张秀瑛). Measured in bench/duplicates.ts (share of such pairs
// flagged, false alarms among 100,000 generated residents).
import { pinyin } from 'pinyin-pro';

const readings = new Map<string, string>();

/** The name's toneless reading, syllable by syllable ("wang xiao ming"); cached, names repeat a lot. */
export function nameReading(name: string): string {
  const clean = name.replace(/[\s·•.]/g, '');
  let r = readings.get(clean);
  if (r === undefined) {
    r = pinyin(clean, { toneType: 'none', type: 'array', surname: 'head', v: true }).join(' ').toLowerCase();
    if (readings.size > 50_000) readings.clear();
    readings.set(clean, r);
  }
  return r;
}

function oneCharOff(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length || x.length < 2) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && ++diff > 1) return false;
  // two-character names one character apart are a different given name far too often (王芳 / 王静)
  return diff === 1 && (x.length > 2 || x[0] !== y[0]);
}

export function namesSimilar(a: string, b: string): boolean {
  const x = a.replace(/[\s·•.]/g, '');
  const y = b.replace(/[\s·•.]/g, '');
  if (x === y) return true;
  return nameReading(x) === nameReading(y) || oneCharOff(x, y);
}
