// Policy eligibility is a pure rule over the catalogue's params: thresholds are data, so a new version with a
// new effective date changes the answer on later dates and leaves earlier dates alone.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../shared/domain/policy/defaultPolicies';
import {
  periodMonths,
  periodsOverlap,
  policiesInForce,
  policySchema,
  standardAmount,
  type Policy,
} from '../../shared/domain/policy/policies';
import { policyEligibility, type PolicyResident } from '../../shared/domain/policy/eligibility';

const catalogue: Policy[] = DEFAULT_POLICIES.map((p) => policySchema.parse(p));
const byCode = (code: string, asOf: string, all = catalogue) =>
  policiesInForce(all, asOf).find((p) => p.code === code)!;

const woman42: PolicyResident = {
  birthDate: '1984-03-10',
  sex: 'F',
  landlessFarmer: false,
  unemployment: { status: 'flexible', since: '2026-08-01' },
  outcome: { result: 'flexible', date: '2026-08-01' },
  cardNumber: '330104005051-01-2026-00001',
  trainingsCompleted: [],
};

describe('policy eligibility', () => {
  it('gives the reasons a person qualifies, or what is missing', () => {
    const yes = policyEligibility(woman42, byCode('social_insurance', '2026-09-15'), '2026-09-15');
    expect(yes.eligible).toBe(true);
    expect(yes.reasons.join('；')).toContain('持有效就业援助卡 330104005051-01-2026-00001');
    expect(yes.reasons.join('；')).toContain('女，42 周岁（女性满 40 周岁、未满 55 周岁）');
    const noCard = policyEligibility(
      { ...woman42, cardNumber: null },
      byCode('social_insurance', '2026-09-15'),
      '2026-09-15',
    );
    expect(noCard).toMatchObject({ eligible: false, reasons: ['须持有效就业援助卡'] });
    const young = policyEligibility(
      { ...woman42, birthDate: '1990-01-01' },
      byCode('social_insurance', '2026-09-15'),
      '2026-09-15',
    );
    expect(young.eligible).toBe(false);
    expect(young.reasons[0]).toMatch(/36 周岁，不符合年龄条件/);
  });

  it('reads the outcome window and targets from params (employer hire, start-up, training)', () => {
    const hired: PolicyResident = {
      ...woman42,
      landlessFarmer: true,
      cardNumber: null,
      outcome: { result: 'placed', date: '2025-01-10', employer: '某物业公司' },
    };
    const hire = byCode('employer_hire', '2026-09-15');
    expect(policyEligibility(hired, hire, '2025-06-01').eligible).toBe(true);
    // twelve months after the hire the window has closed
    const late = policyEligibility(hired, hire, '2026-02-01');
    expect(late.eligible).toBe(false);
    expect(late.reasons[0]).toContain('已超过 12 个月');
    expect(policyEligibility({ ...hired, landlessFarmer: false }, hire, '2025-06-01').reasons).toContain(
      '须为被征地(失地)农民或登记失业人员',
    );
    const training = byCode('onjob_training', '2026-09-15');
    expect(policyEligibility(hired, training, '2025-06-01').eligible).toBe(false);
    expect(
      policyEligibility({ ...hired, trainingsCompleted: ['2025-03-01'] }, training, '2025-06-01').eligible,
    ).toBe(true);
  });

  it('changes on the date a new version takes effect, and only from that date', () => {
    const v2 = policySchema.parse({
      ...DEFAULT_POLICIES.find((p) => p.code === 'social_insurance'),
      version: 2,
      effectiveFrom: '2026-10-01',
      params: {
        requiresCard: true,
        outcomes: ['self_employed', 'flexible'],
        minAgeFemale: 45,
        minAgeMale: 50,
      },
    });
    const all = [...catalogue, v2];
    const before = byCode('social_insurance', '2026-09-30', all);
    const after = byCode('social_insurance', '2026-10-01', all);
    expect([before.version, after.version]).toEqual([1, 2]);
    expect(policyEligibility(woman42, before, '2026-09-30').eligible).toBe(true);
    const no = policyEligibility(woman42, after, '2026-10-01');
    expect(no.eligible).toBe(false);
    expect(no.reasons[0]).toContain('女性满 45 周岁');
  });

  it('counts months and standard amounts of a period, and overlaps of two periods', () => {
    expect(periodMonths('2026-01-01', '2026-06-30')).toBe(6);
    expect(periodMonths('2026-01-01', '2026-01-31')).toBe(1);
    expect(periodMonths('2026-02-01', '2026-02-01')).toBe(1);
    expect(periodMonths('2026-01-15', '2026-02-15')).toBe(2);
    expect(standardAmount(byCode('social_insurance', '2026-09-15'), '2026-01-01', '2026-06-30')).toBe(3600);
    expect(standardAmount(byCode('startup', '2026-09-15'), '2026-01-01', '2026-06-30')).toBe(5000);
    expect(
      periodsOverlap({ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-06-30', to: '2026-12-31' }),
    ).toBe(true);
    expect(
      periodsOverlap({ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-07-01', to: '2026-12-31' }),
    ).toBe(false);
  });
});
