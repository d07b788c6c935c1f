// Every refusal of the issue-10 handlers (station/fairs, station/training, station/policy) is a ruleError: a
// Chinese sentence with details.rule naming it, and the rule said in English on an English desk. Read from
// the source: each thrown error names a rule; each rule named has an English sentence (no Chinese in the
// template) and a Chinese one in the desk's catalogues.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { Clock, stationAt } from '../cards/helpers';
import type { TestStation } from '../factories/station';
import { CARE } from '../training/helpers';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const ROOT = join(__dirname, '..', '..');
const DIRS = ['station/fairs', 'station/training', 'station/policy'];
/** The contracts' cross-field checks name their rule too (a custom issue's params.rule). */
const CONTRACTS = ['shared/contract/fairs.ts', 'shared/contract/training.ts', 'shared/contract/policy.ts'];
const HAN = /\p{Script=Han}/u;

const files = DIRS.flatMap((d) =>
  readdirSync(join(ROOT, d))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: `${d}/${f}`, text: readFileSync(join(ROOT, d, f), 'utf8') })),
);

/** The statement of each `throw`: from the keyword to the end of its expression (balanced brackets, then `;`). */
function throwsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bthrow\b/g)) {
    let depth = 0;
    let i = m.index;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
      else if (c === ';' && depth === 0) break;
    }
    out.push(text.slice(m.index, i));
  }
  return out;
}

describe('issue 10 refusals', () => {
  it('name their rule: every throw is a ruleError, a rule-bearing helper, or passes an error on', () => {
    const bare = files.flatMap((f) =>
      throwsOf(f.text)
        .filter(
          (t) =>
            !/^throw (ruleError\(|bad\(|e\b|err\b|error\b)/.test(t) &&
            // an ApiError carrying its rule in details
            !(/^throw new ApiError\(/.test(t) && /rule: \{ key: '/.test(t)),
        )
        .map((t) => `${f.path}: ${t.slice(0, 80)}`),
    );
    expect(bare).toEqual([]);
    // the local helpers take the rule as a required argument
    for (const f of files)
      for (const m of f.text.matchAll(/const bad = \(([^)]*)\)/g)) expect(m[1]).toContain('rule: RuleRef');
  });

  it('have an English sentence and a Chinese one for every rule named', () => {
    const keys = new Set<string>();
    for (const f of files) {
      for (const m of f.text.matchAll(/key: '([a-zA-Z]+\.[a-zA-Z.]+)'/g)) keys.add(m[1]!);
      // a rule chosen by kind: every kind
      for (const m of f.text.matchAll(/key: `([a-zA-Z.]+)\.\$\{(\w+)\(/g))
        for (const kind of ['closed', 'filled', 'expired', 'notYet']) keys.add(`${m[1]}.${kind}`);
    }
    for (const c of CONTRACTS)
      for (const m of readFileSync(join(ROOT, c), 'utf8').matchAll(/params: \{ rule: '([a-zA-Z.]+)' \}/g))
        keys.add(m[1]!);
    expect(keys.size).toBeGreaterThan(60);
    const enMessages = en as Record<string, string>;
    const zhMessages = zhCN as Record<string, string>;
    const missing = [...keys].filter((k) => !enMessages[`rule.${k}`] || !zhMessages[`rule.${k}`]);
    expect(missing).toEqual([]);
    const chineseInEnglish = [...keys].filter((k) => HAN.test(enMessages[`rule.${k}`]!));
    expect(chineseInEnglish).toEqual([]);
    const englishInChinese = [...keys].filter((k) => !HAN.test(zhMessages[`rule.${k}`]!));
    expect(englishInChinese).toEqual([]);
  });
});

describe('a cross-field check refused by the station', () => {
  let s: TestStation;
  beforeEach(async () => {
    s = await stationAt(new Clock());
  });
  afterEach(() => s.close());

  const issue = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof ApiError) return e.issues?.[0];
      throw e;
    }
    throw new Error('expected a refusal');
  };

  it('carries the rule it names in its issue, beside the Chinese sentence', async () => {
    expect(await issue(s.call('training.courses.create', { ...CARE, end: '2026-03-01' }))).toMatchObject({
      path: 'end',
      message: '结业日期不能早于开班日期',
      rule: { key: 'training.endBeforeStart' },
    });
    expect(await issue(s.call('training.rate', { from: '2026-03-01', to: '2026-02-01' }))).toMatchObject({
      path: 'to',
      rule: { key: 'periods.toBeforeFrom' },
    });
    expect(
      await issue(
        s.call('subsidies.apply', {
          policyCode: 'social_insurance',
          period: { from: '2026-03-01', to: '2026-05-31' },
          amount: 100,
        }),
      ),
    ).toMatchObject({ path: 'residentId', rule: { key: 'subsidies.needApplicant' } });
  });

  it('says what a limit is of, so an English desk says an empty text is required, not "at least 1"', async () => {
    expect(
      await issue(
        s.call('fairs.create', { name: '', date: '2026-03-20', place: '景昙社区', organiser: '景昙社区' }),
      ),
    ).toMatchObject({ path: 'name', kind: 'too_small', limit: 1, origin: 'string' });
  });
});
