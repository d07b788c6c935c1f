// Factories for the policy-support tests: residents whose eligibility for a policy is known.
import type { TestStation } from '../factories/station';
import { makeIdNumber, makeName, mulberry32 } from '../factories/people';

/** 2026-09-15 12:00 in China. */
export const NOON_2026_09_15 = new Date('2026-09-15T04:00:00Z');
export const TODAY = '2026-09-15';

/**
 * A woman born 1984-03-10 (42 on 2026-09-15) in flexible work since 2026-08-01, holding a valid assistance
 * card: eligible for 社会保险补贴 under the default "4050" thresholds.
 */
export async function flexibleCardHolder(s: TestStation, seed: number) {
  const rng = mulberry32(seed);
  const r = await s.call('residents.create', {
    name: makeName(rng, 'F'),
    idNumber: makeIdNumber(rng, { sex: 'F', birthDate: '1984-03-10', origin: 'hangzhou' }),
    unemployment: { status: 'flexible', since: '2026-08-01', confirmedAt: TODAY },
    outcome: { result: 'flexible', date: '2026-08-01', channel: '自谋', confirmedAt: TODAY },
  });
  const card = await s.call('cards.issue', {
    residentId: r.id,
    categories: ['older_unemployed'],
    reason: '协理员认定：大龄，灵活就业前长期失业',
  });
  return { resident: r, card };
}

export const SOCIAL_INSURANCE_DOCS = [
  '补贴申请表',
  '身份证复印件',
  '就业援助卡',
  '灵活就业或自主创业证明',
  '社会保险缴费凭证',
];
