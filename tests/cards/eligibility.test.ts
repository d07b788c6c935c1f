// Eligibility rules on their edges: ages reached on the birthday itself, a threshold that changes on an
// effective date, 12 months of unemployment to the day, a household that stops being zero-employment.
import { describe, expect, it } from 'vitest';
import {
  assistanceCategorySchema,
  categoriesInForce,
  type AssistanceCategory,
  type AssistanceCategoryInput,
} from '../../shared/domain/assistance/categories';
import { DEFAULT_CATEGORIES } from '../../shared/domain/assistance/defaultCategories';
import {
  addMonthsClamped,
  fullMonthsBetween,
  suggestCategories,
  type EligibilityHousehold,
  type EligibilityResident,
} from '../../shared/domain/assistance/eligibility';
import { isZeroEmploymentHousehold } from '../../shared/domain/household';

const DEFAULTS: AssistanceCategory[] = DEFAULT_CATEGORIES.map((c) => assistanceCategorySchema.parse(c));

function person(over: Partial<EligibilityResident> = {}): EligibilityResident {
  return {
    birthDate: '1990-06-01',
    sex: 'M',
    landlessFarmer: false,
    disability: null,
    subsistence: 'none',
    veteran: false,
    singleParent: false,
    releasedOrRehab: false,
    graduateYear: null,
    unemployment: { status: 'unemployed', since: '2026-01-01' },
    income: null,
    ...over,
  };
}
const codes = (
  r: EligibilityResident,
  asOf: string,
  h: EligibilityHousehold | null = null,
  cats = DEFAULTS,
) => suggestCategories(r, h, categoriesInForce(cats, asOf), asOf).map((s) => s.code);

describe('default categories (reference data)', () => {
  it('are the district ten, each valid, all in force', () => {
    expect(DEFAULTS.map((c) => c.name)).toEqual([
      '大龄失业人员',
      '零就业家庭成员',
      '低保/低边家庭成员',
      '残疾人',
      '长期失业人员',
      '被征地(失地)农民',
      '离校未就业高校毕业生',
      '单亲家庭抚养未成年子女者',
      '退役军人',
      '刑满释放/戒毒康复人员',
    ]);
    expect(categoriesInForce(DEFAULTS, '2026-03-15')).toHaveLength(10);
    expect(categoriesInForce(DEFAULTS, '2019-12-31')).toHaveLength(0);
  });
});

describe('大龄失业人员 ("4050")', () => {
  it('a woman qualifies on her 40th birthday, not the day before', () => {
    const r = person({ sex: 'F', birthDate: '1986-03-15' });
    expect(codes(r, '2026-03-14')).not.toContain('older_unemployed');
    expect(codes(r, '2026-03-15')).toContain('older_unemployed');
    const s = suggestCategories(r, null, DEFAULTS, '2026-03-15').find((x) => x.code === 'older_unemployed');
    expect(s?.reason).toContain('40 周岁');
  });

  it('a man qualifies at 50, not at 49 and 364 days; a 45-year-old man does not', () => {
    expect(codes(person({ birthDate: '1976-03-15' }), '2026-03-14')).not.toContain('older_unemployed');
    expect(codes(person({ birthDate: '1976-03-15' }), '2026-03-15')).toContain('older_unemployed');
    expect(codes(person({ birthDate: '1981-01-01' }), '2026-03-15')).not.toContain('older_unemployed');
  });

  it('ends on the retirement birthday (55 for women) and needs unemployment', () => {
    const r = person({ sex: 'F', birthDate: '1971-03-15' });
    expect(codes(r, '2026-03-14')).toContain('older_unemployed');
    expect(codes(r, '2026-03-15')).not.toContain('older_unemployed');
    expect(
      codes(
        person({ sex: 'F', birthDate: '1980-01-01', unemployment: { status: 'employed' } }),
        '2026-03-15',
      ),
    ).not.toContain('older_unemployed');
    expect(codes(person({ sex: 'F', birthDate: '1980-01-01', unemployment: null }), '2026-03-15')).toEqual(
      [],
    );
  });

  it('a 29 February birthday: on the day in a leap year, on 1 March in a common year', () => {
    const woman = person({ sex: 'F', birthDate: '1988-02-29' });
    expect(codes(woman, '2028-02-28')).not.toContain('older_unemployed');
    expect(codes(woman, '2028-02-29')).toContain('older_unemployed');
    const man = person({ birthDate: '1976-02-29' }); // turns 50 in 2026, a common year
    expect(codes(man, '2026-02-28')).not.toContain('older_unemployed');
    expect(codes(man, '2026-03-01')).toContain('older_unemployed');
  });
});

describe('a threshold that changes on an effective date (two versions)', () => {
  const base = DEFAULT_CATEGORIES.find((c) => c.code === 'older_unemployed')!;
  const v1: AssistanceCategoryInput = { ...base, version: 1, effectiveTo: '2025-12-31' };
  const v2: AssistanceCategoryInput = {
    ...base,
    version: 2,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    params: { ...base.params, minAgeFemale: 45, minAgeMale: 55 }, // "4555"
  };
  const cats = [v1, v2].map((c) => assistanceCategorySchema.parse(c));

  it('picks the version in force on each side of the date', () => {
    expect(categoriesInForce(cats, '2025-12-31').map((c) => c.version)).toEqual([1]);
    expect(categoriesInForce(cats, '2026-01-01').map((c) => c.version)).toEqual([2]);
  });

  it('a 42-year-old woman qualifies on the last day of "4050" and not on the first day of "4555"', () => {
    const r = person({ sex: 'F', birthDate: '1983-06-01' });
    expect(codes(r, '2025-12-31', null, cats)).toEqual(['older_unemployed']);
    expect(suggestCategories(r, null, categoriesInForce(cats, '2025-12-31'), '2025-12-31')[0]?.version).toBe(
      1,
    );
    expect(codes(r, '2026-01-01', null, cats)).toEqual([]);
  });

  it('a 52-year-old man qualifies under "4050" but not under "4555"', () => {
    const r = person({ birthDate: '1973-06-01' });
    expect(codes(r, '2025-12-31', null, cats)).toEqual(['older_unemployed']);
    expect(codes(r, '2026-01-01', null, cats)).toEqual([]);
  });
});

describe('长期失业人员', () => {
  it('qualifies at exactly 12 months, not a day earlier', () => {
    const r = person({ unemployment: { status: 'unemployed', since: '2025-03-10' } });
    expect(codes(r, '2026-03-09')).not.toContain('long_term_unemployed');
    expect(codes(r, '2026-03-10')).toContain('long_term_unemployed');
    const s = suggestCategories(r, null, DEFAULTS, '2026-03-10').find(
      (x) => x.code === 'long_term_unemployed',
    );
    expect(s?.reason).toBe('自 2025-03-10 起失业 12 个月（满 12 个月）');
  });

  it('counts a month ending on a short month by its last day', () => {
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(fullMonthsBetween('2025-01-31', '2025-02-27')).toBe(0);
    expect(fullMonthsBetween('2025-01-31', '2025-02-28')).toBe(1);
    const r = person({ unemployment: { status: 'unemployed', since: '2024-02-29' } });
    expect(codes(r, '2025-02-27')).not.toContain('long_term_unemployed');
    expect(codes(r, '2025-02-28')).toContain('long_term_unemployed');
  });

  it('needs a since date and an unemployed status', () => {
    expect(codes(person({ unemployment: { status: 'unemployed' } }), '2030-01-01')).not.toContain(
      'long_term_unemployed',
    );
    expect(
      codes(person({ unemployment: { status: 'flexible', since: '2020-01-01' } }), '2026-01-01'),
    ).toEqual([]);
  });

  it('reads the number of months from the category params', () => {
    const six = assistanceCategorySchema.parse({
      ...DEFAULT_CATEGORIES.find((c) => c.code === 'long_term_unemployed')!,
      params: { rule: 'long_term_unemployed', minMonths: 6 },
    });
    const r = person({ unemployment: { status: 'unemployed', since: '2025-09-10' } });
    expect(codes(r, '2026-03-10', null, [six])).toEqual(['long_term_unemployed']);
    expect(codes(r, '2026-03-10')).not.toContain('long_term_unemployed');
  });
});

describe('零就业家庭成员', () => {
  const members = (statusOfSecond: 'unemployed' | 'employed') => [
    {
      age: 45,
      sex: 'F' as const,
      clears: { unemployment: { status: 'unemployed' as const, confirmedAt: '2026-01-01' } },
    },
    {
      age: 48,
      sex: 'M' as const,
      clears: { unemployment: { status: statusOfSecond, confirmedAt: '2026-01-01' } },
    },
    {
      age: 70,
      sex: 'M' as const,
      clears: { unemployment: { status: 'unemployed' as const, confirmedAt: '2026-01-01' } },
    },
  ];

  it('stops when a working-age member gets a job', () => {
    const before = isZeroEmploymentHousehold(members('unemployed'));
    const after = isZeroEmploymentHousehold(members('employed'));
    expect([before, after]).toEqual([true, false]);
    const r = person();
    expect(codes(r, '2026-03-15', { zeroEmployment: before, subsistence: 'none' })).toContain(
      'zero_employment_family',
    );
    expect(codes(r, '2026-03-15', { zeroEmployment: after, subsistence: 'none' })).not.toContain(
      'zero_employment_family',
    );
  });
});

describe('other categories', () => {
  it('低保/低边 from the household, the person or the income clear', () => {
    expect(codes(person(), '2026-03-15', { zeroEmployment: false, subsistence: 'dibian' })).toContain(
      'subsistence_family',
    );
    expect(codes(person({ subsistence: 'dibao' }), '2026-03-15')).toContain('subsistence_family');
    expect(codes(person({ income: { subsistence: 'dibao' } }), '2026-03-15')).toContain('subsistence_family');
    expect(codes(person(), '2026-03-15', { zeroEmployment: false, subsistence: 'none' })).not.toContain(
      'subsistence_family',
    );
  });

  it('landless farmers qualify even when employed; veterans only when unemployed', () => {
    const employed = { status: 'employed' as const };
    expect(
      codes(person({ landlessFarmer: true, veteran: true, unemployment: employed }), '2026-03-15'),
    ).toEqual(['landless_farmer']);
    expect(codes(person({ landlessFarmer: true, veteran: true }), '2026-03-15')).toEqual([
      'landless_farmer',
      'veteran',
    ]);
  });

  it('graduates within two years of leaving school', () => {
    expect(codes(person({ graduateYear: 2024 }), '2026-03-15')).toContain('unemployed_graduate');
    expect(codes(person({ graduateYear: 2023 }), '2026-03-15')).not.toContain('unemployed_graduate');
    expect(codes(person({ graduateYear: 2027 }), '2026-03-15')).not.toContain('unemployed_graduate');
  });

  it('disability, single parent, released or rehab — each with its reason', () => {
    const s = suggestCategories(
      person({ disability: { level: 3, kind: '肢体' }, singleParent: true, releasedOrRehab: true }),
      null,
      DEFAULTS,
      '2026-03-15',
    );
    expect(s.map((x) => x.code)).toEqual(['disabled', 'single_parent', 'released_or_rehab']);
    expect(s[0]?.reason).toBe('持有残疾登记（肢体，三级），目前失业');
  });
});
