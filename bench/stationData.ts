// Generated residents for the station benchmark (bench/station.ts): valid ID numbers of Hangzhou and beyond, realistic names,
// and the six clears filled in the shares a district in mid-survey has (about half complete, a third
// partial, the rest not yet visited), confirmed over the last ten months so some are stale.
import { addDays } from '../shared/domain/dates';
import { SECTION_KEYS, type SectionKey } from '../shared/domain/sixClears';
import type { ResidentCreateInput } from '../shared/domain/resident';
import { makePerson, pick, pickWeighted, randomInt, type Rng } from '../tests/factories/people';

const SKILLS = [
  '电工',
  '焊工',
  '育婴员',
  '家政服务员',
  '中式烹调师',
  '保安员',
  '叉车司机',
  '美容师',
  '养老护理员',
  '汽车维修工',
];
const LEVELS = ['初级', '中级', '高级'];
const COURSES = ['电子商务', '养老护理', '育婴', '中式面点', '电工上岗', '计算机操作', '创业培训'];
const OCCUPATIONS = ['保安', '保洁', '收银员', '仓库管理员', '快递员', '厨师', '护理员', '营业员', '司机'];
const INDUSTRIES = ['批发和零售业', '住宿和餐饮业', '交通运输、仓储和邮政业', '居民服务业', '制造业'];
const EMPLOYERS = [
  '杭州某物业管理有限公司',
  '杭州某超市有限公司',
  '杭州某餐饮管理有限公司',
  '杭州某物流有限公司',
];
const STREETS = ['凯旋路', '景昙路', '采荷路', '秋涛路', '机场路', '笕桥路', '九堡路'];

export type SectionInput = NonNullable<ResidentCreateInput[SectionKey]>;

export function makeSection(rng: Rng, key: SectionKey, confirmedAt: string): SectionInput {
  switch (key) {
    case 'unemployment': {
      const status = pickWeighted(rng, [
        ['employed', 45],
        ['flexible', 20],
        ['unemployed', 35],
      ] as const);
      return status === 'unemployed'
        ? {
            status,
            since: addDays(confirmedAt, -randomInt(rng, 30, 900)),
            registered: rng() < 0.7,
            reason: pick(rng, ['企业裁员', '合同到期', '失地', '照顾家庭']),
            confirmedAt,
          }
        : { status, confirmedAt };
    }
    case 'skills':
      return {
        items: Array.from({ length: randomInt(rng, 0, 2) }, () => ({
          name: pick(rng, SKILLS),
          level: pick(rng, LEVELS),
          certificate: '职业技能等级证书',
        })),
        confirmedAt,
      };
    case 'training':
      return { wants: rng() < 0.4, courses: rng() < 0.4 ? [pick(rng, COURSES)] : [], confirmedAt };
    case 'preferences':
      return {
        occupations: [pick(rng, OCCUPATIONS), pick(rng, OCCUPATIONS)],
        industries: [pick(rng, INDUSTRIES)],
        area: '江干区',
        hours: pick(rng, ['full_time', 'part_time', 'flexible'] as const),
        expectedWage: randomInt(rng, 25, 90) * 100,
        confirmedAt,
      };
    case 'income':
      return {
        householdSize: randomInt(rng, 1, 6),
        monthlyIncome: randomInt(rng, 15, 250) * 100,
        subsistence: pickWeighted(rng, [
          ['none', 94],
          ['dibao', 3],
          ['dibian', 3],
        ] as const),
        confirmedAt,
      };
    case 'outcome': {
      const result = pickWeighted(rng, [
        ['placed', 40],
        ['self_employed', 10],
        ['flexible', 20],
        ['public_welfare', 5],
        ['not_yet', 25],
      ] as const);
      return result === 'not_yet'
        ? { result, reasonNotYet: pick(rng, ['正在培训', '照顾家庭', '暂无合适岗位']), confirmedAt }
        : {
            result,
            employer: pick(rng, EMPLOYERS),
            date: addDays(confirmedAt, -randomInt(rng, 0, 200)),
            channel: pick(rng, ['推荐', '招聘会', '自谋']),
            confirmedAt,
          };
    }
  }
}

/** How many of the six clears a resident has on record: 55 % all, 30 % some, 15 % none. */
function sectionCount(rng: Rng): number {
  const r = rng();
  if (r < 0.55) return 6;
  if (r < 0.85) return randomInt(rng, 1, 5);
  return 0;
}

/** A resident as `residents.create` takes it. `full` forces all six clears. */
export function makeResidentInput(
  rng: Rng,
  today: string,
  opts: { full?: boolean } = {},
): ResidentCreateInput {
  const p = makePerson(rng);
  const input: ResidentCreateInput = {
    name: p.name,
    idNumber: p.idNumber,
    phone: p.phone,
    hukouType:
      p.origin === 'hangzhou'
        ? pick(rng, ['local_urban', 'local_rural'] as const)
        : pick(rng, ['nonlocal_urban', 'nonlocal_rural'] as const),
    address: `${pick(rng, STREETS)}${randomInt(rng, 1, 400)}号${randomInt(rng, 1, 30)}幢${randomInt(rng, 101, 2602)}室`,
    landlessFarmer: rng() < 0.12,
  };
  const keys = [...SECTION_KEYS].sort(() => rng() - 0.5).slice(0, opts.full ? 6 : sectionCount(rng));
  // one survey visit in the last ~10 months confirms what it records (so with the default 180-day window
  // about 40 % are stale); a fifth of the sections were updated again since, on a later call
  const visit = randomInt(rng, 0, 300);
  for (const key of keys) {
    const daysAgo = rng() < 0.2 ? randomInt(rng, 0, visit) : visit;
    (input as Record<string, unknown>)[key] = makeSection(rng, key, addDays(today, -daysAgo));
  }
  return input;
}
