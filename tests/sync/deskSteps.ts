// The steps of a convergence run as plain data, so a failing seed can be written down, replayed and shrunk:
// ordinary desk work through the contract (rows named by labels such as R3 = the third resident the run
// made, written "@R3" inside an input), syncs, the line going down, wire faults, enrolment, and what happens
// to the machines (kill -9 of a station or the district mid-sync, an online backup, a restore from it).
// `nextSteps` draws the next piece of work for one desk from a seeded generator and what that desk holds.
import type { MethodName } from '../../shared/contract';
import { MEASURE_KINDS, SERVICE_KINDS } from '../../shared/domain/assistance/card';
import { creditCheckCharacter } from '../../shared/validators/creditCode';
import { makePerson, makePhone, pick, randomInt, type Rng } from '../factories/people';

export type Step =
  /** `makes`: the labels of the rows the call made, written when the step is drawn, so that a replay with
   *  steps taken out still names every row as the original run did. */
  | { kind: 'call'; desk: string; method: MethodName; input: Record<string, unknown>; makes?: string[] }
  | { kind: 'sync'; desk: string }
  /** The desk's line goes down (up: false) or comes back. */
  | { kind: 'line'; desk: string; up: boolean }
  | { kind: 'fault'; desk: string; fault: 'dropResponse' | 'refuse' | 'cutUpload'; bytes?: number }
  | { kind: 'enroll'; desk: string }
  | { kind: 'backup' }
  /** The desk syncs; when the district's `answer`-th answer (0-based) reaches the desk's proxy, kill -9 the district. */
  | { kind: 'killServer'; desk: string; answer: number }
  /** The desk syncs and is killed -9 at its `answer`-th answer, before or just after it starts reading it. */
  | { kind: 'killDesk'; desk: string; answer: number; deliverFirst: boolean }
  | { kind: 'restore' }
  /** The district moves a resident (by label) to the other community. */
  | { kind: 'transfer'; resident: string; to: string }
  /** The district decides the `nth` open merge task (in the order of its held registration's label),
   *  keeping the task's first or second community. */
  | { kind: 'resolveMerge'; nth: number; keep: 0 | 1 };

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'call':
      return `${s.desk} ${s.method} ${JSON.stringify(s.input)}`;
    case 'sync':
      return `${s.desk} sync`;
    case 'line':
      return `${s.desk} line ${s.up ? 'up' : 'down'}`;
    case 'fault':
      return `${s.desk} next request: ${s.fault}${s.bytes !== undefined ? ` after ${s.bytes} bytes` : ''}`;
    case 'enroll':
      return `${s.desk} enrols`;
    case 'backup':
      return 'district: online backup';
    case 'killServer':
      return `${s.desk} sync; district killed -9 at answer ${s.answer}`;
    case 'killDesk':
      return `${s.desk} sync; ${s.desk} killed -9 at answer ${s.answer}${s.deliverFirst ? ' (after reading it)' : ''}`;
    case 'restore':
      return 'district: killed -9, restored from the backup';
    case 'transfer':
      return `district: ${s.resident} moves to ${s.to}`;
    case 'resolveMerge':
      return `district: decides open merge task ${s.nth}, keeping its ${s.keep === 0 ? 'first' : 'second'} community`;
  }
}

/** What the generator may ask about a desk: rows it holds, as label tuples in label order. */
export type Holding =
  | 'residents' // [R]
  | 'members' // [R, H]: residents in a household
  | 'households' // [H]
  | 'cards' // [C]: valid cards
  | 'holderless' // [R]: residents without a valid card
  | 'measures' // [M, C]: open measures and their holder's valid card
  | 'employers' // [E]
  | 'vacancies'; // [V]

export interface World {
  desks: readonly string[];
  communityOf(desk: string): string;
  holds(desk: string, what: Holding): Promise<string[][]>;
  /** Everyone registered so far, and where. */
  people: ReadonlyArray<{ desk: string; name: string; idNumber: string }>;
  employers: ReadonlyArray<{ desk: string; creditCode: string; name: string }>;
  /** Codes of the assistance categories in force. */
  categories(): readonly string[];
}

const STREETS = ['景昙路', '秋涛北路', '凯旋路', '庆春东路', '采荷路', '景芳路'];
const NOTES = ['上门走访', '电话回访', '本人来站', '家属代述', '社区网格员反映'];
const OWNERS = ['王管理', '李协理', '陈援助员', '赵网格员'];
const COMPANIES = [
  '杭州景昙物业有限公司',
  '杭州凯旋餐饮有限公司',
  '浙江采荷家政服务有限公司',
  '杭州秋涛物流有限公司',
];
const TITLES = ['保洁员', '保安', '配送员', '收银员', '厨房帮工', '仓库管理员'];

const call = (desk: string, method: MethodName, input: Record<string, unknown>): Step => ({
  kind: 'call',
  desk,
  method,
  input,
});
const ref = (label: string | undefined) => `@${label}`;

function creditCode(rng: Rng): string {
  let body = '9133010';
  for (let i = 0; i < 10; i++) body += '0123456789ABCDEFGHJKLMNPQRTUWXY'[randomInt(rng, 0, 30)];
  return body + creditCheckCharacter(body);
}

function residentEdit(rng: Rng, today: string): Record<string, unknown> {
  switch (randomInt(rng, 0, 7)) {
    case 0:
      return { phone: makePhone(rng) };
    case 1:
      return { address: `${pick(rng, STREETS)} ${randomInt(rng, 1, 300)} 号` };
    case 2:
      return { note: pick(rng, NOTES) };
    case 3:
      return { hukouType: pick(rng, ['local_urban', 'local_rural', 'nonlocal_urban', 'nonlocal_rural']) };
    case 4:
      return {
        unemployment: {
          status: pick(rng, ['employed', 'flexible', 'unemployed']),
          registered: rng() < 0.5,
          confirmedAt: today,
        },
      };
    case 5:
      return {
        income: {
          householdSize: randomInt(rng, 1, 5),
          monthlyIncome: randomInt(rng, 0, 90) * 100,
          subsistence: pick(rng, ['none', 'dibao', 'dibian']),
          confirmedAt: today,
        },
      };
    case 6:
      return { veteran: rng() < 0.5, subsistence: pick(rng, ['none', 'dibao', 'dibian']) };
    default:
      return { phone: makePhone(rng), note: pick(rng, NOTES) };
  }
}

/**
 * The next piece of ordinary desk work at `desk`, as one or more steps (two PCs filling in the same contact
 * card are two steps). Falls back to registering someone when the desk holds nothing the draw needs.
 */
export async function nextWork(rng: Rng, w: World, desk: string, today: string): Promise<Step[]> {
  const community = w.communityOf(desk);
  const one = async (what: Holding) => {
    const rows = await w.holds(desk, what);
    return rows.length ? pick(rng, rows) : undefined;
  };
  const r = rng();
  if (r < 0.14) {
    const p = makePerson(rng);
    return [call(desk, 'residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone })];
  }
  if (r < 0.19) {
    // someone registered elsewhere, here or in the other community, registered again at this desk
    const others = w.people.filter((p) => p.desk !== desk);
    if (others.length) {
      const p = pick(rng, others);
      return [call(desk, 'residents.create', { name: p.name, idNumber: p.idNumber })];
    }
  }
  if (r < 0.33) {
    const [res] = (await one('residents')) ?? [];
    if (res) return [call(desk, 'residents.update', { id: ref(res), ...residentEdit(rng, today) })];
  }
  if (r < 0.35) {
    const [res] = (await one('residents')) ?? [];
    if (res) return [call(desk, 'residents.remove', { id: ref(res) })];
  }
  if (r < 0.39) {
    return [
      call(desk, 'households.create', {
        address: `${pick(rng, STREETS)} ${randomInt(rng, 1, 300)} 号`,
        monthlyIncome: randomInt(rng, 0, 120) * 100,
        subsistence: pick(rng, ['none', 'dibao', 'dibian']),
      }),
    ];
  }
  if (r < 0.41) {
    const [h] = (await one('households')) ?? [];
    if (h)
      return [call(desk, 'households.update', { id: ref(h), monthlyIncome: randomInt(rng, 0, 120) * 100 })];
  }
  if (r < 0.46) {
    const [h] = (await one('households')) ?? [];
    const [res] = (await one('residents')) ?? [];
    if (h && res)
      return [
        call(desk, 'households.setMember', {
          householdId: ref(h),
          residentId: ref(res),
          relation: pick(rng, ['户主', '配偶', '子女', '父母']),
        }),
      ];
  }
  if (r < 0.48) {
    const [res, h] = (await one('members')) ?? [];
    if (res && h)
      return [call(desk, 'households.removeMember', { householdId: ref(h), residentId: ref(res) })];
  }
  if (r < 0.55) {
    const [res] = (await one('holderless')) ?? [];
    if (res && w.categories().length)
      return [
        call(desk, 'cards.issue', {
          residentId: ref(res),
          categories: [pick(rng, w.categories())],
          reason: '入户走访认定',
        }),
      ];
  }
  if (r < 0.57) {
    const [c] = (await one('cards')) ?? [];
    if (c)
      return [
        call(desk, 'cards.replace', { id: ref(c), reason: pick(rng, ['卡片遗失补办', '信息变更换卡']) }),
      ];
  }
  if (r < 0.59) {
    const [c] = (await one('cards')) ?? [];
    if (c)
      return [
        call(desk, 'cards.cancel', { id: ref(c), reason: pick(rng, ['已就业，注销', '本人申请注销']) }),
      ];
  }
  if (r < 0.63) {
    const [c] = (await one('cards')) ?? [];
    if (c) return [call(desk, 'cards.setContact', contact(rng, c))];
  }
  if (r < 0.66) {
    // two PCs of the community fill in the same holder's contact card before either syncs
    const sibling = w.desks.find((d) => d !== desk && w.communityOf(d) === community);
    if (sibling) {
      const theirs = new Set((await w.holds(sibling, 'cards')).map(([c]) => c));
      const both = (await w.holds(desk, 'cards')).filter(([c]) => theirs.has(c));
      if (both.length) {
        const [c] = pick(rng, both);
        return [
          call(desk, 'cards.setContact', contact(rng, c!)),
          call(sibling, 'cards.setContact', contact(rng, c!)),
        ];
      }
    }
  }
  if (r < 0.7) {
    const [c] = (await one('cards')) ?? [];
    if (c)
      return [
        call(desk, 'plans.addMeasure', {
          cardId: ref(c),
          kind: pick(rng, MEASURE_KINDS),
          owner: pick(rng, OWNERS),
          dueDate: `2026-${String(randomInt(rng, 1, 12)).padStart(2, '0')}-${String(randomInt(rng, 1, 28)).padStart(2, '0')}`,
          note: pick(rng, NOTES),
        }),
      ];
  }
  if (r < 0.72) {
    const [m] = (await one('measures')) ?? [];
    if (m) return [call(desk, 'plans.completeMeasure', { measureId: ref(m), result: '已落实' })];
  }
  if (r < 0.75) {
    const row = await one('measures');
    const [c] = row ? [row[1]] : ((await one('cards')) ?? []);
    if (c)
      return [
        call(desk, 'plans.addService', {
          cardId: ref(c),
          kind: pick(rng, SERVICE_KINDS),
          note: pick(rng, NOTES),
          ...(row && rng() < 0.5 ? { measureId: ref(row[0]) } : {}),
        }),
      ];
  }
  if (r < 0.76) {
    const [c] = (await one('cards')) ?? [];
    if (c)
      return [
        call(desk, 'cards.logPrint', { ids: [ref(c)], layout: pick(rng, ['card', 'sheet', 'booklet']) }),
      ];
  }
  if (r < 0.8) {
    // a new employer, or one another PC of the community already registered
    const known = w.employers.filter((e) => e.desk !== desk && w.communityOf(e.desk) === community);
    const again = known.length > 0 && rng() < 0.3 ? pick(rng, known) : undefined;
    return [
      call(desk, 'employers.create', {
        creditCode: again?.creditCode ?? creditCode(rng),
        name: again?.name ?? pick(rng, COMPANIES),
        contacts: [{ name: pick(rng, OWNERS), phone: makePhone(rng) }],
      }),
    ];
  }
  if (r < 0.82) {
    const [e] = (await one('employers')) ?? [];
    if (e)
      return [
        call(desk, 'employers.update', {
          id: ref(e),
          address: `${pick(rng, STREETS)} ${randomInt(rng, 1, 300)} 号`,
        }),
      ];
  }
  if (r < 0.86) {
    const [e] = (await one('employers')) ?? [];
    if (e)
      return [
        call(desk, 'vacancies.create', {
          employerId: ref(e),
          title: pick(rng, TITLES),
          positions: randomInt(rng, 1, 5),
          wageMin: 3000,
          wageMax: 3000 + randomInt(rng, 0, 30) * 100,
          validFrom: '2026-01-01',
          validTo: '2099-12-31',
        }),
      ];
  }
  if (r < 0.88) {
    const [v] = (await one('vacancies')) ?? [];
    if (v)
      return [
        call(desk, 'vacancies.update', {
          id: ref(v),
          ...(rng() < 0.5
            ? { positions: randomInt(rng, 1, 9) }
            : { status: pick(rng, ['open', 'filled', 'closed']) }),
        }),
      ];
  }
  if (r < 0.9) {
    const [res] = (await one('residents')) ?? [];
    if (res) return [call(desk, 'residents.confirmClears', { id: ref(res), sections: ['unemployment'] })];
  }
  // nothing the draw needed is here yet: register someone
  const p = makePerson(rng);
  return [call(desk, 'residents.create', { name: p.name, idNumber: p.idNumber })];
}

function contact(rng: Rng, card: string): Record<string, unknown> {
  return {
    cardId: ref(card),
    officerName: pick(rng, OWNERS),
    officerPhone: makePhone(rng),
    hours: pick(rng, ['工作日 9:00-17:00', '周一至周五上午', '每周三下午']),
  };
}

/** The line and the wire: a sync, the line going down or up, a fault on the desk's next request. */
export function nextWire(rng: Rng, desk: string, lineUp: boolean): Step {
  const r = rng();
  if (r < 0.7) return { kind: 'sync', desk };
  if (r < 0.82) return { kind: 'line', desk, up: !lineUp };
  const fault = pick(rng, ['dropResponse', 'refuse', 'cutUpload'] as const);
  return fault === 'cutUpload'
    ? { kind: 'fault', desk, fault, bytes: randomInt(rng, 50, 4000) }
    : { kind: 'fault', desk, fault };
}
