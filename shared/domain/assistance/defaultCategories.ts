// The district's default ten categories (区就业援助卡: the city's five widened to ten), loaded into a new
// station database. Data, not logic: a city with "4555" ships its own list; a change of threshold is a new
// version with a new effective date, never an edit of this one.
import type { AssistanceCategoryInput } from './categories';

const FROM = '2020-01-01';

export const DEFAULT_CATEGORIES: readonly AssistanceCategoryInput[] = [
  {
    code: 'older_unemployed',
    name: '大龄失业人员',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 10,
    // "4050": women from 40, men from 50, until the statutory retirement age (55 / 60)
    params: { rule: 'age_unemployed', minAgeFemale: 40, minAgeMale: 50, maxAgeFemale: 55, maxAgeMale: 60 },
  },
  {
    code: 'zero_employment_family',
    name: '零就业家庭成员',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 20,
    params: { rule: 'zero_employment_household' },
  },
  {
    code: 'subsistence_family',
    name: '低保/低边家庭成员',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 30,
    params: { rule: 'subsistence', subsistenceStatuses: ['dibao', 'dibian'] },
  },
  {
    code: 'disabled',
    name: '残疾人',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 40,
    params: { rule: 'disability' },
  },
  {
    code: 'long_term_unemployed',
    name: '长期失业人员',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 50,
    params: { rule: 'long_term_unemployed', minMonths: 12 },
  },
  {
    code: 'landless_farmer',
    name: '被征地(失地)农民',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 60,
    // the district card reaches every landless farmer, employed or not
    params: { rule: 'landless_farmer', requiresUnemployed: false },
  },
  {
    code: 'unemployed_graduate',
    name: '离校未就业高校毕业生',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 70,
    params: { rule: 'unemployed_graduate', withinYears: 2 },
  },
  {
    code: 'single_parent',
    name: '单亲家庭抚养未成年子女者',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 80,
    params: { rule: 'single_parent' },
  },
  {
    code: 'veteran',
    name: '退役军人',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 90,
    params: { rule: 'veteran' },
  },
  {
    code: 'released_or_rehab',
    name: '刑满释放/戒毒康复人员',
    version: 1,
    effectiveFrom: FROM,
    effectiveTo: null,
    sortOrder: 100,
    params: { rule: 'released_or_rehab' },
  },
];
