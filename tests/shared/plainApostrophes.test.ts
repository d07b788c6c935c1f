// The English message files use the plain apostrophe and plain double quotes: curly ones (’ “ ”) are drawn
// full-width by the desk's Chinese-first font and read as a gap in the word ("community ’s", “ fair ”).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';

const DIR = join(__dirname, '../../renderer/src/i18n');

describe('English messages', () => {
  it('use a plain apostrophe and plain quotes, in every file and every message', () => {
    const files = readdirSync(DIR).filter((f) => /(^|\.)en\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    const curly = files.filter((f) => /[‘’“”]/.test(readFileSync(join(DIR, f), 'utf8')));
    expect(curly).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => /[‘’“”]/.test(v))).toEqual([]);
    // the plain one is still there where the words need it
    expect(en['ledgers.overwrite']).toBe("Take the file's");
  });
});
